"""Text that every store and file format can hold: no invisible control characters; and names
and titles kept on one line.

PostgreSQL refuses NUL, and .xlsx, .docx and PDF files cannot carry the other C0 controls
(tab and line breaks excepted) or the non-characters U+FFFE and U+FFFF. Such a character
never carries meaning in these records, so it is refused where text comes in, with a
message, rather than breaking a save or an export later.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def control_character_problem(text: str) -> str:
    """What is wrong with `text` for a person to fix, or "" when nothing is."""
    match = CONTROL_CHARACTERS.search(text) if isinstance(text, str) else None
    if match is None:
        return ""
    return (
        f"contains an invisible control character (U+{ord(match.group()):04X}) at position {match.start() + 1}: "
        "remove it (retype the text rather than pasting it)."
    )


def refuse_control_characters(**texts: str) -> None:
    """Raise one ValidationError naming every field (keyword) whose text has a control character."""
    errors = {}
    for name, text in texts.items():
        problem = control_character_problem(text)
        if problem:
            errors[name] = ValidationError(f"This text {problem}", code="control_character")
    if errors:
        raise ValidationError(errors)


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


# --- one-line text ---------------------------------------------------------------------------------

# Everything that starts a new line somewhere: CR and LF, vertical tab, form feed, the file, group
# and record separators, NEL (U+0085) and the Unicode line and paragraph separators (what
# str.splitlines breaks on, and more than any mail or spreadsheet program needs).
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
ONE_LINE_MESSAGE = "Write this on one line."


def one_line(text: str) -> str:
    """`text` with every line break, and the spaces around it, folded to a single space.

    For a name or title that arrived on several lines (a spreadsheet cell's stray line break), and
    for writing any value where it must not start a line of its own (a plain-text email)."""
    if not isinstance(text, str) or not LINE_BREAKS.search(text):
        return text
    parts = LINE_BREAKS.split(text)
    kept = [parts[0].rstrip(), *(part.strip() for part in parts[1:-1]), parts[-1].lstrip()]
    return " ".join(part for part in kept if part)


def validate_one_line(value: str) -> None:
    """A form field validator: names and titles are written on one line."""
    if isinstance(value, str) and LINE_BREAKS.search(value):
        raise ValidationError(ONE_LINE_MESSAGE, code="line_break")


class OneLineInput(forms.TextInput):
    """The box of a name or title. A browser keeps such a box on one line, but a request need not
    come from a browser: a form field with this widget also refuses line breaks (OneLineField, or
    governance.forms.OneLineModelForm for a model's field)."""


class OneLineField(forms.CharField):
    """A name or title: any length, on one line (a line break is refused with a message)."""

    widget = OneLineInput
    default_validators = [validate_one_line]


def require_one_line(form: forms.BaseForm) -> None:
    """Every field of `form` shown in a OneLineInput refuses line breaks."""
    for field in form.fields.values():
        if isinstance(field.widget, OneLineInput) and validate_one_line not in field.validators:
            field.validators.append(validate_one_line)
