"""Per-field accuracy of the parser over texts with golden files (`tracker parse --evaluate`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GOLDEN_SUFFIX = ".expected.json"
SOURCE_SUFFIX = ".source"

Reader = Callable[[dict[str, Any]], Any]


def _paragraphs(d: dict[str, Any]) -> list[dict[str, Any]]:
    return list(d.get("paragraphs", []))


def _demands(d: dict[str, Any]) -> list[dict[str, Any]]:
    return [x for p in _paragraphs(d) for x in p.get("demands", [])]


# What is scored, and how each field is read from a `to_dict()` output.
FIELDS: dict[str, Reader] = {
    "title": lambda d: d.get("title"),
    "body": lambda d: d.get("body"),
    "kind": lambda d: d.get("kind"),
    "procedure": lambda d: d.get("procedure"),
    "reference": lambda d: d.get("document_reference"),
    "date": lambda d: d.get("date"),
    "complete": lambda d: d.get("complete"),
    "citation count": lambda d: len(d.get("citations", [])),
    "recital labels": lambda d: [r["label"] for r in d.get("recitals", [])],
    "paragraph labels": lambda d: [p["label"] for p in _paragraphs(d)],
    "verbs": lambda d: [p["verb"] for p in _paragraphs(d)],
    "kinds": lambda d: [p["kind"] for p in _paragraphs(d)],
    "addressees": lambda d: [p["addressees"] for p in _paragraphs(d)],
    "subjects": lambda d: [p["subjects"] for p in _paragraphs(d)],
    "deadlines": lambda d: [p["deadline"] for p in _paragraphs(d)],
    "demand titles": lambda d: [x["title"] for x in _demands(d)],
    "demand addressees": lambda d: [x["addressees"] for x in _demands(d)],
    "recommending States": lambda d: [x.get("recommended_by", []) for x in _demands(d)],
    "responses": lambda d: [x.get("response") for x in _demands(d)],
    "themes": lambda d: [x.get("themes", []) for x in _demands(d)],
}


@dataclass(frozen=True)
class FieldScore:
    name: str
    right: int
    total: int
    misses: tuple[str, ...]  # the texts it got wrong

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 100.0


@dataclass(frozen=True)
class Evaluation:
    texts: int
    refusals_right: int
    refusals: int
    fields: tuple[FieldScore, ...]

    @property
    def lowest(self) -> float:
        return min((f.percent for f in self.fields), default=100.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "texts": self.texts,
            "refusals": {"right": self.refusals_right, "total": self.refusals},
            "fields": [
                {
                    "name": f.name,
                    "right": f.right,
                    "total": f.total,
                    "percent": round(f.percent, 1),
                    "misses": list(f.misses),
                }
                for f in self.fields
            ],
        }


def score(results: Sequence[tuple[str, dict[str, Any], dict[str, Any]]]) -> Evaluation:
    """Score (name, parsed, golden) triples; an input the golden file refuses ({"error": ...})
    counts apart, right when the parser refused it with the same message."""
    texts = [(n, got, want) for n, got, want in results if "error" not in want]
    refusals = [(n, got, want) for n, got, want in results if "error" in want]
    fields = []
    for name, read in FIELDS.items():
        misses = tuple(n for n, got, want in texts if "error" in got or read(got) != read(want))
        fields.append(FieldScore(name, len(texts) - len(misses), len(texts), misses))
    return Evaluation(
        texts=len(texts),
        refusals_right=sum(1 for _, got, want in refusals if got == want),
        refusals=len(refusals),
        fields=tuple(fields),
    )


def format_report(evaluation: Evaluation) -> str:
    lines = [
        f"field accuracy over {evaluation.texts} texts "
        f"({evaluation.refusals_right}/{evaluation.refusals} refusals as expected):"
    ]
    for f in evaluation.fields:
        lines.append(f"  {f.name:<21} {f.right:>4}/{f.total:<4} {f.percent:5.1f}%")
        lines.extend(f"      missed: {miss}" for miss in f.misses[:5])
    return "\n".join(lines)


def corpus_files(directory: Path) -> list[Path]:
    """The texts of a directory that have a golden file beside them."""
    return sorted(
        p
        for p in directory.iterdir()
        if p.is_file()
        and not p.name.endswith((GOLDEN_SUFFIX, SOURCE_SUFFIX))
        and (directory / f"{p.name}{GOLDEN_SUFFIX}").is_file()
    )
