"""The year-end report's "Learning from reviews" and "Quality assurance and audit": a children's
partnership and a Safeguarding Adults Board in one instance, each report (web page, JSON, Word,
PDF) showing its own reviews, recommendations, audits and evidence; the Care Act's (d) to (g)
counted as DOMAIN.md says; the statutory checklist and the dashboard's Recommendations tile."""

import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from docx import Document

from governance.models import Board
from learning.models import AuditResult, RecommendationUpdate
from lscb import roles
from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    AuditFactory,
    BoardFactory,
    EvidenceFactory,
    GroupFactory,
    MeetingFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
    default_board,
)
from yearend.docx import report_docx
from yearend.render import report_pdf
from yearend.report import build_report
from yearend.summary import year_summary

pytestmark = pytest.mark.django_db

YEAR = ReportingYear.parse("2025-26")


@dataclass
class Instance:
    children: Board
    adults: Board


def results(audit, stage: str, day: date, agency, **counts: int) -> None:
    for judgement, count in counts.items():
        AuditResult.objects.create(audit=audit, stage=stage, date=day, agency=agency, judgement=judgement, count=count)


def update(recommendation, day: date, note: str, status: str = "") -> None:
    RecommendationUpdate.objects.create(recommendation=recommendation, date=day, note=note, status=status)


def adults_records(board: Board, police, health) -> None:
    group = GroupFactory(name="Adults Executive", kind="board", board=board)
    MeetingFactory(group=group, date=date(2025, 6, 1), status="held")
    # (d): concluded in the year, begun two years before it.
    sar = ReviewFactory(
        board=board,
        ref="SAR-2023-01",
        kind="sar",
        title="Adult D",
        group=group,
        notified_on=date(2023, 3, 1),
        decided_on=date(2023, 4, 1),
        decision="review",
        started_on=date(2023, 5, 1),
        concluded_on=date(2025, 9, 1),
        published_on=date(2025, 10, 1),
        findings="Hospital discharge was not planned with the care home.",
    )
    # (e), not (d): concluded the day after the year's end.
    ReviewFactory(
        board=board,
        ref="SAR-2025-02",
        kind="sar",
        title="Adult F",
        started_on=date(2025, 6, 1),
        concluded_on=date(2026, 4, 1),
    )
    # Another kind the board holds, concluded in the year: listed after the SARs.
    ReviewFactory(
        board=board,
        ref="DHR-2024-01",
        kind="dhr",
        title="Adult K",
        started_on=date(2024, 9, 1),
        concluded_on=date(2025, 11, 1),
    )
    done = RecommendationFactory(
        review=sar,
        ref="1",
        text="Agree a discharge protocol",
        lead_agency=health,
        status="implemented",
        decided_on=date(2025, 12, 1),
        evidence="Discharges audited: all planned",
    )
    update(done, date(2025, 10, 1), "Discharge protocol drafted", "in_progress")
    RecommendationFactory(
        review=sar,
        ref="2",
        text="Create a new panel",
        status="not_to_implement",
        reason="Superseded by the national framework",
        decided_on=date(2026, 2, 1),
    )
    # Decided in the next year: not in (g).
    RecommendationFactory(
        review=sar,
        ref="3",
        text="Buy a case system",
        status="not_to_implement",
        reason="Costs beyond the budget",
        decided_on=date(2026, 4, 15),
    )
    RecommendationFactory(
        review=sar,
        ref="4",
        text="Train care home staff",
        lead_agency=police,
        status="in_progress",
        due_date=date(2025, 6, 30),
    )
    audit = AuditFactory(
        board=board, name="Partner self-assessment 2025", kind="self_assessment", started_on=date(2025, 5, 1)
    )
    # Summed over agencies: initial red 3, amber 5, green 2; the April follow-up red 1, amber 3, green 6.
    results(audit, "initial", date(2025, 6, 1), police, red=2, amber=3, green=1)
    results(audit, "initial", date(2025, 6, 1), health, red=1, amber=2, green=1)
    results(audit, "after improvement action", date(2026, 4, 20), police, red=1, amber=1, green=4)
    results(audit, "after improvement action", date(2026, 4, 20), health, amber=2, green=2)
    RecommendationFactory(review=None, audit=audit, ref="A1", text="Publish the self-assessment results")
    EvidenceFactory(board=board, title="Making Safeguarding Personal survey", kind="survey", date=date(2025, 10, 1))
    EvidenceFactory(
        board=board, title="Section 42 enquiries data", kind="data", date=date(2025, 7, 1), group=group, agency=police
    )


