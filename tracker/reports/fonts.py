"""The fonts every document uses: Noto, vendored from npm (@fontsource) into static/fonts.

PDFs load them with @font-face from static/fonts/fonts.css (no system font needed, nothing
fetched from elsewhere); DOCX files name them. `python -m tracker.reports.fonts node_modules`
(`npm run vendor-fonts` after `npm install`) copies the files, licences and versions again.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONTS_CSS = FONTS_DIR / "fonts.css"

SANS = "Noto Sans"
SERIF = "Noto Serif"
KHMER = "Noto Sans Khmer"
ARABIC = "Noto Naskh Arabic"
SYMBOLS = "Noto Sans Symbols 2"  # arrows and mathematical signs
# Text is set in Noto Sans; characters it lacks fall through to the script's own face.
SANS_STACK = (SANS, KHMER, ARABIC, SYMBOLS)
SERIF_STACK = (SERIF, KHMER, ARABIC, SYMBOLS)


@dataclass(frozen=True)
class Family:
    package: str  # the npm package, under @fontsource/
    name: str
    subsets: tuple[str, ...]
    weights: tuple[int, ...] = (400, 700)
    styles: tuple[str, ...] = ("normal", "italic")


FAMILIES = (
    Family("noto-sans", SANS, ("latin", "latin-ext", "vietnamese", "cyrillic", "greek")),
    Family("noto-serif", SERIF, ("latin", "latin-ext", "vietnamese", "cyrillic", "greek")),
    Family("noto-sans-khmer", KHMER, ("khmer",), styles=("normal",)),
    Family("noto-naskh-arabic", ARABIC, ("arabic",), styles=("normal",)),
    Family("noto-sans-symbols-2", SYMBOLS, ("math",), weights=(400,), styles=("normal",)),
)


def _merged(parts: list[Path], out: Path) -> None:
    """One face from @fontsource's subsets of it (latin, latin-ext, vietnamese...), as WOFF.

    One file per face, not one per subset: WeasyPrint embeds the faces of one family, weight
    and style as one font, so glyphs from two subset files would be mixed up in the PDF. WOFF
    rather than WOFF2: WeasyPrint unpacks WOFF2 glyph by glyph in Python (0.4 s a face).
    """
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    with tempfile.TemporaryDirectory() as tmp:
        plain = []
        for n, part in enumerate(parts):
            face = TTFont(part)
            face.flavor = None
            face.save(Path(tmp) / f"{n}.ttf")
            plain.append(str(Path(tmp) / f"{n}.ttf"))
        merged = Merger().merge(plain) if len(plain) > 1 else TTFont(plain[0])
    merged.flavor = "woff"
    merged.save(out)


def vendor(node_modules: Path, target: Path = FONTS_DIR) -> list[str]:
    """Build the faces from node_modules/@fontsource into `target`, with the licences, the
    versions (VERSIONS) and fonts.css; returns the lines of VERSIONS."""
    rules = ["/* Noto fonts vendored from npm (@fontsource); see VERSIONS. Written by\n"
             "   tracker/reports/fonts.py: do not edit by hand. */\n"]  # fmt: skip
    versions = []
    for family in FAMILIES:
        package = node_modules / "@fontsource" / family.package
        meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
        folder = target / family.package
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        shutil.copyfile(package / "LICENSE", folder / "LICENSE")
        for weight in family.weights:
            for style in family.styles:
                name = f"{family.package}-{weight}-{style}.woff"
                parts = [
                    package / "files" / f"{family.package}-{subset}-{weight}-{style}.woff"
                    for subset in family.subsets
                ]
                _merged(parts, folder / name)
                rules.append(
                    "@font-face {\n"
                    f"  font-family: '{family.name}';\n"
                    f"  font-style: {style};\n"
                    f"  font-weight: {weight};\n"
                    f"  src: url({family.package}/{name}) format('woff');\n"
                    "}\n"
                )
        versions.append(
            f"@fontsource/{family.package} {meta['version']} ({meta['license']}): "
            f"{', '.join(family.subsets)}"
        )
    (target / "fonts.css").write_text("\n".join(rules), encoding="utf-8")
    (target / "VERSIONS").write_text(
        "\n".join(versions) + "\n"
        "(npm: the subsets above of files/*.woff, merged into one file a face; LICENSE)\n",
        encoding="utf-8",
    )
    return versions


if __name__ == "__main__":  # pragma: no cover - run by hand when the fonts are updated
    for line in vendor(Path(sys.argv[1] if len(sys.argv) > 1 else "node_modules")):
        print(line)
