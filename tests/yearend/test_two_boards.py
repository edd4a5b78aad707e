"""Two boards in one instance, a children's partnership and a Safeguarding Adults Board, with one
joint group: each board's dashboard and year-end report (web, JSON, Word, PDF) show that board's
records, the joint group in both, and the other board's in neither; each report follows its law."""

import io
import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from governance.kinds import words_for
from governance.models import Board
from lscb import roles
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    AttendanceFactory,
    BoardFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    UserFactory,
    default_board,
)
from tests.yearend.conftest import get_report_file
from yearend import services
from yearend.models import Narrative, SignedReport
from yearend.report import build_report

pytestmark = pytest.mark.django_db

LAST = ReportingYear.current().previous  # ended: its report can be signed off


@dataclass
class Instance:
    children: Board
    adults: Board


def own_records(board: Board, word: str, police, health) -> None:
    """A board's own group, plan and challenge, each named with `word`."""
    today = timezone.localdate()
    group = GroupFactory(name=f"{word} Executive", kind="board", board=board)
    person = PersonFactory(name=f"{word} Member", agency=police)
    MembershipFactory(group=group, person=person)
    for day in (LAST.start + timedelta(days=30), today - timedelta(days=1)):
        AttendanceFactory(meeting=MeetingFactory(group=group, date=day, status="held"), person=person)
    plan = PlanFactory(
        board=board,
        title=f"{word} Plan",
        slug=f"{word.lower()}-plan",
        start=LAST.start,
        end=LAST.end.replace(year=LAST.end.year + 2),
    )
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title=f"{word} priority"))
    ActionFactory(objective=objective, ref="1.1", text=f"{word} action")
    ChallengeFactory(
        board=board,
        ref=f"CH-{word[0]}",
        subject=f"{word} challenge",
        agency=health,
        raised_on=LAST.start + timedelta(days=60),
        response_due=today - timedelta(days=3),
    )


@pytest.fixture
def instance() -> Instance:
    children = default_board()
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")
    police = AgencyFactory(name="Northmoor Police", sector="police")
    health = AgencyFactory(name="Northmoor Integrated Care Board", sector="health")
    own_records(children, "Children", police, health)
    own_records(adults, "Adults", police, health)
    # The joint training group: the children's, joint with the adults' board.
    joint = GroupFactory(name="Joint Training Group", board=children)
    joint.joint_boards.add(adults)
    trainer = PersonFactory(name="Tess Trainer", agency=health)
    MembershipFactory(group=joint, person=trainer)
    for day in (LAST.start + timedelta(days=40), timezone.localdate() - timedelta(days=2)):
        AttendanceFactory(meeting=MeetingFactory(group=joint, date=day, status="held"), person=trainer)
    Narrative.objects.create(board=children, year=LAST.label, section="voice", text="The young people's panel met.")
    Narrative.objects.create(board=adults, year=LAST.label, section="voice", text="Making Safeguarding Personal.")
    return Instance(children, adults)


@pytest.fixture
def manager_of_both():
    return UserFactory(username="unit-manager", roles=[roles.BUSINESS_MANAGER])


def shows_own(text: str, own: str, other: str) -> None:
    """`text` shows the board's own plan, challenge and narrative, the joint group, and nothing of the other's."""
    for part in (f"{own} Plan", f"{own} challenge", f"{own} Executive", "Joint Training Group"):
        assert part in text, part
    for part in (f"{other} Plan", f"{other} challenge", f"{other} Executive"):
        assert part not in text, part


@pytest.mark.parametrize(("slug", "own", "other"), [("nscp", "Children", "Adults"), ("nsab", "Adults", "Children")])
def test_each_boards_report_page_shows_its_own_records_and_the_joint_group(
    instance, client_for, manager_of_both, slug, own, other
):
    client = client_for(manager_of_both)
    # The other board's page first: two boards never share a cached page.
    other_slug = "nsab" if slug == "nscp" else "nscp"
    assert client.get(reverse("yearend:report", args=[other_slug, LAST.label])).status_code == 200
    html = client.get(reverse("yearend:report", args=[slug, LAST.label])).content.decode()
    shows_own(html, own, other)
    board = Board.objects.get(slug=slug)
    assert board.name in html
    assert f'href="/{slug}/yearend/{LAST.label}/report.pdf"' in html
    assert f'href="/{slug}/yearend/{LAST.label}/narrative/introduction/"' in html


@pytest.mark.parametrize(("slug", "own", "other"), [("nscp", "Children", "Adults"), ("nsab", "Adults", "Children")])
def test_each_boards_dashboard_shows_its_own_records_and_the_joint_group(
    instance, client_for, manager_of_both, slug, own, other
):
    client = client_for(manager_of_both)
    other_slug = "nsab" if slug == "nscp" else "nscp"
    assert client.get(reverse("board-home", args=[other_slug])).status_code == 200  # cached first
    html = client.get(reverse("board-home", args=[slug])).content.decode()
    for part in (f"{own} Plan", f"CH-{own[0]}", f"{own} Executive", "Joint Training Group"):
        assert part in html, part
    for part in (f"{other} Plan", f"CH-{other[0]}", f"{other} Executive"):
        assert part not in html, part
    assert f'href="/{slug}/plan/{own.lower()}-plan/"' in html


