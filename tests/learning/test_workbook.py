"""The learning and assurance sheets of the board workbook: reviews, audits, audit_results,
recommendations, recommendation_updates and evidence (format 2)."""

from __future__ import annotations

import copy
import csv
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from governance.models import Agency, Board, Group, Person
from learning.models import Audit, AuditResult, Evidence, Recommendation, RecommendationUpdate, Review
from lscb.workbook import export_workbook, import_workbook, sheet_names
from tests.factories import BoardFactory, UserFactory
from tests.workbook.helpers import write_csvs, write_xlsx

pytestmark = pytest.mark.django_db

CHILDREN = "Northmoor Safeguarding Children Partnership"
ADULTS = "Northmoor Safeguarding Adults Board"
S11 = "Section 11 audit 2025"
PSA = "Partner self-assessment 2025"

FINDINGS = (
    "Agencies did not share information about Child H\u2019s school absence.\n\n"
    "• The GP practice\u2019s records were not seen by the strategy meeting;\n"
    "• the \u201cTeam Around the Family\u201d plan lapsed — nobody noticed for 3 months.\n"
    "Café staff at the youth centre raised concerns twice. " + "Learning for every agency. " * 60
)
REASON = "Superseded by the national review\u2019s recommendation 4.\nThe partnership adopted that one instead: \u201csee minutes\u201d."
NOTE = "Presented by the LADO.\nThe board asked for the figures by agency — and for next year\u2019s trend. Ångström test: é, ü, ç."

LEARNING = {
    "boards": [
        ["name", "short_name", "kind"],
        [CHILDREN, "NSCP", "children"],
        [ADULTS, "NSAB", "adults"],
    ],
    "agencies": [
        ["name", "sector"],
        ["Northmoor Council", "local_authority"],
        ["Northmoor Police", "police"],
    ],
    "groups": [
        ["board", "name", "kind", "parent"],
        ["NSCP", "Partnership Board", "board", ""],
        ["NSCP", "Case Review Group", "subgroup", "Partnership Board"],
        ["NSAB", "Adults Board", "board", ""],
        ["NSAB", "Case Review Group", "subgroup", "Adults Board"],
    ],
    "people": [
        ["name", "email", "agency"],
        ["Ann Manager", "ann@council.example", "Northmoor Council"],
    ],
    "reviews": [
        [
            "board",
            "ref",
            "kind",
            "title",
            "group",
            "notified_on",
            "decision",
            "decided_on",
            "decision_reason",
            "started_on",
            "concluded_on",
            "published_on",
            "findings",
        ],
        [
            "NSCP",
            "RR-2025-01",
            "rapid_review",
            "Child H",
            "Case Review Group",
            "2025-05-01",
            "review",
            "2025-05-20",
            "Criteria met",
            "2025-06-01",
            "2025-12-10",
            "",
            FINDINGS,
        ],
        ["NSCP", "LR-2025-01", "learning_review", "Family J", "", "", "", "", "", "", "", "", ""],
        [
            "NSAB",
            "LR-2025-01",
            "sar",
            "Adult D",
            "Case Review Group",
            "2025-04-10",
            "review",
            "2025-05-01",
            "",
            "2025-05-15",
            "",
            "",
            "",
        ],
    ],
    "audits": [
        ["board", "name", "kind", "group", "agency", "started_on", "completed_on", "findings"],
        ["NSCP", S11, "section_11", "Case Review Group", "", "2025-04-01", "2025-10-31", FINDINGS],
        ["NSAB", PSA, "self_assessment", "", "Northmoor Council", "2025-06-01", "", ""],
    ],
    "audit_results": [
        ["board", "audit", "stage", "date", "agency", "standard", "judgement", "count"],
        ["NSCP", S11, "initial", "2025-06-30", "Northmoor Police", "Standard 1", "red", "2"],
        ["NSCP", S11, "initial", "2025-06-30", "Northmoor Police", "Standard 1", "Fully met", "5"],
        ["NSCP", S11, "after improvement action", "2025-10-31", "Northmoor Police", "Standard 1", "green", "7"],
        ["NSAB", PSA, "initial", "2025-07-01", "", "", "amber", ""],
    ],
    "recommendations": [
        [
            "board",
            "review",
            "audit",
            "ref",
            "text",
            "lead_agency",
            "lead_group",
            "due_date",
            "status",
            "decided_on",
            "reason",
            "evidence",
        ],
        [
            "NSCP",
            "RR-2025-01",
            "",
            "1",
            "Review the threshold document",
            "Northmoor Council",
            "Case Review Group",
            "2026-03-31",
            "in_progress",
            "",
            "",
            "",
        ],
        [
            "NSCP",
            "RR-2025-01",
            "",
            "2",
            "Commission a national review",
            "",
            "",
            "",
            "not_to_implement",
            "2025-12-10",
            REASON,
            "",
        ],
        [
            "NSAB",
            "LR-2025-01",
            "",
            "1",
            "Make self-neglect training multi-agency",
            "",
            "Case Review Group",
            "2026-01-31",
            "implemented",
            "2025-11-01",
            "",
            "Attendance from 9 agencies; audit shows better referrals.\nSee the QA report.",
        ],
        [
            "NSCP",
            "",
            S11,
            "1",
            "Refresh safer recruitment checks",
            "Northmoor Police",
            "",
            "2025-12-31",
            "not_started",
            "",
            "",
            "",
        ],
    ],
    "recommendation_updates": [
        ["board", "review", "audit", "ref", "date", "status", "note", "author"],
        [
            "NSCP",
            "RR-2025-01",
            "",
            "1",
            "2025-09-01",
            "in_progress",
            "Threshold working group met",
            "ann@council.example",
        ],
        ["NSCP", "RR-2025-01", "", "1", "2025-09-01", "", "A second note the same day", ""],
        ["NSAB", "LR-2025-01", "", "1", "2025-11-01", "implemented", NOTE, "Ann Manager"],
        ["NSCP", "", S11, "1", "2025-11-15", "", "Reminder sent to every agency", ""],
    ],
    "evidence": [
        ["board", "title", "date", "kind", "scope", "group", "agency", "note"],
        [
            "NSCP",
            "LADO annual report",
            "2025-07-10",
            "report",
            "allegations against staff",
            "Partnership Board",
            "Northmoor Council",
            NOTE,
        ],
        ["NSAB", "Making Safeguarding Personal survey", "2025-09-01", "survey", "voice of adults at risk", "", "", ""],
    ],
}
SIX = ["reviews", "audits", "audit_results", "recommendations", "recommendation_updates", "evidence"]


