"""Fuzzing a ModelForm page: post, then compare the saved record field by field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.forms import BaseForm, MultipleChoiceField

from .harness import Answer, check_one_line, resolve, submit


def expected_values(form: BaseForm, data: dict[str, Any]) -> dict[str, Any]:
    """What each field of the form makes of the posted value (trimmed text, dates, records)."""
    values = {}
    for name, field in form.fields.items():
        if name == "version":
            continue
        raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if isinstance(field, MultipleChoiceField) and raw is None:
            raw = []
        values[name] = field.clean(field.widget.value_from_datadict({name: raw} if raw is not None else {}, {}, name))
    return values


def post_model_form(
    client,
    url: str,
    posted: dict[str, Any],
    *,
    case: str,
    records: dict[str, list],
    form: BaseForm,
    saved: Callable[[Answer], Model],
    version: int | None = None,
    adjust: Callable[[dict[str, Any], Model], None] | None = None,
    one_line: tuple[str, ...] = (),
) -> Answer:
    """Post `posted`; when saved, every field of `form` holds what it made of the posted value.
    `one_line`: the form's names and titles, which refuse a line break with a message."""
    data = resolve(posted, records, version)
    answer = submit(client, url, data, case=case)
    check_one_line(answer, data, one_line)
    if answer.saved:
        record = saved(answer)
        expected = expected_values(form, data)
        if adjust is not None:
            adjust(expected, record)
        actual = {name: getattr(record, name) for name in expected}
        assert actual == expected, f"saved {actual!r}, posted {data!r}"
    return answer