def test_the_joint_group_counts_once_in_each_boards_figures(instance):
    joint_with = {}
    for board in (instance.children, instance.adults):
        report = build_report(LAST, board)
        joint_with[board.slug] = {row.group.name: row.joint_with for row in report.structure}
        names = [group.figures.group.name for group in report.attendance]
        assert names.count("Joint Training Group") == 1
        assert report.meetings_total.held == 2  # the board's own meeting and the joint group's
    # Each report says which other board the group is shared with.
    assert joint_with["nscp"] == {
        "Children Executive": "",
        "Joint Training Group": "Northmoor Safeguarding Adults Board",
    }
    assert joint_with["nsab"] == {
        "Adults Executive": "",
        "Joint Training Group": "Northmoor Safeguarding Children Partnership",
    }


@pytest.mark.parametrize(
    ("slug", "own", "other", "kind"),
    [("nscp", "Children", "Adults", "children"), ("nsab", "Adults", "Children", "adults")],
)
def test_each_boards_json_names_its_board_and_keeps_every_section(
    instance, client_for, manager_of_both, slug, own, other, kind
):
    response = client_for(manager_of_both).get(reverse("yearend:summary-json", args=[slug, LAST.label]))
    assert response["Content-Disposition"] == f'attachment; filename="{slug}-yearend-{LAST.label}.json"'
    summary = json.loads(response.content)
    board = Board.objects.get(slug=slug)
    assert summary["board"] == {"name": board.name, "kind": kind}
    assert list(summary) == [
        "board",
        "year",
        "start",
        "end",
        "groups",
        "meetings_total",
        "attendance",
        "people",
        "not_recorded",
        "plans",
        "challenges",
        "reviews",
        "reviews_in_year",
        "audits",
        "training",
        "finance",
        "contributions",
        "dataset",
    ]
    assert [plan["title"] for plan in summary["plans"]] == [f"{own} Plan"]
    assert [item["subject"] for item in summary["challenges"]["items"]] == [f"{own} challenge"]
    assert {group["name"] for group in summary["groups"]} == {f"{own} Executive", "Joint Training Group"}


def test_the_yearend_command_gives_each_boards_json(instance):
    out = StringIO()
    call_command("yearend", LAST.label, "--board", "NSAB", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["board"] == {"name": "Northmoor Safeguarding Adults Board", "kind": "adults"}
    assert [plan["title"] for plan in summary["plans"]] == ["Adults Plan"]


@pytest.mark.parametrize(("slug", "own", "other"), [("nscp", "Children", "Adults"), ("nsab", "Adults", "Children")])
def test_each_boards_word_document_names_its_board(instance, client_for, manager_of_both, slug, own, other):
    response = get_report_file(client_for(manager_of_both), slug, LAST.label, "docx")
    assert response["Content-Disposition"] == f'attachment; filename="{slug}-annual-report-{LAST.label}.docx"'
    document = Document(io.BytesIO(response.content))
    board = Board.objects.get(slug=slug)
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    shows_own(text, own, other)
    assert document.paragraphs[0].text == board.name
    assert document.core_properties.title == f"{board.name}: annual report {LAST.label}"
    assert document.core_properties.author == board.name
    assert document.sections[0].header.paragraphs[0].text.startswith(board.name)
    assert words_for(board).law in document.core_properties.subject


def test_the_adults_boards_pdf_is_its_own(instance, client_for, manager_of_both, tmp_path):
    assert shutil.which("pdftotext"), "poppler-utils is installed by make test"
    response = get_report_file(client_for(manager_of_both), "nsab", LAST.label, "pdf")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    shows_own(text, "Adults", "Children")
    assert "Northmoor Safeguarding Adults Board" in text
    assert "Care Act 2014, Schedule 2, paragraph 4" in text
    assert "Learning from Safeguarding Adults Reviews" in text  # the checklist points to it


def test_the_adults_boards_checklist_is_the_care_acts_list(instance):
    report = build_report(LAST, instance.adults)
    labels = [item.label for item in report.checklist]
    assert [label[:3] for label in labels] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)"]
    assert labels == [
        "(a) What it did to achieve its objective",
        "(b) What it did to implement its strategy",
        "(c) What each member did to implement the strategy",
        "(d) The findings of the Safeguarding Adults Reviews concluded in the year, whether or not they began in it",
        "(e) The reviews ongoing at the end of the year, whether or not they began in it",
        "(f) What it did to implement the findings of its reviews",
        "(g) Each decision in the year not to implement a finding, with the reasons",
    ]
    status = {item.label[:3]: item for item in report.checklist}
    assert status["(a)"].status == status["(b)"].status == "section"  # the plan's progress
    assert status["(c)"].status == "section"  # attendance by agency
    assert status["(d)"].status == "missing"
    assert status["(d)"].where == "Learning from Safeguarding Adults Reviews"
    assert status["(d)"].later == "or record the year's reviews in the reviews register"
    assert status["(g)"].later == "or record the recommendations and their updates in the reviews register"