@pytest.fixture
def book() -> dict[str, list[list]]:
    return copy.deepcopy(LEARNING)


@pytest.fixture
def as_csv(tmp_path):
    counter = iter(range(1000))
    return lambda sheets: write_csvs(tmp_path / f"csv{next(counter)}", sheets)


def problems(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.message) for p in result.problems]


def where(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column) for p in result.problems]


def message(result, sheet: str, row: int, column: str) -> str:
    (found,) = [p.message for p in result.problems if (p.sheet, p.row, p.column) == (sheet, row, column)]
    return found


def learning_counts() -> dict[str, int]:
    models = (Review, Audit, AuditResult, Recommendation, RecommendationUpdate, Evidence)
    return {model.__name__: model.objects.count() for model in models}


def history_count() -> int:
    models = (Review, Audit, AuditResult, Recommendation, RecommendationUpdate, Evidence)
    return sum(model.history.count() for model in models)


def source_key(r) -> tuple:
    source = r.review if r.review_id else r.audit
    return (source.board.name, "review" if r.review_id else "audit", r.review.ref if r.review_id else r.audit.name)


def snapshot() -> dict[str, dict]:
    """Every learning record by its natural key within its board, with every field the workbook carries."""
    return {
        "reviews": {
            (r.board.name, r.ref): (
                r.kind,
                r.title,
                r.group and (r.group.board.name, r.group.name),
                r.notified_on,
                r.decision,
                r.decided_on,
                r.decision_reason,
                r.started_on,
                r.concluded_on,
                r.published_on,
                r.findings,
            )
            for r in Review.objects.select_related("board", "group__board")
        },
        "audits": {
            (a.board.name, a.name): (
                a.kind,
                a.group and (a.group.board.name, a.group.name),
                a.agency and a.agency.name,
                a.started_on,
                a.completed_on,
                a.findings,
            )
            for a in Audit.objects.select_related("board", "group__board", "agency")
        },
        "audit_results": {
            (r.audit.board.name, r.audit.name, r.stage, r.agency and r.agency.name, r.standard, r.judgement): (
                r.date,
                r.count,
            )
            for r in AuditResult.objects.select_related("audit__board", "agency")
        },
        "recommendations": {
            (*source_key(r), r.ref): (
                r.text,
                r.lead_agency and r.lead_agency.name,
                r.lead_group and (r.lead_group.board.name, r.lead_group.name),
                r.due_date,
                r.status,
                r.decided_on,
                r.reason,
                r.evidence,
            )
            for r in Recommendation.objects.select_related(
                "review__board", "audit__board", "lead_agency", "lead_group__board"
            )
        },
        "recommendation_updates": {
            (*source_key(u.recommendation), u.recommendation.ref, u.date, u.note): (
                u.status,
                u.author and u.author.key,
            )
            for u in RecommendationUpdate.objects.select_related(
                "recommendation__review__board", "recommendation__audit__board", "author"
            )
        },
        "evidence": {
            (e.board.name, e.title, e.date): (
                e.kind,
                e.scope,
                e.group and (e.group.board.name, e.group.name),
                e.agency and e.agency.name,
                e.note,
            )
            for e in Evidence.objects.select_related("board", "group__board", "agency")
        },
    }


