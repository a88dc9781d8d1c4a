"""An analyst's Markdown note as data for every document format: paragraphs of runs (text,
bold, italic, code, a link), written back as safe Markdown or as Word runs.

Only http, https and mailto links survive; an image becomes a link to it (never embedded: a
remote image is a beacon that tells its owner who reads the document); raw HTML stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None  # an http, https or mailto address, nothing else


Paragraph = tuple[Run, ...]


def safe_href(url: str | None) -> str | None:
    """The address if a reader may follow it (http, https, mailto, absolute), else None."""
    if not url:
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 or ch in "<>" for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return url


@cache
def _parser() -> MarkdownIt:
    # Every link is parsed as one, whatever its scheme, so that the unsafe ones are seen and
    # turned into text here rather than left as Markdown for another reader to follow.
    parser = MarkdownIt("commonmark", {"html": False})
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def paragraphs(markdown: str) -> tuple[Paragraph, ...]:
    """The note's blocks as paragraphs of runs: a heading or a quote becomes a paragraph, a
    list item a paragraph starting "• " (or its number), a code block one code run."""
    if not markdown.strip():
        return ()
    out: list[Paragraph] = []
    numbers: list[int | None] = []  # the open lists: their next number, None if bulleted
    prefix = ""
    for token in _parser().parse(markdown):
        if token.type == "bullet_list_open":
            numbers.append(None)
        elif token.type == "ordered_list_open":
            numbers.append(int(token.attrs.get("start", 1) or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif token.type == "list_item_open":
            indent = "  " * (len(numbers) - 1)
            if numbers and numbers[-1] is not None:
                prefix = f"{indent}{numbers[-1]}. "
                numbers[-1] += 1
            else:
                prefix = f"{indent}• "
        elif token.type == "inline":
            runs = _inline(token.children or [])
            if prefix:
                runs = [Run(prefix), *runs]
                prefix = ""
            if runs:
                out.append(tuple(runs))
        elif token.type in ("code_block", "fence"):
            out.append((Run(token.content.rstrip("\n"), code=True),))
    return tuple(out)


def _inline(tokens: list[Token]) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    hrefs: list[str | None] = []
    for token in tokens:
        style = Run("", bold=bold > 0, italic=italic > 0, href=hrefs[-1] if hrefs else None)
        if token.type == "text":
            runs.append(replace(style, text=token.content))
        elif token.type == "code_inline":
            runs.append(replace(style, text=token.content, code=True))
        elif token.type == "softbreak":
            runs.append(replace(style, text=" "))
        elif token.type == "hardbreak":
            runs.append(replace(style, text="\n"))
        elif token.type == "strong_open":
            bold += 1
        elif token.type == "strong_close":
            bold -= 1
        elif token.type == "em_open":
            italic += 1
        elif token.type == "em_close":
            italic -= 1
        elif token.type == "link_open":
            hrefs.append(safe_href(str(token.attrs.get("href", ""))))
        elif token.type == "link_close":
            hrefs.pop()
        elif token.type == "image":
            src = safe_href(str(token.attrs.get("src", "")))
            alt = "".join(c.content for c in token.children or []) or "image"
            runs.append(replace(style, text=alt, href=src))
    return _merged(runs)


def _merged(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of one style as one run."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and replace(out[-1], text="") == replace(run, text=""):
            out[-1] = replace(run, text=out[-1].text + run.text)
        else:
            out.append(run)
    return out


def plain(paragraph: Paragraph) -> str:
    return "".join(run.text for run in paragraph)


# --- back to Markdown -----------------------------------------------------------------

_ESCAPED = re.compile(r"([\\`*_\[\]<>!#|~&])")
_LIST_MARKER = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))(?=\s|$)")


def _unlisted(match: re.Match[str]) -> str:
    space, sign, number, dot = match.groups()
    return f"{space}\\{sign}" if sign else f"{space}{number}\\{dot}"


def escape(text: str, *, line_start: bool = True) -> str:
    """Text that CommonMark shows as written: no emphasis, link, HTML, entity, heading or
    (at the start of a line) list."""
    text = _ESCAPED.sub(r"\\\1", text)
    return _LIST_MARKER.sub(_unlisted, text) if line_start else text


def _code(text: str) -> str:
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _wrapped(text: str, marker: str) -> str:
    """`text` inside emphasis markers, with its spaces outside them (CommonMark ignores
    "** x**")."""
    core = text.strip()
    if not core:
        return text
    start = text[: len(text) - len(text.lstrip())]
    end = text[len(text.rstrip()) :]
    return f"{start}{marker}{core}{marker}{end}"


def link(text: str, href: str | None) -> str:
    """A Markdown link to an address a reader may follow; the text alone otherwise."""
    target = safe_href(href)
    if target is None:
        return text
    target = target.replace("(", "%28").replace(")", "%29")
    return f"[{text}]({target})"


def run_markdown(run: Run, *, line_start: bool = False) -> str:
    text = run.text.replace("\n", " ")
    body = _code(text) if run.code else escape(text, line_start=line_start)
    if run.italic:
        body = _wrapped(body, "*")
    if run.bold:
        body = _wrapped(body, "**")
    return link(body, run.href) if run.href else body


def paragraph_markdown(paragraph: Paragraph) -> str:
    """One paragraph of a note as one line of safe Markdown."""
    return "".join(run_markdown(run, line_start=n == 0) for n, run in enumerate(paragraph)).strip()


def note_markdown(markdown: str) -> list[str]:
    """A note as lines of safe Markdown, one a paragraph."""
    return [line for p in paragraphs(markdown) if (line := paragraph_markdown(p))]