def test_the_childrens_checklist_is_working_togethers_list(instance):
    report = build_report(LAST, instance.children)
    labels = [item.label for item in report.checklist]
    assert len(labels) == 7
    assert labels[0] == "What the safeguarding partners did under the arrangements, and how effective they were"
    assert "How feedback from children and families was sought and used" in labels
    assert "How the arrangements are funded" in labels
    assert "The independent scrutiny of the arrangements, and its findings" in labels
    assert not any(label.startswith("(a)") for label in labels)
    by_label = {item.label: item for item in report.checklist}
    assert by_label["How feedback from children and families was sought and used"].status == "narrative"
    assert by_label["Analysis of areas with little or no progress on the agreed priorities"].status == "section"


def test_each_report_speaks_its_kinds_words(instance, client_for, manager_of_both):
    client = client_for(manager_of_both)
    adults = client.get(reverse("yearend:report", args=["nsab", LAST.label])).content.decode()
    children = client.get(reverse("yearend:report", args=["nscp", LAST.label])).content.decode()
    assert "How the views of adults at risk and their families were used" in adults
    assert "Learning from Safeguarding Adults Reviews" in adults
    assert "Care Act 2014 (Schedule 2, paragraph 4)" in adults
    main = adults[adults.index("<main") : adults.index("</main>")]
    assert "children" not in main.lower().replace("safeguarding children partnership", "")
    assert "How the views of children and families were sought and used" in children
    assert "Learning from rapid reviews and child safeguarding practice reviews" in children
    assert "Working Together to Safeguard Children 2023" in children
    assert "Safeguarding Adults Review" not in children
    assert (
        "The board&#x27;s statutory members are the local authority, the integrated care board and the police."
        in adults
    )
    assert (
        "The arrangements are made by the three safeguarding partners: the local authority, the integrated care "
        "board and the chief officer of police." in children
    )
    form = client.get(reverse("yearend:narrative", args=["nsab", LAST.label, "reviews"])).content.decode()
    assert "Learning from Safeguarding Adults Reviews" in form


def test_narrative_is_written_for_the_pages_board_alone(instance, client_for, manager_of_both):
    client = client_for(manager_of_both)
    url = reverse("yearend:narrative", args=["nsab", LAST.label, "introduction"])
    response = client.post(url, {"text": "The adults' board's year.", "version": 0})
    assert response.status_code == 302
    assert response["Location"] == reverse("yearend:report", args=["nsab", LAST.label]) + "#introduction"
    written = Narrative.objects.get(section="introduction")
    assert written.board == instance.adults
    assert "The adults&#x27; board&#x27;s year." in client.get(response["Location"]).content.decode()
    children = client.get(reverse("yearend:report", args=["nscp", LAST.label])).content.decode()
    assert "The adults&#x27; board&#x27;s year." not in children


def test_signing_one_boards_report_off_leaves_the_others_a_draft(instance, client_for):
    chair = UserFactory(username="children-chair", board_roles=[(roles.CHAIR, instance.children)])
    client = client_for(chair)
    response = client.post(reverse("yearend:sign-off", args=["nscp", LAST.label]), {"confirm": "on"})
    assert response.status_code == 302
    signed = SignedReport.objects.get()
    assert signed.board == instance.children
    assert "Northmoor Safeguarding Children Partnership" in signed.print_html
    assert json.loads(signed.summary)["board"]["kind"] == "children"
    manager = client_for(UserFactory(username="unit-manager-2", roles=[roles.BUSINESS_MANAGER]))
    adults = manager.get(reverse("yearend:report", args=["nsab", LAST.label])).content.decode()
    assert "has not been signed off by the chair" in adults
    assert manager.get(reverse("yearend:reopen", args=["nsab", LAST.label])).status_code == 404
    # The adults' board's own sign-off is its own, and reopening one leaves the other signed.
    services.report_sign_off(board=instance.adults, year=LAST, by=chair)
    services.report_reopen(board=instance.adults, year=LAST, by=chair, reason="A corrected register.")
    assert SignedReport.objects.filter(reopened_at__isnull=True).get().board == instance.children


def test_the_index_lists_each_boards_sign_offs(instance, manager_of_both, client_for):
    services.report_sign_off(board=instance.children, year=LAST, by=manager_of_both)
    client = client_for(manager_of_both)
    children = client.get(reverse("yearend:index", args=["nscp"])).content.decode()
    adults = client.get(reverse("yearend:index", args=["nsab"])).content.decode()
    assert "Northmoor Safeguarding Children Partnership: year-end summary" in children
    assert "Northmoor Safeguarding Adults Board: year-end summary" in adults
    assert children.count("Signed off") > adults.count("Signed off")


def test_a_chair_of_one_board_cannot_sign_the_others_report_off(instance, client_for):
    chair = UserFactory(username="adults-chair", board_roles=[(roles.CHAIR, instance.adults)])
    client = client_for(chair)
    assert client.get(reverse("yearend:sign-off", args=["nscp", LAST.label])).status_code == 403
    assert client.get(reverse("yearend:sign-off", args=["nsab", LAST.label])).status_code == 200