def children_records(board: Board, police) -> None:
    group = GroupFactory(name="Children Executive", kind="board", board=board)
    MeetingFactory(group=group, date=date(2025, 6, 1), status="held")
    # Notified 17/12/2025, decided 13/01/2026: 16 working days (Christmas and New Year between).
    ReviewFactory(
        board=board,
        ref="RR-2025-01",
        kind="rapid_review",
        title="Child H",
        notified_on=date(2025, 12, 17),
        decided_on=date(2026, 1, 13),
        decision="review",
    )
    ReviewFactory(board=board, ref="CSPR-2026-01", kind="cspr", title="Child J", started_on=date(2026, 1, 20))
    national = ReviewFactory(
        board=board,
        ref="NAT-2024-01",
        kind="national",
        title="Safeguarding children with disabilities",
        notified_on=date(2024, 10, 1),
    )
    adopted = RecommendationFactory(
        review=national,
        ref="1",
        text="Review residential placements",
        lead_agency=police,
        status="implemented",
        decided_on=date(2025, 11, 1),
        evidence="Every placement reviewed on time",
    )
    update(adopted, date(2025, 9, 1), "Reviews under way", "in_progress")
    audit = AuditFactory(board=board, name="Section 11 audit 2025", kind="section_11", started_on=date(2025, 9, 1))
    results(audit, "initial", date(2025, 10, 1), None, red=4, amber=4, green=4)
    EvidenceFactory(board=board, title="Young people's panel survey", kind="survey", date=date(2025, 11, 1))


@pytest.fixture
def instance() -> Instance:
    cache.clear()
    children = default_board()
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")
    police = AgencyFactory(name="Northmoor Police", sector="police")
    health = AgencyFactory(name="Northmoor Integrated Care Board", sector="health")
    adults_records(adults, police, health)
    children_records(children, police)
    return Instance(children, adults)


@pytest.fixture
def manager_of_both():
    return UserFactory(username="unit-manager", roles=[roles.BUSINESS_MANAGER])


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


ADULTS_ONLY = ["SAR-2023-01", "Adult D", "Partner self-assessment 2025", "Making Safeguarding Personal survey"]
CHILDREN_ONLY = ["RR-2025-01", "Child H", "Section 11 audit 2025", "Young people's panel survey"]


def test_the_adults_report_is_organised_as_the_care_acts_d_to_g(instance, client_for, manager_of_both):
    page = client_for(manager_of_both).get(reverse("yearend:report", args=["nsab", YEAR.label]))
    text = text_of(page.content.decode())
    learning = between(text, "Learning from reviews As the Care Act", "Quality assurance and audit Audits in")
    d = between(learning, "(d) Safeguarding Adults Reviews concluded in 2025-26", "(e) Reviews ongoing")
    e = between(learning, "(e) Reviews ongoing on 31/03/2026", "(f) What the board did")
    f = between(learning, "(f) What the board did to implement the findings", "(g) Decisions")
    g = learning.split("(g) Decisions in 2025-26 not to implement a finding", 1)[1]
    # (d): concluded in the year though begun two years earlier; the DHR in the list after the SARs.
    assert "SAR-2023-01 Adult D 01/05/2023 01/09/2025 01/10/2025 Hospital discharge" in d
    assert d.index("SAR-2023-01") < d.index("Other reviews the board holds") < d.index("DHR-2024-01 Domestic homicide")
    # Concluded the day after the year's end: ongoing at it, not concluded in it.
    assert "SAR-2025-02" not in d and "SAR-2025-02 Safeguarding Adults Review Adult F 01/06/2025 01/04/2026" in e
    assert "Discharge protocol drafted" in f and "Implemented 01/12/2025" in f
    assert "Train care home staff" in f and "In progress (overdue)" in f
    # (g): the decision in the year with its reason; the one dated in April 2026 is the next year's.
    assert "Superseded by the national framework" in g and "01/02/2026" in g
    assert "Costs beyond the budget" not in text
    assessment = between(text, "Quality assurance and audit Audits in 2025-26", "Sources of assurance")
    # Every stage of an audit that ran in the year, the April follow-up included, summed over agencies.
    assert "initial 01/06/2025 3 5 2 0 10" in assessment
    assert "after improvement action 20/04/2026 1 3 6 0 10" in assessment
    assert "Not met 3 1 -2" in assessment and "Fully met 2 6 +4" in assessment
    assert "Partner self-assessment 2025: answers by judgement at each stage" in assessment  # the chart
    assert "Section 42 enquiries data Data Adults Executive Northmoor Police" in text
    for part in CHILDREN_ONLY:
        assert part not in text, part


