"""Junk query parameters, generated: the crawl of every URL (tests/test_junk_parameters.py) tries a
fixed set of junk values; here hypothesis tries others on the URLs that read parameters by name."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_junk_parameters import PARAMETERS
from tests.test_permission_matrix import MATRIX, url_for
from tests.test_permission_matrix import records as matrix_records  # noqa: F401

from .harness import CASES

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client_for, matrix_records, manager):  # noqa: F811
    client = client_for(manager)
    client.raise_request_exception = False
    return client, matrix_records


@given(
    values=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.text(max_size=40) | st.integers().map(str) | st.dates().map(str),
        min_size=1,
        max_size=6,
    ),
    which=st.sampled_from(
        [
            "challengelog:challenge-create",
            "challengelog:challenge-list",
            "challengelog:agency-record",
            "businessplan:objective-create",
            "businessplan:action-create",
            "businessplan:plan-detail",
            "businessplan:review",
            "businessplan:changes",
            "governance:membership-create",
            "governance:meeting-create",
            "governance:attendance",
            "governance:calendar",
            "history",
            "yearend:index",
        ]
    ),
)
def test_fuzzed_query_parameters_never_make_a_server_error(signed_in, values, which):
    client, records = signed_in
    url = url_for(which, MATRIX[which].kwargs(records), records["board"])
    CASES["query parameters"] += 1
    response = client.get(url, values, headers=MATRIX[which].headers)
    assert response.status_code < 500, f"{url}?{urlencode(values)} answered {response.status_code}"
