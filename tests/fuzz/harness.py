"""Posting hostile data through the test client, and what every answer must satisfy.

Each example runs in a savepoint that is rolled back, so every example starts from the same
board. An answer is either a redirect (the record was saved: the test compares it with what was
posted) or the form again with a message, and then no row of any of our tables (history
included) changed. A 500 is never an answer: the test client raises the view's exception.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.messages import constants
from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from django.http import HttpResponse

from .strategies import Pick

OUR_APPS = ("governance", "businessplan", "challengelog", "learning", "dataset", "training", "finance", "yearend")
# Examples generated per form page, for the summary at the end of the run.
CASES: Counter[str] = Counter()
SAVED: Counter[str] = Counter()


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    """Rows of every table of our apps, history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
    }


def resolve(posted: dict[str, Any], records: dict[str, list], current_version: int | None = None) -> dict[str, Any]:
    """The form data as posted: Picks become ids, None leaves the field out (an unticked checkbox)."""
    data: dict[str, Any] = {}
    for name, value in posted.items():
        if value is None:
            continue
        if isinstance(value, Pick):
            if value.kind == "version":  # the current one, or `index` older or later
                value = str((current_version or 0) + value.index)
            else:
                chosen = records[value.kind]
                value = str(chosen[value.index % len(chosen)].pk)
        elif isinstance(value, list | tuple):
            value = [
                str(records[v.kind][v.index % len(records[v.kind])].pk) if isinstance(v, Pick) else v for v in value
            ]
        data[name] = value
    return data


def shown_errors(response: HttpResponse) -> list[str]:
    """Every error message on the page (form errors, page errors, error messages) that the HTML shows."""
    found: list[str] = []

    def visit(value: Any, depth: int = 0) -> None:
        if isinstance(value, BaseForm):
            if value.is_bound:
                for messages in value.errors.values():
                    found.extend(messages)
        elif isinstance(value, BaseFormSet):
            if value.is_bound:
                found.extend(value.non_form_errors())
                for form in value.forms:
                    visit(form, depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for item in value.values():
                visit(item, depth + 1)
        elif depth < 3 and isinstance(value, list | tuple):
            for item in value:
                visit(item, depth + 1)

    contexts = response.context if response.context is not None else []
    if not isinstance(contexts, list):
        contexts = [contexts]
    for context in contexts:
        for layer in context.dicts:
            for name, value in layer.items():
                if name == "errors" and isinstance(value, list):
                    found.extend(str(error) for error in value)
                elif name == "messages":
                    found.extend(str(m) for m in value if m.level >= constants.ERROR)
                else:
                    visit(value)
    content = response.content.decode()
    return sorted({message for message in found if html.escape(str(message)) in content})


@dataclass
class Answer:
    saved: bool
    response: HttpResponse
    page: HttpResponse


def submit(
    client,
    url: str,
    data: dict[str, Any],
    *,
    case: str,
    htmx: bool = False,
    saved_in_place: Callable[[HttpResponse], bool] | None = None,
) -> Answer:
    """POST, check the answer as above, and say whether the record was saved."""
    CASES[case] += 1
    before = row_counts()
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(url, data, headers=headers)
    assert response.status_code < 500, f"{response.status_code} for {data!r}"
    if response.status_code in (301, 302, 303):
        page = client.get(response["Location"])
        assert page.status_code == 200, f"the page after saving answered {page.status_code}"
        errors = shown_errors(page)
        if not errors:
            SAVED[case] += 1
            return Answer(True, response, page)
    elif saved_in_place is not None and saved_in_place(response):
        SAVED[case] += 1
        return Answer(True, response, response)
    else:
        assert response.status_code in (200, 400, 409), response.status_code
        page = response
        errors = shown_errors(response)
        assert errors, f"refused without a visible message: {data!r}"
    assert row_counts() == before, f"a refused form changed the database: {data!r}"
    return Answer(False, response, page)


def check_one_line(answer: Answer, data: dict[str, Any], fields) -> None:
    """A name or title posted with a line break inside (once trimmed, as every text field is) is
    never saved, and the page says why."""
    from lscb.text import LINE_BREAKS, ONE_LINE_MESSAGE

    broken = [name for name in fields if LINE_BREAKS.search(str(data.get(name) or "").strip())]
    if broken:
        assert not answer.saved, f"saved a line break in {broken}: {data!r}"
        assert ONE_LINE_MESSAGE in answer.page.content.decode(), f"no message for {broken}: {data!r}"


def normalised_text(value: str) -> str:
    """What a text field keeps of what was typed: Django's forms trim it."""
    return value.strip()


def bounded(examples: int):
    """A test's number of examples: small, so the whole fuzz run stays within a minute.
    LSCB_FUZZ_EXAMPLES=500 explores deeper on a developer's machine."""
    from hypothesis import settings

    return settings(max_examples=int(os.environ.get("LSCB_FUZZ_EXAMPLES", examples)))