def test_the_childrens_report_is_organised_around_rapid_local_and_national_reviews(
    instance, client_for, manager_of_both
):
    page = client_for(manager_of_both).get(reverse("yearend:report", args=["nscp", YEAR.label]))
    text = text_of(page.content.decode())
    assert "RR-2025-01 Child H 17/12/2025 13/01/2026 16 of 15 (late) Review" in text
    assert "CSPR-2026-01 Local child safeguarding practice review Child J 20/01/2026 — — Ongoing" in text
    assert "NAT-2024-01 Safeguarding children with disabilities: 1 recommendation." in text
    assert "Implemented in 2025-26: 1; outstanding at 31/03/2026: 0" in text
    assert "NAT-2024-01 recommendation 1: Every placement reviewed on time" in text
    assert "No decision not to implement a recommendation in 2025-26." in text
    assert "initial 01/10/2025 4 4 4 0 12" in text
    for part in ADULTS_ONLY:
        assert part not in text, part


def test_each_boards_json_has_its_reviews_and_audits(instance):
    adults = year_summary(YEAR, instance.adults)
    assert [r["ref"] for r in adults["reviews"]] == ["SAR-2023-01", "SAR-2025-02", "DHR-2024-01"]
    first = adults["reviews"][0]
    assert first == {
        "ref": "SAR-2023-01",
        "kind": "sar",
        "title": "Adult D",
        "status": "published",
        "notified_on": "2023-03-01",
        "decided_on": "2023-04-01",
        "started_on": "2023-05-01",
        "concluded_on": "2025-09-01",
        "published_on": "2025-10-01",
        # As they stood on 31/03/2026: the decision of 15/04/2026 was not yet made, and nothing was
        # recorded of that recommendation before it (not started).
        "recommendations": {"total": 4, "not_started": 1, "in_progress": 1, "implemented": 1, "not_to_implement": 1},
    }
    assert adults["reviews"][1]["status"] == "ongoing"
    assert adults["reviews_in_year"] == {
        "concluded": ["SAR-2023-01", "DHR-2024-01"],
        "ongoing_at_end": ["SAR-2025-02"],
        "not_to_implement": [
            {
                "review": "SAR-2023-01",
                "ref": "2",
                "reason": "Superseded by the national framework",
                "decided_on": "2026-02-01",
            }
        ],
        "updates_in_year": 1,
    }
    assert adults["audits"] == [
        {
            "name": "Partner self-assessment 2025",
            "kind": "self_assessment",
            "stages": [
                {
                    "stage": "initial",
                    "date": "2025-06-01",
                    "counts": {"red": 3, "amber": 5, "green": 2, "none": 0},
                    "total": 10,
                },
                {
                    "stage": "after improvement action",
                    "date": "2026-04-20",
                    "counts": {"red": 1, "amber": 3, "green": 6, "none": 0},
                    "total": 10,
                },
            ],
        }
    ]
    children = json.loads(json.dumps(year_summary(YEAR, instance.children)))
    assert [(r["ref"], r["status"]) for r in children["reviews"]] == [
        ("RR-2025-01", "decided"),
        ("CSPR-2026-01", "ongoing"),
        ("NAT-2024-01", "notified"),
    ]
    assert children["reviews_in_year"]["ongoing_at_end"] == ["CSPR-2026-01"]
    assert [a["name"] for a in children["audits"]] == ["Section 11 audit 2025"]


