"""HTML written in Python rather than through a template per element: a register has fifty rows
of three fields, and guest lists that offer everyone on record."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django.forms import Select, TextInput
from django.utils.safestring import mark_safe


def attributes(attrs: dict) -> str:
    """flatatt with plain string escaping (format_html per attribute is most of a row's cost):
    True gives the bare name, False and None leave it out."""
    return "".join(
        f" {key}" if value is True else f' {key}="{escape(str(value))}"'
        for key, value in attrs.items()
        if value is not None and value is not False
    )


def options_html(pairs, chosen: set[str]) -> str:
    """<option>s for (value, label) pairs, those in `chosen` selected: plain string escaping, as
    format_html per option is most of a long list's cost. A short list (a register's fifty status
    lists are a handful of distinct ones) is written once per process for each choice; a long one
    (everyone on record but the meeting's own people: another list for every meeting) each time."""
    pairs = [(str(key), str(label)) for key, label in pairs]
    chosen = frozenset(str(value) for value in chosen)
    if len(pairs) <= SHORT_LIST:
        return _short_options_html(tuple(pairs), chosen)
    return _write_options(pairs, chosen)


SHORT_LIST = 50


@lru_cache(maxsize=256)
def _short_options_html(pairs: tuple[tuple[str, str], ...], chosen: frozenset[str]) -> str:
    return _write_options(pairs, chosen)


def _write_options(pairs, chosen: frozenset[str]) -> str:
    return mark_safe(
        "".join(
            f'<option value="{escape(key)}"{" selected" if key in chosen else ""}>{escape(label)}</option>'
            for key, label in pairs
        )
    )


class QuickSelect(Select):
    """A select whose options are written in Python, not through a template each, and written
    once for all the selects sharing `unselected` (a dict) while none has a choice: the guest
    lists offer everyone on record, which grows with the years."""

    def __init__(self, attrs=None, *, unselected: dict, options: list | None = None, same_as: str = ""):
        super().__init__(attrs)
        self.unselected = unselected
        # (value, label) pairs taken as they are: Django would normalise a long list on every
        # assignment (field, widget, each copy), which costs more than writing it out.
        self.options = options
        # The id of another select with the same list: while nothing is chosen here, only the
        # first option is written and the page's script copies the rest from there.
        self.same_as = same_as

    def _options(self, chosen: set[str]) -> str:
        return options_html(self.options if self.options is not None else self.choices, chosen)

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value) if v}
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        if chosen:
            options = self._options(chosen)
        elif self.same_as:
            options = options_html((self.options if self.options is not None else self.choices)[:1], set())
            final["data-same-options-as"] = self.same_as
        else:
            if "html" not in self.unselected:
                self.unselected["html"] = self._options({""})
            options = self.unselected["html"]
        return mark_safe(f"<select{attributes(final)}>{options}</select>")


class QuickInput(TextInput):
    """A text input written in Python, not through the form renderer's template (a register
    page has a dozen guest fields; the template costs more than the rest of each field)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "type": self.input_type, "name": name})
        value = self.format_value(value)
        if value is not None:
            final["value"] = value
        return mark_safe(f"<input{attributes(final)}>")
