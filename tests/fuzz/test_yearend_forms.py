"""Fuzzing the year-end report's narrative form."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lscb.concurrency import VersionField
from lscb.years import ReportingYear
from tests.factories import default_board
from yearend import services
from yearend.models import NARRATIVE_SECTIONS, Narrative

from . import strategies as s
from .harness import bounded, resolve, rolled_back, submit

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
            as_manager,
            f"/nscp/yearend/2025-26/narrative/{section}/",
            {"text": text, "version": version},
            case="narrative",
        )
        if answer.saved:
            assert Narrative.objects.get(year="2025-26", section=section).text == text.strip()


@bounded(16)
@given(
    version=st.one_of(st.just(s.Pick("version")), s.stale_version()),
    written=st.sampled_from(["before", "meanwhile", "never"]),
    text=st.one_of(s.plain_text(200), s.text()),
)
@example(version=s.Pick("version"), written="meanwhile", text="Mine")
@example(version=None, written="before", text="Mine")
@example(version=s.Pick("version", 5), written="before", text="Mine")
def test_narrative_never_replaces_a_text_written_meanwhile(as_manager, chair, board, version, written, text):
    """The form opened at the section's version (0 when not yet written): saved only at the
    stored one, so a first text written meanwhile by someone else is never replaced."""
    year, url = ReportingYear(2025), "/nscp/yearend/2025-26/narrative/voice/"
    with rolled_back():
        if written == "before":
            services.narrative_save(board=default_board(), year=year, section="voice", text="Written before", by=chair)
        stored = Narrative.objects.filter(year="2025-26", section="voice").first()
        data = resolve({"text": text, "version": version}, {}, stored.version if stored else 0)
        if written == "meanwhile":
            services.narrative_save(
                board=default_board(), year=year, section="voice", text="Written meanwhile", by=chair
            )
        stored = Narrative.objects.filter(year="2025-26", section="voice").first()
        answer = submit(as_manager, url, data, case="narrative-stale")
        if answer.saved and stored is not None:
            assert VersionField().clean(data.get("version")) == stored.version, f"saved from {data.get('version')!r}"
        elif stored is not None:
            assert Narrative.objects.get(pk=stored.pk).text == stored.text