def test_each_boards_word_document_has_its_own_sections(instance):
    adults = docx_text(report_docx(build_report(YEAR, instance.adults)))
    for part in [
        "Learning from reviews",
        "(d) Safeguarding Adults Reviews concluded in 2025-26",
        "(e) Reviews ongoing on 31/03/2026",
        "(g) Decisions in 2025-26 not to implement a finding",
        "Superseded by the national framework",
        "Quality assurance and audit",
        "after improvement action",
        "20/04/2026",
        "Sources of assurance",
        *ADULTS_ONLY,
    ]:
        assert part in adults, part
    assert "Costs beyond the budget" not in adults
    children = docx_text(report_docx(build_report(YEAR, instance.children)))
    for part in ["Rapid reviews", "16 of 15 (late)", "National reviews adopted", *CHILDREN_ONLY]:
        assert part in children, part
    for part in ADULTS_ONLY:
        assert part not in children, part


def test_the_pdf_has_the_new_sections(instance, tmp_path):
    assert shutil.which("pdftotext"), "poppler-utils is installed by make test"
    pdf = tmp_path / "adults.pdf"
    pdf.write_bytes(report_pdf(build_report(YEAR, instance.adults)))
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    for part in [
        "Learning from reviews",
        "(d) Safeguarding Adults Reviews concluded in 2025-26",
        "SAR-2023-01",
        "Superseded by the national framework",
        "Quality assurance and audit",
        "after improvement action",
        "Making Safeguarding Personal survey",
    ]:
        assert part in text, part


def test_empty_data_says_so_under_each_heading(client_for, manager_of_both):
    cache.clear()
    adults = BoardFactory(name="Empty Adults Board", slug="eab", kind="adults")
    MeetingFactory(group=GroupFactory(name="Empty Executive", kind="board", board=adults), date=date(2025, 6, 1))
    text = text_of(
        client_for(manager_of_both).get(reverse("yearend:report", args=["eab", YEAR.label])).content.decode()
    )
    for sentence in [
        "No Safeguarding Adults Reviews concluded in 2025-26.",
        "No reviews ongoing at the end of 2025-26.",
        "No recommendation was implemented, updated or in progress in 2025-26.",
        "No decision not to implement a recommendation in 2025-26.",
        "No audits ran in 2025-26.",
        "No reports or data received in 2025-26.",
    ]:
        assert sentence in text, sentence


class Statuses(dict):
    """The checklist's statuses, looked up by the start of an item's label."""

    def __getitem__(self, start: str) -> str:
        return next(status for label, status in self.items() if label.startswith(start))


def checklist(board: Board) -> Statuses:
    return Statuses({item.label: item.status for item in build_report(YEAR, board).checklist})


def test_the_checklist_flips_from_missing_to_covered_by_the_records():
    adults = BoardFactory(name="Another Adults Board", slug="aab", kind="adults")
    children = BoardFactory(name="Another Children Board", slug="acb", kind="children")
    before = checklist(adults)
    assert [before[key] for key in before if key[:3] in ("(d)", "(e)", "(f)", "(g)")] == ["missing"] * 4
    assert checklist(children)["How feedback from children and families w"] == "missing"
    assert checklist(children)["Decisions and actions taken, or planned, "] == "missing"
    assert checklist(children)["Evidence of the impact of the partners' a"] == "missing"
    # A review concluded two years ago with a decision in this year counts: a recommendation decided in it.
    old = ReviewFactory(
        board=adults, ref="SAR-2020-01", kind="sar", started_on=date(2020, 1, 1), concluded_on=date(2021, 1, 1)
    )
    assert checklist(adults)["(d) The findings of the Safeguarding Adul"] == "missing"
    RecommendationFactory(review=old, ref="1", status="implemented", decided_on=date(2025, 7, 1))
    after = build_report(YEAR, adults).checklist
    flipped = [item for item in after if item.label[:3] in ("(d)", "(e)", "(f)", "(g)")]
    assert {item.status for item in flipped} == {"section"}
    assert {item.section_title for item in flipped} == {"Learning from reviews"}
    ReviewFactory(board=children, ref="CSPR-1", kind="cspr", started_on=date(2025, 5, 1))
    EvidenceFactory(board=children, title="Children's survey", kind="survey", date=date(2025, 8, 1))
    covered = checklist(children)
    assert covered["Decisions and actions taken, or planned, "] == "section"
    assert covered["How feedback from children and families w"] == "section"
    assert covered["Evidence of the impact of the partners' a"] == "section"


