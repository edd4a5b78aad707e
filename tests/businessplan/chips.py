"""Reading a page's rating chips as people see them: the word, and the colour of the swatch."""

from __future__ import annotations

import re

CHIP = re.compile(r'<span class="(rag[^"]*)"(?: title="[^"]*")?>(.*?)</span>', re.S)
FILL = re.compile(r'fill="(#[0-9a-f]{6})"')
TAG = re.compile(r"<[^>]+>")


def chips(page: str) -> list[tuple[str, str | None]]:
    """Each chip's text and its swatch's colour (None: no swatch, e.g. not rated or a zero)."""
    found = []
    for _css, inner in CHIP.findall(page):
        fill = FILL.search(inner)
        found.append((" ".join(TAG.sub(" ", inner).split()), fill.group(1) if fill else None))
    return found
