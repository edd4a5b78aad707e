"""A small board's 2015-16, worked out by hand, shared by the year-end report's tests."""

from datetime import date

import pytest

from businessplan import services
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    AttendanceFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    default_board,
)
from yearend.models import Narrative

BOARD_NAME = "Testshire Safeguarding Children Board"
# The address of the board the factories' records belong to (tests.factories.default_board).
SLUG = "nscp"


@pytest.fixture(autouse=True)
def _the_board(request):
    """Every database test of the year-end pages has its board, so its address answers."""
    marker = request.node.get_closest_marker("django_db")
    if marker or "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
        default_board()


def held(group, day: date, register: dict | None = None):
    meeting = MeetingFactory(group=group, date=day, status="held")
    for person, status in (register or {}).items():
        AttendanceFactory(meeting=meeting, person=person, status=status)
    return meeting


@pytest.fixture
def board(settings, manager):
    """2015-16 of a small board.

    Safeguarding Board: 01/10/2014 held (last year); 01/04/2015 held, 03/06/2015 held without a
    register, 05/08/2015 cancelled (staff absence), 07/10/2015 held, 31/03/2016 held: 5 planned, 4 held.
      Constabulary (Bob):             present, present, absent    -> 2/3 = 67%; last year 1/1 = 100%
      Children's Services (Zoë):      apologies, absent, deputy   -> 1/3 = 33%, below 50%; last year 0%
      National Commissioning (Nat, from 01/04/2015): never       -> 0/3, no rate last year
      Voluntary Forum (Vic, for items): present on 07/10/2015     -> attended when not expected
    Business Committee (reports to the board): 09/09/2015 held, 02/02/2016 cancelled (not required).
    Plan 2015-17: 1.1 green on 31/03/2016 (amber on 01/04/2016), 1.2 unrated, 2.1 red -> amber in the year.
    Challenges: CH-1 closed in the year with an outcome, CH-2 escalated and open; CH-3 the next year.
    """
    settings.LSCB_BOARD_NAME = BOARD_NAME
    settings.LSCB_ATTENDANCE_THRESHOLD = 0.5
    the_board = default_board()
    the_board.name = BOARD_NAME
    the_board.save()
    board_group = GroupFactory(name="Safeguarding Board", kind="board")
    committee = GroupFactory(name="Business Committee", kind="committee", parent=board_group, joint_with="Dale LSCB")
    bob = PersonFactory(name="Bob Brown", agency=AgencyFactory(name="Constabulary", sector="police"))
    zoe = PersonFactory(name="Zoë Young", agency=AgencyFactory(name="Children's Services"))
    vic = PersonFactory(name="Vic Vale", agency=AgencyFactory(name="Voluntary Forum"))
    nat = PersonFactory(name="Nat North", agency=AgencyFactory(name="National Commissioning Board"))
    MembershipFactory(group=board_group, person=bob, role="chair")
    MembershipFactory(group=board_group, person=zoe, role="vice_chair")
    MembershipFactory(group=board_group, person=vic, expected="for_items")
    MembershipFactory(group=board_group, person=nat, start=date(2015, 4, 1))
    MembershipFactory(group=committee, person=bob)
    held(board_group, date(2014, 10, 1), {bob: "present", zoe: "absent"})
    held(board_group, date(2015, 4, 1), {bob: "present", zoe: "apologies"})
    held(board_group, date(2015, 6, 3))
    MeetingFactory(group=board_group, date=date(2015, 8, 5), status="cancelled", cancel_reason="staff_absence")
    held(board_group, date(2015, 10, 7), {bob: "present", zoe: "absent", vic: "present"})
    held(board_group, date(2016, 3, 31), {bob: "absent", zoe: "deputy"})
    held(board_group, date(2016, 4, 1), {bob: "present", zoe: "present"})
    held(committee, date(2015, 9, 9), {bob: "present"})
    MeetingFactory(group=committee, date=date(2016, 2, 2), status="cancelled", cancel_reason="not_required")

    plan = PlanFactory(title="Business Plan 2015-17", slug="2015-17", start=date(2015, 4, 1), end=date(2017, 3, 31))
    neglect = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title="Neglect"), text="Know neglect")
    voice = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=2, title="Voice of the child"), text="Hear")
    toolkit = ActionFactory(objective=neglect, ref="1.1", text="Toolkit", by_whom="QEG", due_text="Sept 2015")
    ActionFactory(objective=neglect, ref="1.2", text="Audit")
    survey = ActionFactory(objective=voice, ref="2.1", text="Survey", due_date=date(2016, 1, 31))
    for action, day, rating, note in [
        (toolkit, date(2015, 5, 1), "", "Drafting"),
        (toolkit, date(2016, 3, 31), "green", "Launched"),
        (toolkit, date(2016, 4, 1), "amber", "Uptake slow"),  # after the year end
        (survey, date(2014, 12, 1), "red", "No plan yet"),
        (survey, date(2015, 9, 1), "amber", "Pilot delayed"),
    ]:
        services.action_record_progress(action=action, rating=rating, note=note, day=day, by=manager)

    health = AgencyFactory(name="Health Commissioners")
    ChallengeFactory(
        ref="CH-1",
        raised_on=date(2015, 5, 1),
        agency=health,
        subject="Health assessments",
        status="closed",
        closed_on=date(2016, 1, 15),
        outcome="Compliance improved markedly.",
    )
    ChallengeFactory(
        ref="CH-2",
        raised_on=date(2015, 11, 1),
        agency=AgencyFactory(name="Department for Education"),
        subject="Language schools",
        status="escalated",
        escalated_to="Secretary of State",
    )
    ChallengeFactory(ref="CH-3", raised_on=date(2016, 5, 1), agency=health, subject="Next year")
    Narrative.objects.create(
        board=the_board, year="2015-16", section="governance", text="The board reviewed its terms.\n\nTwice."
    )
    Narrative.objects.create(
        board=the_board, year="2015-16", section="voice", text="A young people's panel met termly."
    )
    return the_board


def get_report_file(client, slug: str, year: str, fmt: str):
    """A download as a reader gets it: a file of an older year that is not kept is made on the
    worker meanwhile (the first answer says it is being prepared), then served."""
    from django.urls import reverse

    from tests.tasks import run_queued

    url = reverse("yearend:report-file", args=[slug, year, fmt])
    response = client.get(url)
    if response.status_code == 202:
        assert "being prepared" in response.content.decode()
        run_queued()
        response = client.get(url)
    return response