def grow(board: Board, n: int) -> None:
    """n more reviews, each with recommendations and updates, and an audit with stages."""
    for i in range(n):
        review = ReviewFactory(board=board, ref=f"SAR-X-{board.pk}-{i}", kind="sar", started_on=date(2025, 5, 1))
        for r in range(3):
            rec = RecommendationFactory(review=review, ref=str(r + 1), due_date=date(2025, 7, 1))
            update(rec, date(2025, 8, 1), "Work started", "in_progress")
        audit = AuditFactory(board=board, name=f"Audit {board.pk}-{i}", started_on=date(2025, 6, 1))
        results(audit, "initial", date(2025, 7, 1), None, red=1, green=2)
        RecommendationFactory(review=None, audit=audit, ref="1")


def test_the_report_page_costs_a_fixed_number_of_queries_however_many_reviews(
    instance, client_for, manager_of_both, django_assert_max_num_queries
):
    client = client_for(manager_of_both)
    url = reverse("yearend:report", args=["nsab", YEAR.label])
    # The report page's 29 (tests/yearend/test_report.py) and, with records to read, 4 prefetches:
    # the reviews' recommendations' updates, the audits' results, recommendations and their updates.
    with django_assert_max_num_queries(33) as before:
        client.get(url)
    grow(instance.adults, 8)
    cache.clear()
    with django_assert_max_num_queries(len(before.captured_queries)):
        text = text_of(client.get(url).content.decode())
    assert "SAR-X-" in text


def test_the_dashboard_tile_lists_overdue_recommendations(
    instance, client_for, manager_of_both, django_assert_max_num_queries
):
    today = timezone.localdate()
    review = ReviewFactory(board=instance.adults, ref="SAR-2026-09", kind="sar", started_on=today - timedelta(days=30))
    RecommendationFactory(review=review, ref="7", text="Due yesterday", due_date=today - timedelta(days=1))
    RecommendationFactory(review=review, ref="8", text="Due today", due_date=today)
    client = client_for(manager_of_both)
    cache.clear()
    with django_assert_max_num_queries(40) as before:
        page = client.get(reverse("board-home", args=["nsab"])).content.decode()
    tile = text_of(page.split('id="tile-recommendations"', 1)[1].split("</section>", 1)[0])
    # Open: recommendations 4 of SAR-2023-01 and A1 of the audit, 7 and 8; overdue: 4 and 7.
    assert "4 open" in tile and "2 overdue" in tile
    assert "SAR-2023-01 recommendation 4 (due 30/06/2025) Lead: Northmoor Police" in tile
    assert "SAR-2026-09 recommendation 7" in tile and "recommendation 8" not in tile
    assert "RR-2025-01" not in tile  # the other board's
    grow(instance.adults, 5)
    cache.clear()
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("board-home", args=["nsab"]))


def test_the_tile_is_for_readers_of_learning_only(instance, client_for):
    from yearend.dashboard import dashboard

    nobody = UserFactory(username="no-roles")
    assert dashboard(nobody, instance.adults, timezone.localdate()).recommendations is None
    reader = UserFactory(username="reader", roles=[roles.BOARD_MEMBER])
    assert dashboard(reader, instance.adults, timezone.localdate()).recommendations is not None


def test_a_year_with_only_learning_records_has_a_report(client_for, manager_of_both):
    cache.clear()
    adults = BoardFactory(name="Quiet Adults Board", slug="qab", kind="adults")
    client = client_for(manager_of_both)
    assert client.get(reverse("yearend:report", args=["qab", "2019-20"])).status_code == 404
    ReviewFactory(
        board=adults, ref="SAR-2019-01", kind="sar", started_on=date(2018, 1, 1), concluded_on=date(2019, 9, 1)
    )
    cache.clear()
    page = client.get(reverse("yearend:report", args=["qab", "2019-20"]))
    assert page.status_code == 200 and "SAR-2019-01" in page.content.decode()
