"""The annual report's glossary: the abbreviations its text uses, each with what it stands for.

Built from what the report says, not from a fixed page: the short names of the groups the report
lists (QEG for the board's Quality and Effectiveness Group) and the field's common ones (LSCB, SAR, LADO...), each only if
the report's text uses it. The page and the PDF take the text from the report's rendered HTML
({% glossary %} in yearend/templatetags/glossary.py), the Word document from its own paragraphs.

The glossary says nothing the rest of the report does not: it is left out of the digests that tell
whether a signed-off report would now read differently (yearend.render.section_digests), so a
report signed before there was a glossary is not shown as changed."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from governance.models import Group

if TYPE_CHECKING:
    from .report import Report

# The field's abbreviations a board's papers use, in words a reader outside the field follows.
COMMON = {
    "CDOP": "Child Death Overview Panel",
    "CSPR": "Child Safeguarding Practice Review",
    "LADO": "Local Authority Designated Officer (for allegations against people who work with children)",
    "LSCB": "Local Safeguarding Children Board",
    "MASH": "Multi-Agency Safeguarding Hub",
    "QEG": "Quality and Effectiveness Group",
    "RAG": "Red, amber, green: the ratings of progress on the business plan",
    "SAB": "Safeguarding Adults Board",
    "SAR": "Safeguarding Adults Review",
    "SCP": "Safeguarding Children Partnership",
    "SCR": "Serious Case Review",
    "T&F": "Task and finish: a group set up for one piece of work, for a limited time",
}

_TAG = re.compile(r"<[^>]+>")
# Markup that is not the report's text: styles and the charts' drawings.
_NOT_TEXT = re.compile(r"<(style|script|svg)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """One abbreviation of the glossary and what it stands for."""

    abbreviation: str
    meaning: str


def text_of_html(markup: str) -> str:
    """The words of an HTML document or fragment, as a reader sees them (entities decoded)."""
    return html.unescape(_TAG.sub(" ", _NOT_TEXT.sub(" ", markup)))


def _used(abbreviation: str, text: str) -> bool:
    """Whether the text uses the abbreviation as a word of its own ("SAR", "SARs", "(SAR)", not "SARAH")."""
    pattern = rf"(?<![\w&]){re.escape(abbreviation)}(?:s|'s|\u2019s)?(?![\w&])"
    return re.search(pattern, text) is not None


def _looks_abbreviated(short: str) -> bool:
    """QEG, T&F, CSPR 2: capitals, no small letters (a short name such as "Board" or "Exec" is a
    word, and would be found all over the report)."""
    return sum(c.isupper() for c in short) >= 2 and not any(c.islower() for c in short)


def group_abbreviations(groups: Iterable[Group]) -> dict[str, str]:
    """The groups' short names with their full names."""
    found: dict[str, str] = {}
    for group in sorted(groups, key=lambda group: group.name):
        short, name = group.short_name.strip(), " ".join(group.name.split())
        if _looks_abbreviated(short) and short != name:
            found[short] = f"{found[short]}; {name}" if short in found and name not in found[short] else name
    return found


def glossary(text: str, report: Report) -> list[Entry]:
    """The abbreviations the report's text uses, alphabetically, each with its meaning. The groups
    are those the report lists (already read: no query); a board's own QEG is its own group,
    whatever the common name."""
    groups = [row.group for row in report.structure]
    meanings = {**COMMON, **group_abbreviations(groups)}
    used = [Entry(short, meaning) for short, meaning in meanings.items() if _used(short, text)]
    return sorted(used, key=lambda entry: entry.abbreviation.casefold())
