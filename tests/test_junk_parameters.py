"""Every URL of the app, opened by the business manager with junk in every query parameter: no 500.

A query parameter is typed input like any form's: bad values are ignored (or answered 400), never
a server error. The URLs come from the URLconf (as in the permission matrix), filled in with the
matrix's board; the parameter names are every name a view or filter of the app reads, plus some
any crawler tries.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from businessplan.filters import ActionFilter
from tests.test_permission_matrix import MATRIX, URLS, records, url_for  # noqa: F401 (the matrix's records fixture)

pytestmark = pytest.mark.django_db


def _filter_names() -> set[str]:
    """Every filter of every list page in the URLconf (a new list's filters are covered too), and
    the review mode's filter."""
    filtersets = {ActionFilter}

    def walk(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                filterset = getattr(getattr(pattern.callback, "view_class", None), "filterset_class", None)
                if filterset is not None:
                    filtersets.add(filterset)

    walk(get_resolver().url_patterns)
    return {name for filterset in filtersets for name in filterset.base_filters}


# Every parameter a view reads by name (grep request.GET), the list pages' filters, the tables'
# sorting and paging, and the exports.
READ_BY_VIEWS = {
    "meeting",
    "agency",
    "subject",
    "priority",
    "objective",
    "group",
    "person",
    "date",
    "page",
    "year",
    "step",
    "since",
    "restart",
    "cancel",
    "start",
    "end",
    "next",
    "sort",
    "per_page",
    "_export",
    "kind",
    "q",
}
PARAMETERS = sorted(READ_BY_VIEWS | _filter_names())

# Junk of several kinds: not a number, a path, a year that is no year, a NUL byte, a number past
# any column's range, a negative one, an empty value, a very long one, markup.
JUNK = [
    "x",
    "../",
    "9999-00",
    "notadate",
    "\x00",
    "99999999999999999999999",
    "-1",
    "",
    "1" * 5000,
    "<script>alert(1)</script>",
    "2025-13-45",
    "1.5",
]

GENERIC = "page=x&sort=../&year=9999-00&since=notadate&meeting=x&agency=x&priority=x&group=%00"


def _urls(records) -> list[tuple[str, str, str]]:  # noqa: F811
    return [
        (name, url_for(name, MATRIX[name].kwargs(records), records["board"]), MATRIX[name].method) for name, _ in URLS
    ]


def _open(client, url: str, method: str, query: str, headers=None):
    send = client.post if method == "post" else client.get
    return send(f"{url}?{query}", headers=headers or {})


def test_every_url_answers_junk_query_parameters_without_a_server_error(client_for, records, manager):  # noqa: F811
    client = client_for(manager)
    client.raise_request_exception = False  # a server error is a 500 to collect, not an exception
    failures = []
    for name, url, method in _urls(records):
        if name == "logout":
            continue  # would end the session the rest of the crawl uses
        queries = [GENERIC] + [urlencode(dict.fromkeys(PARAMETERS, junk)) for junk in JUNK]
        for query in queries:
            for how in {"get", method}:
                response = _open(client, url, how, query, MATRIX[name].headers)
                if response.status_code >= 500:
                    failures.append(f"{how.upper()} {url}?{query[:80]} answered {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "path",
    [
        "/{board}/challenges/new/?meeting=x",
        "/{board}/challenges/new/?agency=x",
        "/{board}/plan/2025-27/objectives/new/?priority=x",
    ],
)
def test_the_reported_urls_answer_the_form_not_a_server_error(client_for, records, manager, path):  # noqa: F811
    response = client_for(manager).get(path.format(board=records["board"].slug))
    assert response.status_code == 200
    assert b"<form" in response.content
