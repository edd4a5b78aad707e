"""Fuzzing the year-end report's narrative form."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from yearend.models import NARRATIVE_SECTIONS, Narrative

from . import strategies as s
from .harness import bounded, rolled_back, submit

pytestmark = pytest.mark.django_db


@bounded(16)
@given(
    section=st.sampled_from([name for name, _label in NARRATIVE_SECTIONS]),
    text=st.one_of(s.plain_text(200), s.text()),
    version=st.one_of(st.just(""), s.integers()),
)
@example(section="voice", text="<script>alert(1)</script>", version="")
@example(section="introduction", text="\x00", version="")
def test_narrative(as_manager, board, section, text, version):
    with rolled_back():
        answer = submit(
            as_manager, f"/yearend/2025-26/narrative/{section}/", {"text": text, "version": version}, case="narrative"
        )
        if answer.saved:
            assert Narrative.objects.get(year="2025-26", section=section).text == text.strip()
