"""Hostile input: random and crafted text, dates, numbers and references, as a browser would post them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hypothesis import strategies as st

# Text that has broken web apps before: markup, formulas, injections, odd unicode, controls.
CRAFTED_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07bell",
    "tab\there",
    "line\r\nbreak",
    "\u202eright-to-left override",
    "\ufeffbyte order mark",
    "\ufffe",
    "\x7fdelete",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} {% debug %}",
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    '=HYPERLINK("http://evil.example","Click")',
    "'; DROP TABLE governance_agency; --",
    "Robert'); --",
    "%s %n %x",
    "../../etc/passwd",
    "Zoë Ångström-Ørsted",
    "名前と所属",
    "עברית ועוד",
    "👩‍⚕️🧒🏽",
    "null",
    "None",
    "a/b",
    "?#&=",
]


def long_text() -> st.SearchStrategy[str]:
    """Text around and far beyond the limits of the fields (10,000 characters at most)."""
    return st.builds(
        lambda char, size: char * size,
        st.sampled_from(["x", "é", "名", "👩", " "]),
        st.sampled_from([61, 101, 199, 200, 201, 301, 501, 10_000]),
    )


def text(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(CRAFTED_TEXT),
        st.text(max_size=max_size),  # any unicode, controls included (surrogates cannot be posted)
        st.text(st.characters(max_codepoint=0x7F), max_size=max_size),
        long_text(),
    )


def plain_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text a person might well type: mostly valid, to reach the saving path."""
    return st.text(st.characters(categories=("L", "N", "Zs", "P")), min_size=1, max_size=max_size)


# Every character that starts a new line somewhere (lscb.text.LINE_BREAKS).
LINE_BREAKS = ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]


def broken_line(max_size: int = 30) -> st.SearchStrategy[str]:
    """A name or title with a line break inside, perhaps before a forged line or link."""
    return st.builds(
        lambda before, line_break, after: f"{before}{line_break}{after}",
        plain_text(max_size),
        st.sampled_from(LINE_BREAKS),
        st.one_of(plain_text(max_size), st.sampled_from(["https://evil.example/sign-in", "- CH-2026-99 Forged"])),
    )


def one_line_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Hostile text for a one-line field (a name, a title, a subject): anything, and line breaks."""
    return st.one_of(text(max_size), broken_line())


def some_text(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.one_of(plain_text(max_size), text(max_size))


CRAFTED_DATES = [
    "",
    "0001-01-01",
    "9999-12-31",
    "1900-01-01",
    "2200-12-31",
    "2026-02-29",
    "2025-02-29",
    "2025-13-01",
    "2025-00-10",
    "31/12/2025",
    "12/31/2025",
    "2025-6-1",
    "20250601",
    "10000-01-01",
    "-2025-01-01",
    "2025-06-01T00:00",
    "today",
]


def dates(low: date = date(2014, 1, 1), high: date = date(2026, 11, 27)) -> st.SearchStrategy[str]:
    return st.one_of(
        st.dates(min_value=low, max_value=high).map(date.isoformat),
        st.dates().map(date.isoformat),
        st.sampled_from(CRAFTED_DATES),
        text(20),
    )


CRAFTED_NUMBERS = ["0", "-1", "1", "6", "32767", "32768", "2147483648", "9223372036854775808", "9" * 60]
CRAFTED_NUMBERS += ["1e3", "1.0", "1.5", "NaN", "inf", "-0", " 7 ", "٣", "0x10", ""]


def integers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(-10, 400).map(str),
        st.integers(-(10**30), 10**30).map(str),
        st.sampled_from(CRAFTED_NUMBERS),
        text(10),
    )


def choice(values) -> st.SearchStrategy[str]:
    values = [str(v) for v in values]
    return st.one_of(st.sampled_from(values), st.sampled_from([v.upper() for v in values if v] + [""]), text(20))


def checkbox() -> st.SearchStrategy:
    """A checkbox is absent (None: not posted) or posted with any value."""
    return st.one_of(st.none(), st.just("on"), text(10))


@dataclass(frozen=True)
class Pick:
    """A record of the test board, resolved to its id when posted (`index` wraps around)."""

    kind: str
    index: int = 0


def reference(kind: str, blank: bool = True) -> st.SearchStrategy:
    """An id of an existing record, blank, or something that is none."""
    options = [st.builds(Pick, st.just(kind), st.integers(0, 5)), st.integers(-5, 10**20).map(str), text(15)]
    if blank:
        options.append(st.just(""))
    return st.one_of(*options)


def version() -> st.SearchStrategy:
    """The hidden version of an edit form: the current one (Pick), or tampered with."""
    return st.one_of(st.just(Pick("version")), st.just(Pick("version")), integers())


def stale_version() -> st.SearchStrategy:
    """A version no save may go through with: missing (None leaves it out), blank, not a number,
    an older or a later one than the record's (Pick's index is then added to the current one)."""
    return st.one_of(
        st.sampled_from([None, "", " ", "0", "-1", "1.0", "1e3", "\uff10", "NaN", "99999999999999999999999"]),
        st.builds(Pick, st.just("version"), st.integers(-3, -1)),
        st.builds(Pick, st.just("version"), st.integers(1, 10**6)),
        text(10).filter(lambda value: not value.strip().isdigit()),
    )


def plausible_date(low: date = date(2015, 4, 1), high: date = date(2026, 11, 27)) -> st.SearchStrategy[str]:
    return st.dates(min_value=low, max_value=high).map(date.isoformat)


def form(**fields: tuple[st.SearchStrategy, st.SearchStrategy]) -> st.SearchStrategy[dict]:
    """Posted data: half the time every field plausible (so that saving is reached and checked),
    otherwise each field plausible or hostile. Each field is given as (plausible, hostile)."""
    plausible = st.fixed_dictionaries({name: good for name, (good, _bad) in fields.items()})
    mixed = st.fixed_dictionaries({name: st.one_of(good, bad) for name, (good, bad) in fields.items()})
    return st.one_of(plausible, mixed)


def pick(kind: str, count: int) -> st.SearchStrategy[Pick]:
    return st.builds(Pick, st.just(kind), st.integers(0, count - 1))