def wipe() -> None:
    """Empty the database of every record the workbook carries, boards too."""
    for model in (RecommendationUpdate, Recommendation, AuditResult, Audit, Review, Evidence):
        model.objects.all().delete()
    Person.objects.all().delete()
    Group.objects.update(parent=None)
    Group.objects.all().delete()
    Agency.objects.all().delete()
    Board.objects.all().delete()


def read_csv(folder, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


# --- the sheets ---------------------------------------------------------------------------------


def test_the_learning_sheets_come_after_the_sheets_they_refer_to():
    names = sheet_names()
    assert [name for name in names if name in SIX] == SIX
    for sheet, before in {
        "reviews": ("boards", "groups"),
        "audits": ("boards", "groups", "agencies"),
        "audit_results": ("audits", "agencies"),
        "recommendations": ("reviews", "audits", "agencies", "groups"),
        "recommendation_updates": ("recommendations", "people"),
        "evidence": ("boards", "groups", "agencies"),
    }.items():
        assert all(names.index(other) < names.index(sheet) for other in before), sheet


def test_each_sheet_imports_into_its_boards(book, as_csv):
    manager = UserFactory(username="importer")
    result = import_workbook(as_csv(book), by=manager)
    assert result.ok, problems(result)
    assert {name: result.counts[name].created for name in SIX} == {
        "reviews": 3,
        "audits": 2,
        "audit_results": 4,
        "recommendations": 4,
        "recommendation_updates": 4,
        "evidence": 2,
    }
    rapid = Review.objects.get(board__short_name="NSCP", ref="RR-2025-01")
    assert (rapid.kind, rapid.title, rapid.group.board.short_name, rapid.group.name) == (
        "rapid_review",
        "Child H",
        "NSCP",
        "Case Review Group",
    )
    assert (rapid.notified_on, rapid.decision, rapid.decided_on, rapid.concluded_on, rapid.published_on) == (
        date(2025, 5, 1),
        "review",
        date(2025, 5, 20),
        date(2025, 12, 10),
        None,
    )
    assert rapid.findings == FINDINGS.strip()
    # The same ref in both boards: two reviews, each with its own recommendation 1.
    sar = Review.objects.get(board__short_name="NSAB", ref="LR-2025-01")
    assert (sar.kind, sar.title) == ("sar", "Adult D")
    assert Review.objects.get(board__short_name="NSCP", ref="LR-2025-01").title == "Family J"
    adults = Recommendation.objects.get(review=sar, ref="1")
    assert (adults.status, adults.decided_on, adults.lead_group.board.short_name) == (
        "implemented",
        date(2025, 11, 1),
        "NSAB",
    )
    children = Recommendation.objects.get(review=rapid, ref="1")
    assert (children.lead_agency.name, children.lead_group.board.short_name, children.due_date) == (
        "Northmoor Council",
        "NSCP",
        date(2026, 3, 31),
    )
    declined = Recommendation.objects.get(review=rapid, ref="2")
    assert (declined.status, declined.reason, declined.decided_on) == ("not_to_implement", REASON, date(2025, 12, 10))
    s11 = Audit.objects.get(name=S11)
    assert (s11.board.short_name, s11.kind, s11.group.name, s11.completed_on) == (
        "NSCP",
        "section_11",
        "Case Review Group",
        date(2025, 10, 31),
    )
    assert Recommendation.objects.get(audit=s11).status == "not_started"
    assert Audit.objects.get(name=PSA).agency.name == "Northmoor Council"
    results = {
        (r.stage, r.agency and r.agency.name, r.standard, r.judgement): (r.date, r.count)
        for r in AuditResult.objects.all()
    }
    assert results == {
        ("initial", "Northmoor Police", "Standard 1", "red"): (date(2025, 6, 30), 2),
        ("initial", "Northmoor Police", "Standard 1", "green"): (date(2025, 6, 30), 5),
        ("after improvement action", "Northmoor Police", "Standard 1", "green"): (date(2025, 10, 31), 7),
        ("initial", None, "", "amber"): (date(2025, 7, 1), 1),  # count defaults to 1
    }
    updates = RecommendationUpdate.objects.filter(recommendation=children).order_by("pk")
    assert [(u.date, u.status, u.note, u.author and u.author.name) for u in updates] == [
        (date(2025, 9, 1), "in_progress", "Threshold working group met", "Ann Manager"),
        (date(2025, 9, 1), "", "A second note the same day", None),
    ]
    # Who imported them recorded them, and their history says so.
    assert {u.recorded_by for u in RecommendationUpdate.objects.all()} == {manager}
    assert {h.history_user for h in Review.history.all()} == {manager}
    assert RecommendationUpdate.objects.get(recommendation=adults).note == NOTE
    lado = Evidence.objects.get(title="LADO annual report")
    assert (lado.board.short_name, lado.kind, lado.scope, lado.group.name, lado.agency.name, lado.note) == (
        "NSCP",
        "report",
        "allegations against staff",
        "Partnership Board",
        "Northmoor Council",
        NOTE,
    )
    assert Evidence.objects.get(board__short_name="NSAB").kind == "survey"


def test_the_same_workbook_twice_changes_nothing(book, as_csv):
    folder = as_csv(book)
    assert import_workbook(folder).ok
    before, history = snapshot(), history_count()
    again = import_workbook(folder)
    assert again.ok and again.changes == []
    assert {name: again.counts[name].unchanged for name in SIX} == {
        "reviews": 3,
        "audits": 2,
        "audit_results": 4,
        "recommendations": 4,
        "recommendation_updates": 4,
        "evidence": 2,
    }
    assert snapshot() == before and history_count() == history


def test_a_changed_row_updates_its_record_found_by_its_key(book, as_csv):
    assert import_workbook(as_csv(book)).ok
    rapid = Review.objects.get(board__short_name="NSCP", ref="RR-2025-01")
    version = Recommendation.objects.get(review=rapid, ref="1").version
    book["recommendations"][1][8:10] = ["implemented", "2026-01-15"]
    book["reviews"][1][11] = "2026-02-01"
    result = import_workbook(as_csv(book))
    assert result.ok, problems(result)
    changed = {(c.sheet, c.key): [(f.column, f.old, f.new) for f in c.fields] for c in result.changes}
    assert changed == {
        ("reviews", "RR-2025-01"): [("published_on", None, "01/02/2026")],
        ("recommendations", "RR-2025-01 / 1"): [
            ("status", "in_progress", "implemented"),
            ("decided_on", None, "15/01/2026"),
        ],
    }
    recommendation = Recommendation.objects.get(review=rapid, ref="1")
    assert (recommendation.status, recommendation.version) == ("implemented", version + 1)
    assert Recommendation.objects.count() == 4


def test_the_board_may_be_left_out_in_a_one_board_instance(as_csv):
    only = BoardFactory(name=CHILDREN, short_name="NSCP")
    book = {
        "reviews": [["ref", "kind", "title"], ["RR-1", "rapid_review", "Child A"]],
        "recommendations": [["review", "ref", "text", "status"], ["RR-1", "1", "Do it", "not_started"]],
        "recommendation_updates": [["review", "ref", "date", "note"], ["RR-1", "1", "2025-06-01", "Begun"]],
        "audits": [["name", "kind"], [S11, "section_11"]],
        "audit_results": [["audit", "stage", "date", "judgement"], [S11, "initial", "2025-06-01", "none"]],
        "evidence": [["title", "date", "kind"], ["Police data", "2025-06-01", "data"]],
    }
    result = import_workbook(as_csv(book))
    assert result.ok, problems(result)
    assert Review.objects.get().board == only and Evidence.objects.get().board == only
    assert AuditResult.objects.get().count == 1
    assert Recommendation.objects.get().updates.get().note == "Begun"


# --- errors -------------------------------------------------------------------------------------


def test_every_error_is_reported_and_nothing_is_written(book, as_csv):
    book["recommendations"][1][8:11] = ["not_to_implement", "2025-12-10", ""]  # declined without its reason
    book["recommendations"][2][1] = "RR-2025-99"  # an unknown review
    book["recommendations"][4][1] = "RR-2025-01"  # an audit's recommendation naming a review too
    book["audit_results"][1][6] = "purple"  # a judgement off the list
    book["audit_results"][2][7] = "-3"  # a negative count
    book["reviews"][3][4] = "Partnership Board"  # the adults' review overseen by the children's group
    book["reviews"][2][5:8] = ["2025-05-01", "", "2025-04-30"]  # decided before notified
    book["audits"][2][6] = "2025-03-01"  # completed before it started
    result = import_workbook(as_csv(book))
    assert not result.committed
    assert learning_counts() == dict.fromkeys(learning_counts(), 0)
    assert not Board.objects.exists()
    assert where(result) == [
        ("reviews", 3, "decided_on"),
        ("reviews", 4, "group"),
        ("audits", 3, "completed_on"),
        ("audit_results", 2, "judgement"),
        ("audit_results", 3, "count"),
        ("recommendations", 2, "reason"),
        ("recommendations", 3, "review"),
        ("recommendations", 5, "audit"),
    ]
    assert message(result, "reviews", 3, "decided_on") == "must not be before notified_on (2025-05-01)."
    assert message(result, "reviews", 4, "group") == (
        f"'Partnership Board' is not a group of {ADULTS}: it is one of {CHILDREN}; "
        "a review refers to the groups of its own board."
    )
    assert message(result, "audits", 3, "completed_on") == "must not be before started_on (2025-06-01)."
    assert message(result, "audit_results", 2, "judgement") == "'purple' is not one of: red, amber, green, none."
    assert message(result, "audit_results", 3, "count") == "-3 is too small: the least allowed is 0."
    assert (
        message(result, "recommendations", 3, "review") == "'RR-2025-99' is not in the reviews sheet or the database."
    )
    assert message(result, "recommendations", 2, "reason") == (
        "required when the status is not_to_implement: why it will not be implemented."
    )
    assert message(result, "recommendations", 5, "audit").startswith(
        "a recommendation belongs to a review or to an audit, not both"
    )
    # Each problem reads as `sheet, row N, column: message`.
    assert str(result.problems[0]) == "reviews, row 3, decided_on: must not be before notified_on (2025-05-01)."
    # The updates of a recommendation whose row failed are not reported again: its own error says why.
    assert not [p for p in result.problems if p.sheet == "recommendation_updates"]


def test_a_recommendation_of_neither_a_review_nor_an_audit(book, as_csv):
    book["recommendations"][4][2] = ""
    book["recommendation_updates"][4][2] = ""
    result = import_workbook(as_csv(book))
    assert problems(result) == [
        (
            "recommendations",
            5,
            "review",
            "give the ref of the review, or in audit the name of the audit, the recommendation belongs to.",
        ),
        (
            "recommendation_updates",
            5,
            "review",
            "give the ref of the review, or in audit the name of the audit, the recommendation belongs to.",
        ),
    ]


def test_a_review_ref_is_looked_for_in_the_rows_board(book, as_csv):
    book["reviews"][1][1] = "RR-2025-07"  # the children's review; the adults' board has none of that ref
    book["recommendations"][1][0] = "NSAB"
    book["recommendations"][1][1] = "RR-2025-07"
    del book["recommendations"][2], book["recommendation_updates"][1:3]
    result = import_workbook(as_csv(book))
    assert problems(result) == [
        (
            "recommendations",
            2,
            "review",
            f"'RR-2025-07' is not a review of {ADULTS}: it is one of {CHILDREN}; name its board in this sheet's board column.",
        )
    ]


def test_a_lead_group_is_one_of_the_reviews_board(book, as_csv):
    book["recommendations"][1][6] = "Adults Board"
    result = import_workbook(as_csv(book))
    assert problems(result) == [
        (
            "recommendations",
            2,
            "lead_group",
            f"'Adults Board' is not a group of {CHILDREN}: it is one of {ADULTS}; "
            "a recommendation refers to the groups of its own board.",
        )
    ]


def test_the_dates_of_a_review_in_order(book, as_csv):
    book["reviews"][1][10:12] = ["2025-05-31", "2025-05-30"]  # concluded before started, published before that
    result = import_workbook(as_csv(book))
    assert problems(result) == [
        ("reviews", 2, "concluded_on", "must not be before started_on (2025-06-01)."),
        ("reviews", 2, "published_on", "must not be before concluded_on (2025-05-31)."),
    ]


def test_an_implemented_or_declined_recommendation_needs_its_date(book, as_csv):
    book["recommendations"][2][9] = ""
    book["recommendations"][3][9] = ""
    result = import_workbook(as_csv(book))
    assert problems(result) == [
        ("recommendations", 3, "decided_on", "required when the status is not_to_implement: the date of the decision."),
        ("recommendations", 4, "decided_on", "required when the status is implemented: the date it was implemented."),
    ]


def test_errors_of_the_updates_and_results(book, as_csv):
    book["recommendation_updates"][1][3] = "9"  # no recommendation 9 of that review
    book["recommendation_updates"][2][4] = "2099-01-01"  # in the future
    book["recommendation_updates"][3][5] = "done"  # a status off the list
    book["audit_results"][2][3] = "2025-07-01"  # one stage, two dates
    book["audit_results"].append(list(book["audit_results"][4]))  # the same key twice
    result = import_workbook(as_csv(book))
    assert where(result) == [
        ("audit_results", 3, "date"),
        ("audit_results", 6, "judgement"),
        ("recommendation_updates", 2, "ref"),
        ("recommendation_updates", 3, "date"),
        ("recommendation_updates", 4, "status"),
    ]
    assert message(result, "recommendation_updates", 2, "ref") == (
        "the review RR-2025-01 has no recommendation 9 in the recommendations sheet or the database."
    )
    assert message(result, "recommendation_updates", 3, "date").startswith("2099-01-01 is in the future")
    assert message(result, "audit_results", 3, "date").startswith(
        f"the stage 'initial' of {S11} is dated 2025-06-30 in an earlier row"
    )
    assert message(result, "audit_results", 6, "judgement") == ("the same audit and stage and judgement as row 5.")


def test_two_rows_of_one_recommendation_are_an_error(book, as_csv):
    book["recommendations"].append(list(book["recommendations"][1]))
    result = import_workbook(as_csv(book))
    assert problems(result) == [("recommendations", 6, "ref", "the same review and ref as row 2.")]


def test_a_review_title_is_anonymised_and_the_import_says_so_without_judging_it(book, as_csv):
    book["reviews"][2][3] = ""
    result = import_workbook(as_csv(book))
    assert problems(result) == [
        (
            "reviews",
            3,
            "title",
            'a value is required: the anonymised title the board\'s papers use, e.g. "Child H" or "Adult D": '
            "never a real name.",
        )
    ]
    # The reminder is not an error: whatever the title says, the import keeps it as written.
    book["reviews"][2][3] = "Siblings K and L (\u201cFamily K\u201d)"
    result = import_workbook(as_csv(book))
    assert result.ok, problems(result)
    assert (
        Review.objects.get(board__short_name="NSCP", ref="LR-2025-01").title
        == "Siblings K and L (\u201cFamily K\u201d)"
    )


def test_an_importer_of_one_board_may_not_write_anothers_learning(book, as_csv):
    assert import_workbook(as_csv(book)).ok
    children = Board.objects.get(short_name="NSCP")
    book["recommendations"][3][4] = "Make self-neglect training multi-agency and mandatory"
    book["audit_results"][4][7] = "4"
    result = import_workbook(as_csv(book), board=children, boards=[children])
    assert problems(result) == [
        ("audit_results", 5, "board", f"you may not import into {ADULTS}: only into the boards you manage."),
        ("recommendations", 4, "board", f"you may not import into {ADULTS}: only into the boards you manage."),
    ]


# --- export -------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["instance.xlsx", "csv-folder"])
def test_two_boards_exported_and_imported_into_an_empty_database_come_back_the_same(book, as_csv, tmp_path, target):
    assert import_workbook(as_csv(book)).ok
    before = snapshot()
    assert all(before.values())
    export_workbook(tmp_path / target)
    wipe()
    assert not any(snapshot().values())
    result = import_workbook(tmp_path / target)
    assert result.ok, problems(result)
    after = snapshot()
    for table in before:
        assert after[table] == before[table], table
    # Long, accented, multi-line text comes back as written.
    assert Review.objects.get(board__short_name="NSCP", ref="RR-2025-01").findings == FINDINGS.strip()
    assert Recommendation.objects.get(status="not_to_implement").reason == REASON
    assert Evidence.objects.get(title="LADO annual report").note == NOTE
    again = import_workbook(tmp_path / target)
    assert again.ok and again.changes == []


def test_the_export_writes_the_six_sheets_with_every_column(book, as_csv, tmp_path):
    assert import_workbook(as_csv(book)).ok
    export_workbook(tmp_path / "board.xlsx")
    workbook = load_workbook(tmp_path / "board.xlsx")
    assert workbook.sheetnames[-6:] == SIX
    for name in SIX:
        header = [cell.value for cell in workbook[name][1]]
        assert header == LEARNING[name][0], name
    export_workbook(tmp_path / "out")
    recommendations = [
        (row["board"], row["review"], row["audit"], row["ref"]) for row in read_csv(tmp_path / "out", "recommendations")
    ]
    assert recommendations == [
        (ADULTS, "LR-2025-01", "", "1"),
        (CHILDREN, "RR-2025-01", "", "1"),
        (CHILDREN, "RR-2025-01", "", "2"),
        (CHILDREN, "", S11, "1"),
    ]
    updates = [(row["ref"], row["date"], row["note"]) for row in read_csv(tmp_path / "out", "recommendation_updates")]
    assert updates[1:3] == [
        ("1", "2025-09-01", "Threshold working group met"),
        ("1", "2025-09-01", "A second note the same day"),
    ]


def test_one_boards_export_has_its_own_learning_only(book, as_csv, tmp_path):
    assert import_workbook(as_csv(book)).ok
    adults = Board.objects.get(short_name="NSAB")
    export_workbook(tmp_path / "adults", [adults])
    assert [row["ref"] for row in read_csv(tmp_path / "adults", "reviews")] == ["LR-2025-01"]
    assert [row["name"] for row in read_csv(tmp_path / "adults", "audits")] == [PSA]
    assert {row["board"] for name in SIX for row in read_csv(tmp_path / "adults", name)} == {ADULTS}
    assert len(read_csv(tmp_path / "adults", "recommendation_updates")) == 1
    again = import_workbook(tmp_path / "adults")
    assert again.ok and again.changes == []


def test_a_board_without_learning_records_gets_no_learning_sheets(tmp_path):
    BoardFactory(name=CHILDREN)
    export_workbook(tmp_path / "board.xlsx")
    assert not set(SIX) & set(load_workbook(tmp_path / "board.xlsx").sheetnames)


# --- the browser import -------------------------------------------------------------------------


def test_the_import_preview_counts_the_learning_sheets(client_for, manager, tmp_path, settings):
    from tests.factories import default_board

    settings.LSCB_WORKBOOK_UPLOAD_DIR = tmp_path / "uploads"
    board = default_board()
    one = {
        name: [row[1:] for row in rows]
        for name, rows in LEARNING.items()
        if name not in ("boards", "agencies", "people") and rows[0][0] == "board"
    }
    one = {
        name: [rows[0], *[row for row, full in zip(rows[1:], LEARNING[name][1:], strict=True) if full[0] == "NSCP"]]
        for name, rows in one.items()
    }
    one["agencies"] = LEARNING["agencies"]
    one["people"] = LEARNING["people"]
    path = write_xlsx(tmp_path / "learning.xlsx", one)
    client = client_for(manager)
    importing = reverse("workbook:import", args=[board.slug])
    page = client.get(importing).content.decode()
    for name in SIX:
        assert f'<th scope="row">{name}</th>' in page
    response = client.post(importing, {"file": SimpleUploadedFile("learning.xlsx", path.read_bytes())})
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "Confirm import" in html, html
    for name, created in {
        "reviews": 2,
        "audits": 1,
        "audit_results": 3,
        "recommendations": 3,
        "recommendation_updates": 3,
        "evidence": 1,
    }.items():
        assert f'<th scope="row">{name}</th><td class="text-end">{created}</td>' in html, name
    assert not Review.objects.exists()  # the preview wrote nothing
    client.post(reverse("workbook:import-confirm", args=[board.slug]))
    assert Review.objects.filter(board=board).count() == 2
    assert {u.recorded_by for u in RecommendationUpdate.objects.all()} == {manager}
