"""Text that every store and file format can hold: no invisible control characters.

PostgreSQL refuses NUL, and .xlsx, .docx and PDF files cannot carry the other C0 controls
(tab and line breaks excepted) or the non-characters U+FFFE and U+FFFF. Such a character
never carries meaning in these records, so it is refused where text comes in, with a
message, rather than breaking a save or an export later.
"""

from __future__ import annotations

import re

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


def validate_no_control_characters(value: str) -> None:
    """A form or model field validator."""
    problem = control_character_problem(value)
    if problem:
        raise ValidationError(f"This text {problem}", code="control_character")


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
