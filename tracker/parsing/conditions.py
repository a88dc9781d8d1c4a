"""The condition a clause sets: "should observers find ...", "if there is no improvement"."""

from __future__ import annotations

import re

_COND_RE = re.compile(
    r"\bshould\s+(?=(?:the|a|an|any|this|these|those|it|they|he|she|there|such|no|[A-Z])\b)"
    r"|\b(?:if|unless|provided\s+that|providing\s+that|in\s+the\s+event\s+(?:that|of)|"
    r"on\s+(?:the\s+)?condition\s+that|as\s+long\s+as)\b"
    r"(?!\s+(?:necessary|appropriate|needed|applicable|any|possible|so|required|relevant)\b)",
)


# After an inserted condition, the sentence goes on: ", if X, the full suspension of ...".
_RESUMES_RE = re.compile(r",\s+(?=(?:the|a|an|all|any|its|their|to)\s)")


def find_condition(clause: str) -> str | None:
    for m in _COND_RE.finditer(clause):
        if m.group(0) == "if" and re.search(r"\b(?:as|even|only|and)\s+$", clause[: m.start()]):
            continue
        cond = clause[m.start() :]
        cond = re.split(r";", cond)[0].strip(" ,.;")
        if clause[: m.start()].rstrip().endswith(","):
            # Set off by commas, the condition ends where the sentence resumes.
            resumes = _RESUMES_RE.search(cond)
            if resumes:
                cond = cond[: resumes.start()]
        return cond[:400] if cond else None
    return None
