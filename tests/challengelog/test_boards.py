"""Two boards in one instance: each board's challenge log under its own address, written only by
those who hold the role for that board, and each board's reminders to its own chair and manager."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from challengelog import services
from challengelog.models import Challenge
from lscb import roles
from tests.factories import (
    AgencyFactory,
    BoardFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    PlanFactory,
    PriorityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def adults(db):
    return BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")


def challenge_of(board, subject, ref="CH-2025-01", **fields):
    return ChallengeFactory(
        board=board,
        ref=ref,
        subject=subject,
        raised_on=date(2025, 6, 1),
        response_due=date(2025, 7, 1),
        status="awaiting_response",
        **fields,
    )


def url(name, board, *args):
    return reverse(f"challengelog:{name}", args=[board.slug, *args])


def form_data(agency, **values):
    return {"raised_on": "2025-06-03", "raised_by": "chair", "agency": agency.pk, "subject": "Training", **values}


def test_the_same_reference_in_two_boards_opens_each_board_s_own_challenge(client_for, manager, board, adults):
    agency = AgencyFactory(name="Constabulary")  # shared by both boards
    children = challenge_of(board, "Missing children", agency=agency)
    grown = challenge_of(adults, "Adults at risk", agency=agency)
    client = client_for(manager)
    for challenge, other in [(children, grown), (grown, children)]:
        assert challenge.get_absolute_url() == f"/{challenge.board.slug}/challenges/CH-2025-01/"
        page = client.get(challenge.get_absolute_url()).content.decode()
        assert challenge.subject in page and other.subject not in page
        log = client.get(url("challenge-list", challenge.board)).content.decode()
        assert challenge.subject in log and other.subject not in log
        assert f'href="/{challenge.board.slug}/challenges/agency/{agency.pk}/"' in log
        record = client.get(url("agency-record", challenge.board, agency.pk)).content.decode()
        assert challenge.subject in record and other.subject not in record
        edit = client.get(url("challenge-edit", challenge.board, "CH-2025-01")).content.decode()
        assert challenge.subject in edit and other.subject not in edit


def test_a_challenge_of_one_board_is_not_found_under_the_other(client_for, manager, board, adults):
    challenge = challenge_of(adults, "Adults at risk", ref="SAB-01")
    client = client_for(manager)
    assert client.get(challenge.get_absolute_url()).status_code == 200
    assert client.get(url("challenge-detail", board, "SAB-01")).status_code == 404
    assert client.get(url("challenge-edit", board, "SAB-01")).status_code == 404
    assert client.post(url("challenge-step", board, "SAB-01", "note"), {"note-text": "x"}).status_code == 404
    assert not challenge.events.filter(kind="note").exists()


def test_a_chair_of_one_board_logs_and_changes_only_that_board_s_challenges(client_for, board, adults):
    agency = AgencyFactory()
    theirs = challenge_of(board, "Missing children")
    own = challenge_of(adults, "Adults at risk")
    sab_chair = UserFactory(username="sab-chair", board_roles=[(roles.CHAIR, adults)])
    client = client_for(sab_chair)
    # The other board's log: readable? No role there at all, so not even that.
    assert client.get(url("challenge-create", board)).status_code == 403
    assert client.post(url("challenge-create", board), form_data(agency)).status_code == 403
    assert client.get(url("challenge-edit", board, theirs.ref)).status_code == 403
    step = {
        "close-outcome": "Closed by the wrong chair",
        "close-outcome_kind": "resolved",
        "close-closed_on": "2025-07-01",
        "close-version": 1,
    }
    assert client.post(url("challenge-step", board, theirs.ref, "close"), step).status_code == 403
    assert Challenge.objects.get(pk=theirs.pk).status == "awaiting_response"
    assert Challenge.objects.filter(board=board).count() == 1
    # Their own board's: logged, and closed.
    response = client.post(url("challenge-create", adults), form_data(agency))
    logged = Challenge.objects.get(board=adults, subject="Training")
    assert response.status_code == 302 and response["Location"] == logged.get_absolute_url()
    assert logged.ref == "CH-2025-02"  # the adults' board's numbering, after its CH-2025-01
    response = client.post(url("challenge-step", adults, own.ref, "close"), step)
    assert response.status_code == 302 and Challenge.objects.get(pk=own.pk).status == "closed"
    page = client.get(own.get_absolute_url()).content.decode()
    assert f'href="/{adults.slug}/challenges/{own.ref}/edit/"' in page


def test_a_chair_of_one_board_reads_but_does_not_write_the_other_when_a_member_there(client_for, board, adults):
    theirs = challenge_of(board, "Missing children")
    user = UserFactory(username="both", board_roles=[(roles.CHAIR, adults), (roles.BOARD_MEMBER, board)])
    client = client_for(user)
    page = client.get(theirs.get_absolute_url())
    assert page.status_code == 200 and "Next steps" not in page.content.decode()
    assert client.get(url("challenge-edit", board, theirs.ref)).status_code == 403
    assert "Log a challenge" not in client.get(url("challenge-list", board)).content.decode()
    assert "Log a challenge" in client.get(url("challenge-list", adults)).content.decode()


def test_references_are_numbered_in_each_board_s_own_log(board, adults):
    challenge_of(board, "One", ref="CH-2025-01")
    challenge_of(board, "Two", ref="CH-2025-02")
    assert services.challenge_next_ref(date(2025, 6, 1), board) == "CH-2025-03"
    assert services.challenge_next_ref(date(2025, 6, 1), adults) == "CH-2025-01"
    logged = services.challenge_log(
        challenge=Challenge(
            board=adults, raised_on=date(2025, 6, 2), raised_by="chair", agency=AgencyFactory(), subject="First"
        ),
        by=None,
    )
    assert logged.ref == "CH-2025-01"
    # A reference its board already has is refused with what to do; the other board's is free.
    with pytest.raises(ValidationError) as refused:
        services.challenge_log(
            challenge=Challenge(
                board=adults,
                ref="CH-2025-01",
                raised_on=date(2025, 6, 2),
                raised_by="chair",
                agency=AgencyFactory(),
                subject="Again",
            ),
            by=None,
        )
    assert "Another challenge of this board has the reference CH-2025-01" in refused.value.message_dict["ref"][0]


def test_a_challenge_s_meeting_and_priority_are_of_its_board(client_for, manager, board, adults):
    own_meeting = MeetingFactory(group=GroupFactory(board=adults, name="SAB"), date=date(2025, 6, 3), status="held")
    joint = GroupFactory(board=board, name="Joint Training")
    joint.joint_boards.add(adults)
    joint_meeting = MeetingFactory(group=joint, date=date(2025, 6, 4), status="held")
    other_meeting = MeetingFactory(group=GroupFactory(board=board, name="LSCP"), date=date(2025, 6, 5), status="held")
    own_priority = PriorityFactory(plan=PlanFactory(board=adults, title="SAB plan", slug="sab"), title="Self-neglect")
    other_priority = PriorityFactory(plan=PlanFactory(board=board, title="LSCP plan", slug="lscp"), title="Neglect")
    agency = AgencyFactory()

    def log(**fields):
        challenge = Challenge(board=adults, raised_on=date(2025, 6, 6), raised_by="board", agency=agency, **fields)
        return services.challenge_log(challenge=challenge, by=None, undated=False)

    assert log(meeting=own_meeting, priority=own_priority, subject="Own").pk
    assert log(meeting=joint_meeting, subject="Joint").pk
    with pytest.raises(ValidationError) as refused:
        log(meeting=other_meeting, priority=other_priority, subject="Other")
    assert "another board's group" in refused.value.message_dict["meeting"][0]
    assert "another board's plan" in refused.value.message_dict["priority"][0]
    # The form offers the board's meetings (its own groups' and the joint group's) and priorities only.
    page = client_for(manager).get(url("challenge-create", adults)).content.decode()
    assert f'<option value="{own_meeting.pk}"' in page and f'<option value="{joint_meeting.pk}"' in page
    assert f'<option value="{other_meeting.pk}"' not in page
    assert "Self-neglect" in page and "Neglect</option>" not in page
    response = client_for(manager).post(url("challenge-create", adults), form_data(agency, meeting=other_meeting.pk))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    # Logging "from a meeting" of the other board does not prefill it.
    page = client_for(manager).get(url("challenge-create", adults), {"meeting": other_meeting.pk}).content.decode()
    assert f'<option value="{other_meeting.pk}" selected>' not in page


def test_each_board_s_chair_and_manager_get_only_their_boards_digest(board, adults):
    challenge_of(board, "Missing children", ref="CH-2025-01")
    challenge_of(adults, "Adults at risk", ref="CH-2025-01")
    UserFactory(username="both", email="manager@example.org", roles=[roles.BUSINESS_MANAGER])
    UserFactory(username="lscp-chair", email="lscp@example.org", board_roles=[(roles.CHAIR, board)])
    UserFactory(username="sab-chair", email="sab@example.org", board_roles=[(roles.CHAIR, adults)])
    UserFactory(username="sab-member", email="member@example.org", board_roles=[(roles.BOARD_MEMBER, adults)])
    call_command("send_reminders", "--today", "2025-07-10", "--site-url", "https://boards.example.org")
    sent = {message.body.splitlines()[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2
    children = sent[f"{board.name}: challenge log, 10/07/2025"]
    grown = sent["Northmoor Safeguarding Adults Board: challenge log, 10/07/2025"]
    assert sorted(children.to) == ["lscp@example.org", "manager@example.org"]
    assert sorted(grown.to) == ["manager@example.org", "sab@example.org"]
    assert "Missing children" in children.body and "Adults at risk" not in children.body
    assert "Adults at risk" in grown.body and "Missing children" not in grown.body
    assert f"https://boards.example.org/{adults.slug}/challenges/CH-2025-01/" in grown.body
    assert f"https://boards.example.org/{board.slug}/challenges/CH-2025-01/" in children.body
    assert grown.subject.startswith("NSAB challenge log: 1 overdue")
