"""The annual report is a draft until the chair signs it off; then it is kept exactly as signed.

A draft carries a watermark and says what is missing; the signed report prints neither, says who
signed it and when, and every format (page, PDF, Word, JSON, the `yearend` command) serves the copy
kept at sign-off, whatever happens to the records afterwards. Changes to the records are shown to
those who may reopen it; reopening keeps the sign-off with who reopened it, when and why.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from businessplan import services as plan_services
from businessplan.models import Action
from lscb import roles
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    UserFactory,
    default_board,
)
from tests.yearend.conftest import SLUG, get_report_file
from yearend import services
from yearend.models import Narrative, SignedReport

pytestmark = pytest.mark.django_db

YEAR = ReportingYear.parse("2025-26")
CHAIR_NAME = "Dr Zoë O\u2019Connor-Åström, Independent Chair of the Northmoor Safeguarding Children Partnership"
DUE = "By the end of September 2025 \u2013 with a first review at the\nboard\u2019s December meeting, and “a second” in March 2026."
NEW_DUE = "Moved to June 2027 after the review"


@pytest.fixture
def year_2025(settings, manager):
    """2025-26 of a small board: one meeting, a plan with one action whose "by when" is two
    sentences across two lines, and the governance commentary written."""
    settings.LSCB_BOARD_NAME = "Northmoor Safeguarding Children Partnership"
    board = GroupFactory(name="Safeguarding Partnership Board", kind="board")
    MeetingFactory(group=board, date=date(2025, 6, 12), status="held")
    plan = PlanFactory(title="Business Plan 2025-27", slug="2025-27", start=date(2025, 4, 1), end=date(2027, 3, 31))
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title="Neglect"), text="Know neglect")
    action = ActionFactory(objective=objective, ref="1.1", text="Launch the neglect toolkit", due_text=DUE)
    plan_services.action_record_progress(
        action=action, rating="green", note="Launched", day=date(2025, 9, 1), by=manager
    )
    Narrative.objects.create(
        board=default_board(), year=YEAR.label, section="governance", text="The partnership reviewed its terms."
    )
    return action


@pytest.fixture
def the_chair(chair):
    """The independent chair, whose person in the records carries a long, accented name."""
    PersonFactory(name=CHAIR_NAME, user=chair, agency=AgencyFactory(name="Independent"))
    return chair


@pytest.fixture
def quick_pdf(monkeypatch):
    """Most tests need the PDF kept, not laid out: a stand-in made from the print HTML."""
    monkeypatch.setattr("yearend.render.pdf_from_html", lambda html: b"%PDF-stand-in\n" + html.encode())


def page(client, year=YEAR) -> str:
    response = client.get(reverse("yearend:report", args=[SLUG, year.label]))
    assert response.status_code == 200
    return response.content.decode()


def sign_off(client, year=YEAR):
    return client.post(reverse("yearend:sign-off", args=[SLUG, year.label]), {"confirm": "on"})


def download(client, fmt: str, year=YEAR) -> bytes:
    if fmt == "json":
        response = client.get(reverse("yearend:summary-json", kwargs={"board": SLUG, "year": year.label}))
    else:
        response = get_report_file(client, SLUG, year.label, fmt)
    assert response.status_code == 200
    return response.content


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def watermarks(content: bytes) -> list[str]:
    """The strings of the Word watermarks in the headers: the cover's and the other pages' (the
    later sections take the first section's header)."""
    document = Document(io.BytesIO(content))
    assert all(section.header.is_linked_to_previous for section in document.sections[1:])
    found = []
    for section in document.sections[:1]:
        for header in (section.header, section.first_page_header):
            found += [
                element.get("string")
                for element in header._element.iter("{urn:schemas-microsoft-com:vml}textpath")
                if element.get("string")
            ]
    return found


def pdf_text(content: bytes, tmp_path: Path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is installed by make test"
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --- the draft -------------------------------------------------------------------------------------


def test_a_draft_page_has_a_watermark_and_says_plainly_what_is_missing(client_for, manager, year_2025):
    html = page(client_for(manager))
    assert 'class="annual-report is-draft"' in html
    assert "yearend/report-page.css" in html  # the watermark behind the text
    assert "has not been signed off by the chair" in html
    # Readable notices, not Bootstrap's grey "placeholder" bars.
    assert 'class="placeholder"' not in html
    assert '<p class="report-missing">Not written yet: the chair\'s introduction.</p>' in html
    assert "Not written yet: training and workforce development." in html
    assert "Still missing from it:" in html
    assert (
        "How the arrangements are funded: write “How the arrangements are funded: budget and partners&#x27; "
        "contributions” (to come from the budget and partners&#x27; contributions)." in html
    )
    assert "Statutory checklist" in html


def test_a_draft_pdf_and_word_document_carry_the_watermark_and_what_is_missing(year_2025, tmp_path):
    from yearend.docx import INTRODUCTION_PLACEHOLDER, report_docx
    from yearend.render import report_html, report_pdf
    from yearend.report import build_report

    report = build_report(YEAR, default_board())
    html = report_html(report)
    assert (
        "@page { background: url(&quot;data:image/svg+xml;base64," in html
        or '@page { background: url("data:image/svg+xml;base64,' in html
    )
    text = pdf_text(report_pdf(report), tmp_path)
    assert "Annual report 2025-26 · Draft" in text
    assert "Not written yet: the chair\u2019s introduction." in text.replace("'", "\u2019")
    assert "DRAFT" not in text  # drawn as shapes: the report's text copies out clean
    content = report_docx(report)
    assert watermarks(content) == ["DRAFT", "DRAFT"]
    words = docx_text(content)
    assert "Draft: this report has not been signed off by the chair." in words
    assert INTRODUCTION_PLACEHOLDER == "Not written yet: the chair's introduction."
    assert INTRODUCTION_PLACEHOLDER in words
    assert "Statutory checklist" in words


# --- signing off --------------------------------------------------------------------------------------


def test_the_chair_signs_off_and_the_page_is_the_report_as_signed(client_for, the_chair, year_2025, quick_pdf):
    client = client_for(the_chair)
    form = client.get(reverse("yearend:sign-off", args=[SLUG, YEAR.label])).content.decode()
    assert "Still missing from the report" in form and "The chair&#x27;s introduction: not written yet." in form
    response = sign_off(client)
    assert response.status_code == 302 and response["Location"] == reverse("yearend:report", args=[SLUG, YEAR.label])
    signed = SignedReport.objects.get()
    assert (signed.year, signed.signed_by, signed.signed_by_name) == (YEAR.label, the_chair, CHAIR_NAME)
    assert abs((timezone.now() - signed.signed_at).total_seconds()) < 60
    today = timezone.localdate().strftime("%d/%m/%Y")

    html = page(client)
    assert (
        f"Signed off by Dr Zoë O\u2019Connor-Åström, Independent Chair of the Northmoor Safeguarding Children Partnership on {today}."
        in html
    )
    assert 'class="annual-report is-signed"' in html and "is-draft" not in html
    for draft_only in (
        "Not written yet",
        "Still missing",
        "report-missing",
        "✗ Missing",
        "Statutory checklist",
        "Write the",
    ):
        assert draft_only not in html, draft_only
    assert "The partnership reviewed its terms." in html
    assert "the chair&#x27;s introduction" not in html.lower()


def test_what_is_signed_is_what_the_chair_read(client_for, the_chair, manager, year_2025, quick_pdf):
    client = client_for(the_chair)
    url = reverse("yearend:sign-off", args=[SLUG, YEAR.label])
    read = client.get(url).context["form"].initial["records"]
    change_the_due_text(year_2025, manager)  # while the chair reads
    response = client.post(url, {"confirm": "on", "records": read})
    assert response.status_code == 200
    assert "The records changed while you were reading the report" in response.content.decode()
    assert not SignedReport.objects.exists()
    read = client.get(url).context["form"].initial["records"]
    assert client.post(url, {"confirm": "on", "records": read}).status_code == 302
    assert NEW_DUE in SignedReport.objects.get().html


def test_the_confirmation_box_must_be_ticked(client_for, the_chair, year_2025, quick_pdf):
    response = client_for(the_chair).post(reverse("yearend:sign-off", args=[SLUG, YEAR.label]), {})
    assert response.status_code == 200
    assert "Tick the box to confirm that you sign the report off." in response.content.decode()
    assert not SignedReport.objects.exists()


def test_the_business_manager_may_not_sign_off(client_for, manager, year_2025, quick_pdf):
    client = client_for(manager)
    assert sign_off(client).status_code == 403
    assert not SignedReport.objects.exists()
    assert "Sign off the 2025-26 report" not in page(client)


def test_a_year_that_has_not_ended_cannot_be_signed_off(client_for, the_chair, quick_pdf):
    current = ReportingYear.current()
    client = client_for(the_chair)
    form = client.get(reverse("yearend:sign-off", args=[SLUG, current.label])).content.decode()
    assert "can be signed off once the year has ended" in form and f"Sign off the {current} report</button>" not in form
    assert sign_off(client, current).status_code == 200
    assert not SignedReport.objects.exists()
    with pytest.raises(ValidationError, match="once the year has ended"):
        services.report_sign_off(board=default_board(), year=current, by=the_chair)


def test_a_signed_off_year_is_not_signed_twice(client_for, the_chair, year_2025, quick_pdf):
    services.report_sign_off(board=default_board(), year=YEAR, by=the_chair)
    with pytest.raises(ValidationError, match="already signed off"):
        services.report_sign_off(board=default_board(), year=YEAR, by=the_chair)
    assert sign_off(client_for(the_chair)).status_code == 302
    assert SignedReport.objects.count() == 1


# --- kept as signed --------------------------------------------------------------------------------


def test_after_sign_off_every_format_serves_the_report_as_signed(
    client_for, the_chair, board_member, manager, year_2025, tmp_path
):
    """An action's "by when" edited in 2026 leaves the signed 2025-26 report as it was, in all four
    formats and from the command; `--draft` shows the records as they stand."""
    client = client_for(the_chair)
    assert sign_off(client).status_code == 302
    signed = SignedReport.objects.get()
    reader = client_for(board_member)
    before = {fmt: download(reader, fmt) for fmt in ("pdf", "docx", "json")}
    before["page"] = page(reader)
    assert before["pdf"] == bytes(signed.pdf) and before["docx"] == bytes(signed.docx)
    assert before["json"].decode() == signed.summary

    change_the_due_text(year_2025, manager)
    assert Action.objects.get(pk=year_2025.pk).due_text == NEW_DUE

    after = {fmt: download(reader, fmt) for fmt in ("pdf", "docx", "json")}
    after["page"] = page(reader)
    assert after["pdf"] == before["pdf"] and after["docx"] == before["docx"] and after["json"] == before["json"]
    assert signed.html in after["page"] and NEW_DUE not in after["page"]

    text = pdf_text(after["pdf"], tmp_path)
    assert "Moved to June 2027" not in text and "Draft" not in text
    assert f"Signed off by {CHAIR_NAME[:20]}" in " ".join(text.split())
    words = docx_text(after["docx"])
    assert DUE in words and NEW_DUE not in words and watermarks(after["docx"]) == []
    assert f"Signed off by {CHAIR_NAME} on {timezone.localdate():%d/%m/%Y}." in words
    assert "Statutory checklist" not in words and "Not written yet" not in words
    summary = json.loads(after["json"])
    assert summary["plans"][0]["priorities"][0]["actions"][0]["due"] == DUE
    assert summary["signed_off"] == {"by": CHAIR_NAME, "on": timezone.localdate().isoformat()}

    out = io.StringIO()
    call_command("yearend", YEAR.label, "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == summary
    for fmt in ("html", "pdf", "docx"):
        target = tmp_path / f"signed.{fmt}"
        call_command("yearend", YEAR.label, "--format", fmt, "--output", str(target), stdout=io.StringIO())
        kept = {"html": signed.print_html + "\n", "pdf": bytes(signed.pdf), "docx": bytes(signed.docx)}[fmt]
        assert (target.read_text(encoding="utf-8") if fmt == "html" else target.read_bytes()) == kept
    out = io.StringIO()
    call_command("yearend", YEAR.label, "--format", "json", "--draft", stdout=out)
    assert json.loads(out.getvalue())["plans"][0]["priorities"][0]["actions"][0]["due"] == NEW_DUE


def test_the_signed_report_is_served_when_its_records_are_gone(
    client_for, the_chair, board_member, year_2025, quick_pdf
):
    services.report_sign_off(board=default_board(), year=YEAR, by=the_chair)
    Action.objects.all().delete()
    Narrative.objects.all().delete()
    reader = client_for(board_member)
    html = page(reader)
    assert "Launch the neglect toolkit" in html and "The partnership reviewed its terms." in html
    assert b"Launch the neglect toolkit" in download(reader, "pdf")
    assert "Launch the neglect toolkit" in docx_text(download(reader, "docx"))
    assert "Launch the neglect toolkit" in download(reader, "json").decode()


def test_a_signed_year_is_not_laid_out_again_in_the_background(the_chair, year_2025, quick_pdf):
    from yearend.files import prepare
    from yearend.models import ReportFile

    services.report_sign_off(board=default_board(), year=YEAR, by=the_chair)
    assert prepare(YEAR, default_board()) is None
    assert not ReportFile.objects.exists()


# --- changes after sign-off, and reopening ------------------------------------------------------------


def change_the_due_text(action, by):
    """The business manager edits the action's "by when" (in 2026, after the year ended)."""
    action = Action.objects.get(pk=action.pk)
    action.due_text = NEW_DUE
    plan_services.action_save(action=action, by=by)


def test_changes_after_sign_off_are_shown_to_those_who_may_reopen(
    client_for, the_chair, manager, board_member, year_2025, quick_pdf
):
    services.report_sign_off(board=default_board(), year=YEAR, by=the_chair)
    html = page(client_for(manager))
    assert "have changed since it was signed off" not in html
    assert "The records behind it have not changed since." in html
    # A record of another year changes nothing in this report.
    ChallengeFactory(ref="CH-9", raised_on=date(2026, 6, 1), subject="Raised in 2026-27")
    assert "have changed since it was signed off" not in page(client_for(manager))

    change_the_due_text(year_2025, manager)
    for who in (manager, the_chair):
        html = page(client_for(who))
        assert (
            "The records behind this report have changed since it was signed off:</strong> 1 part of it would now "
            "read differently (Progress against priorities)."
        ) in html
        assert reverse("yearend:reopen", args=[SLUG, YEAR.label]) in html
    html = page(client_for(board_member))
    assert "have changed since" not in html and reverse("yearend:reopen", args=[SLUG, YEAR.label]) not in html


def test_reopening_needs_a_reason_and_returns_the_report_to_draft(client_for, the_chair, manager, year_2025, quick_pdf):
    first = services.report_sign_off(board=default_board(), year=YEAR, by=the_chair)
    change_the_due_text(year_2025, manager)
    client = client_for(manager)
    url = reverse("yearend:reopen", args=[SLUG, YEAR.label])
    form = client.get(url).content.decode()
    assert "would now read differently (Progress against priorities)" in form
    assert client.post(url, {"reason": "   "}).status_code == 200
    assert SignedReport.objects.get().reopened_at is None

    reason = "The action\u2019s “by when” was corrected \u2013\nsee the December minutes."
    assert client.post(url, {"reason": reason}).status_code == 302
    first.refresh_from_db()
    assert (first.reopened_by, first.reopen_reason) == (manager, reason)
    assert abs((timezone.now() - first.reopened_at).total_seconds()) < 60
    html = page(client)
    assert "is-draft" in html and "Moved to June 2027 after the review" in html
    assert "Earlier sign-offs of 2025-26" in html and "see the December minutes." in html
    assert client.get(url).status_code == 404  # a draft has nothing to reopen

    # Signed off again: a new sign-off, the reopened one kept.
    assert sign_off(client_for(the_chair)).status_code == 302
    assert SignedReport.objects.count() == 2
    assert SignedReport.objects.standing(YEAR).html.count(NEW_DUE.replace("\u2019", "&#x27;")) >= 1


def test_reopening_is_for_the_chair_and_the_business_manager(
    client_for, the_chair, board_member, subgroup_chair, year_2025, quick_pdf
):
    services.report_sign_off(board=default_board(), year=YEAR, by=the_chair)
    url = reverse("yearend:reopen", args=[SLUG, YEAR.label])
    for who in (board_member, subgroup_chair):
        assert client_for(who).post(url, {"reason": "Because"}).status_code == 403
    assert SignedReport.objects.get().reopened_at is None
    assert client_for(the_chair).post(url, {"reason": "A register was wrong."}).status_code == 302
    with pytest.raises(ValidationError, match="draft already"):
        services.report_reopen(board=default_board(), year=YEAR, by=the_chair, reason="Again")


def test_the_index_says_which_years_are_signed_off(client_for, the_chair, board_member, year_2025, quick_pdf):
    MeetingFactory(group=GroupFactory(name="Earlier board"), date=date(2024, 6, 1), status="held")
    services.report_sign_off(board=default_board(), year=YEAR, by=the_chair)
    html = client_for(board_member).get(reverse("yearend:index", args=[SLUG])).content.decode()
    assert f"Signed off on {timezone.localdate():%d/%m/%Y}" in html
    assert "<td>Draft</td>" in html


# --- what the page costs -----------------------------------------------------------------------------


def test_the_signed_page_reads_a_handful_of_queries(
    client_for, the_chair, manager, board_member, year_2025, quick_pdf, django_assert_max_num_queries
):
    services.report_sign_off(board=default_board(), year=YEAR, by=the_chair)
    reader = client_for(board_member)
    with django_assert_max_num_queries(
        9
    ):  # the boards (lscb.boards); the first after a change also reads the years on record
        page(reader)
    # The request's own 4 (session, user, two-factor device, roles), the records' version, the
    # sign-offs, the kept page.
    with django_assert_max_num_queries(8):
        page(reader)
    client = client_for(manager)
    page(client)  # works out what changed once per state of the records
    with django_assert_max_num_queries(9):  # and the records' freshness token
        page(client)


def test_the_draft_page_costs_two_more_queries_at_most(
    client_for, board_member, year_2025, django_assert_max_num_queries
):
    reader = client_for(board_member)
    page(reader)
    with django_assert_max_num_queries(9):  # drawn once per state of the records: served from the cache
        page(reader)


def test_roles_hold_the_new_rights():
    from django.contrib.auth.models import Group

    def codes(role):
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    assert {"sign_off_report", "reopen_report"} <= codes(roles.CHAIR)
    assert "reopen_report" in codes(roles.BUSINESS_MANAGER) and "sign_off_report" not in codes(roles.BUSINESS_MANAGER)
    for role in (roles.SUBGROUP_CHAIR, roles.BOARD_MEMBER):
        assert not {"sign_off_report", "reopen_report"} & codes(role)
    assert UserFactory(username="nobody").has_perm("yearend.sign_off_report") is False
