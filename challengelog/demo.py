"""The demo boards' challenge logs: two reporting years of challenges, from logged to closed with
impact: the children's partnership's, and a shorter one of the Safeguarding Adults Board's.

Run through `manage.py demo_data`, after the governance demo (whose agencies are challenged and
whose Board meetings they are raised at) and the business plan demo (whose priorities some
concern). A challenge whose subject already exists is left alone, so a second run changes
nothing; each one is taken through the services step by step (with no user), so its timeline
reads as the year went.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from io import TextIOBase
from typing import NamedTuple

from django.utils import timezone

from businessplan.demo.plan import PLAN_END, PLAN_START
from businessplan.models import Plan, Priority
from governance.demo.boards import demo_boards
from governance.demo.groups import ADULTS, CHILDREN, CURRENT, PREVIOUS, When
from governance.demo.people import AGENCIES
from governance.models import Agency, Board, GroupKind, Meeting, MeetingStatus, Sector
from lscb.records import record_save
from lscb.years import ReportingYear

from .models import Challenge, OutcomeKind, RaisedBy, Status
from .services import challenge_close, challenge_escalate, challenge_log, challenge_mark_sent, challenge_record_response

# The outside body that the chair escalates a gap in the national framework to.
DFE = "Department for Education"
# The national body that never sends anyone to the Board; if a database lacks it, an outside body stands in.
NEVER_ATTENDS = next(spec.name for spec in AGENCIES if spec.key == "nhcb")


class Step(NamedTuple):
    """One step after logging: `after` days from the day the challenge was raised."""

    after: int
    kind: str  # sent, response, escalate, close
    text: str = ""
    to: str = ""  # whom it was escalated to (or sent to); the outcome category of a closing


class ChallengeSpec(NamedTuple):
    """A challenge: raised on a day of the demo years, or `raised` days before today."""

    subject: str
    agency: str  # an AgencySpec key, or "dfe"
    raised_by: str
    raised: When | int
    detail: str
    due: int | None  # days after raised
    steps: tuple[Step, ...] = ()
    at_board: bool = False  # raised at that month's Board meeting
    priority: int | None = None  # the board's demo plan's priority number


CHALLENGES = (
    ChallengeSpec(
        "Timeliness of initial health assessments for children entering care",
        "ccg",
        RaisedBy.BOARD,
        When(PREVIOUS, 5, 15),
        "The Board asked the CCG for evidence that initial health assessments are completed within 20 working "
        "days of a child entering care, and for its recovery plan where they are not.",
        42,
        (
            Step(2, "sent", "Letter from the chair to the Director of Nursing and Quality."),
            Step(
                40,
                "response",
                "Compliance stood at 58% in April. A recovery plan adds two clinic sessions a week and a tracker "
                "shared with Children's Services.",
            ),
            Step(
                300,
                "close",
                "Compliance with initial health assessments rose from 58% to 93% by March, and is now reported to "
                "the Board every quarter.",
            ),
        ),
        at_board=True,
    ),
    ChallengeSpec(
        "Representation of the North Area Team at the Board",
        "nhcb",
        RaisedBy.CHAIR,
        When(PREVIOUS, 7, 17),
        "The North Area Team has sent apologies to every Board since April. The chair asked for a named "
        "representative at the right level, or a deputy able to commit the organisation.",
        28,
        (
            Step(1, "sent", "Letter from the chair to the Head of Quality and Safeguarding."),
            Step(
                35,
                "response",
                "Apologies again, citing capacity across eleven boards; a written update was offered in place of "
                "attendance.",
            ),
            Step(
                60,
                "escalate",
                "The chair wrote again: a written update is no substitute for a statutory partner at the table.",
                "Regional Director, National Health Commissioning Board",
            ),
            Step(
                210,
                "close",
                "A named Head of Quality now sends a written report before each Board and attends twice a year; "
                "the arrangement is reviewed in the annual report.",
            ),
        ),
        at_board=True,
    ),
    ChallengeSpec(
        "Section 11 self-assessment not returned",
        "nhcb",
        RaisedBy.BUSINESS_UNIT,
        When(PREVIOUS, 9, 24),
        "The North Area Team's Section 11 self-assessment was due in July and had not arrived after two reminders.",
        21,
        (
            Step(0, "sent", "Emailed by the business manager, copied to the chair."),
            Step(30, "response", "Returned with an apology; the GP safeguarding training figures are to follow."),
            Step(
                120,
                "close",
                "The self-assessment and the GP training figures arrived in January; the gap they showed (GP "
                "training at 61%) is now an action in the business plan.",
            ),
        ),
        priority=5,
    ),
    ChallengeSpec(
        "The contact centre and the mandatory reporting duty for FGM",
        "cs",
        RaisedBy.BUSINESS_UNIT,
        When(PREVIOUS, 10, 6),
        "The business unit asked the council's contact centre to confirm that call handlers know the mandatory "
        "reporting duty for female genital mutilation, and where such calls go.",
        28,
        (
            Step(1, "sent"),
            Step(26, "response", "The centre confirmed that the duty was in neither its scripts nor its training."),
            Step(
                110,
                "close",
                "Call handlers' scripts now route FGM concerns to the police; 42 staff were trained by January, and "
                "the duty is part of the contact centre's induction.",
            ),
        ),
    ),
    ChallengeSpec(
        "Return home interviews after a missing episode",
        "police",
        RaisedBy.BOARD,
        When(PREVIOUS, 11, 20),
        "The Board asked how many return home interviews are offered within 72 hours of a missing episode, and "
        "what the police share with the commissioned service.",
        42,
        (
            Step(3, "sent"),
            Step(
                45,
                "response",
                "Notifications reached the service weekly, so most interviews were offered late; daily notification "
                "starts in January.",
            ),
            Step(
                125,
                "close",
                "Interviews offered within 72 hours rose from 41% to 86% by March once daily notifications began; "
                "the Board now sees the figure every quarter.",
            ),
        ),
        at_board=True,
        priority=1,
    ),
    ChallengeSpec(
        "Use of the neglect toolkit in secondary schools",
        "schools",
        RaisedBy.SUBGROUP,
        When(PREVIOUS, 6, 10),
        "The Quality and Effectiveness Group asked the headteacher representatives how many secondary schools use "
        "the neglect toolkit, since referrals from schools rarely mention it.",
        42,
        (
            Step(5, "sent"),
            Step(
                40, "response", "Nine of 31 secondary schools had used it; most designated leads had not been trained."
            ),
            Step(
                250,
                "close",
                "Designated safeguarding leads in 28 of 31 secondary schools have been trained on the toolkit, and "
                "school referrals about neglect now arrive with it completed.",
            ),
        ),
        priority=2,
    ),
    ChallengeSpec(
        "Residential language schools and the statutory framework",
        "dfe",
        RaisedBy.CHAIR,
        When(PREVIOUS, 1, 15),
        "Short-stay residential language schools fall outside the registration and inspection arrangements for "
        "boarding schools and private fostering. The chair asked the Department how boards should assure "
        "themselves that these pupils are safe.",
        56,
        (
            Step(4, "sent", "Letter from the chair to the Department's safeguarding policy team."),
            Step(
                120,
                "escalate",
                "No reply after two reminders; the chair has written to the Minister, copied to the area's MPs.",
                "Minister for Children and Families, Department for Education",
            ),
        ),
        at_board=True,
    ),
    ChallengeSpec(
        "Safeguarding supervision for health visitors",
        "chs",
        RaisedBy.BOARD,
        When(PREVIOUS, 3, 19),
        "The Board asked for assurance that every health visitor has regular safeguarding supervision, after the "
        "trust's own audit found gaps.",
        42,
        (
            Step(2, "sent"),
            Step(
                30, "response", "Supervision had lapsed in two localities during vacancies; a recovery plan is agreed."
            ),
            Step(
                150,
                "close",
                "Every health visitor now has supervision at least quarterly; the July audit found 96% compliance, "
                "up from 64%.",
            ),
        ),
        at_board=True,
    ),
    ChallengeSpec(
        "Safeguarding leads in GP practices after the restructure",
        "nhcb",
        RaisedBy.CHAIR,
        When(CURRENT, 5, 21),
        "The restructure of primary care commissioning left no one accountable for the safeguarding leads in GP "
        "practices. The chair asked the North Area Team who now holds that responsibility.",
        42,
        (
            Step(2, "sent"),
            Step(50, "response", "The North Area Team replied that GP safeguarding leads are a matter for the CCG."),
            Step(
                90,
                "escalate",
                "The CCG says the opposite; the chair has asked the Chief Executive to settle it in writing.",
                "Chief Executive, National Health Commissioning Board",
            ),
        ),
        at_board=True,
    ),
    ChallengeSpec(
        "Routine enquiry about domestic abuse in maternity services",
        "dvh",
        RaisedBy.SUBGROUP,
        When(CURRENT, 6, 9),
        "The Quality and Effectiveness Group asked the trust how often midwives ask about domestic abuse at booking, "
        "and what happens when the answer is yes.",
        35,
        (
            Step(1, "sent"),
            Step(
                40,
                "response",
                "Routine enquiry is in the booking template; recorded compliance is 74%, and an audit of the "
                "referrals that follow is planned for the autumn.",
            ),
        ),
        priority=4,
    ),
    ChallengeSpec(
        "Attendance of the Community Rehabilitation Company at the Board and its sub-groups",
        "crc",
        RaisedBy.CHAIR,
        When(CURRENT, 7, 16),
        "The CRC attended fewer than half of the Board and sub-group meetings last year. The chair asked how it "
        "will meet its duty to cooperate.",
        28,
        (
            Step(2, "sent"),
            Step(
                30,
                "response",
                "A named Assistant Chief Officer will attend every Board; its sub-group seats are under review.",
            ),
        ),
        at_board=True,
    ),
    ChallengeSpec(
        "Young people's own words in youth justice assessments",
        "yos",
        RaisedBy.LAY_MEMBER,
        When(CURRENT, 9, 17),
        "A lay member asked how youth justice assessments record what young people themselves say, after a case "
        "file audit found their views summarised by others.",
        28,
        (
            Step(1, "sent"),
            Step(
                21, "response", "Practitioners will quote the young person directly; a dip sample follows in October."
            ),
            Step(
                55,
                "close",
                "Assessments now quote the young person's own words: the dip sample found them in 9 of 10 files, "
                "up from 3 of 10.",
            ),
        ),
        at_board=True,
        priority=3,
    ),
    ChallengeSpec(
        "GP reports to child protection conferences",
        "ccg",
        RaisedBy.BUSINESS_UNIT,
        47,
        "Conference chairs report that fewer than a third of GP reports arrive before the conference. The business "
        "unit asked the CCG for the figures by practice and its plan to improve them.",
        28,
        (Step(1, "sent", "Emailed to the Designated Nurse."),),
    ),
    ChallengeSpec(
        "Commissioning of the looked-after children's health team for next year",
        "nhcb",
        RaisedBy.CHAIR,
        40,
        "The contract for the looked-after children's health team ends in March. The chair asked the North Area "
        "Team to confirm that it will be recommissioned without a gap in service.",
        30,
        (Step(2, "sent"),),
    ),
    ChallengeSpec(
        "School nursing capacity for the spring term",
        "ph",
        RaisedBy.CHAIR,
        8,
        "Two school nursing posts are vacant. The chair asked Public Health how safeguarding work in schools will "
        "be covered until they are filled.",
        13,
        (Step(1, "sent"),),
    ),
    ChallengeSpec(
        "Information shared with the front door about family court proceedings",
        "cafcass",
        RaisedBy.SUBGROUP,
        6,
        "The Quality and Effectiveness Group wants to ask Cafcass what it tells the front door when it learns of "
        "new concerns during proceedings. The letter is being drafted.",
        28,
    ),
)


# The adults' board: fewer, shorter, in its own words. Its Board meets in June, September,
# December and March (governance.demo.groups).
ADULT_CHALLENGES = (
    ChallengeSpec(
        "Timeliness of section 42 enquiries in the safeguarding hub",
        "asc",
        RaisedBy.BOARD,
        When(PREVIOUS, 6, 24),
        "The Board asked Adult Social Care why a third of section 42 enquiries took longer than the local "
        "standard of 28 days to decide, and what it will do about the backlog.",
        42,
        (
            Step(2, "sent", "Letter from the chair to the Director of Adult Social Services."),
            Step(
                38,
                "response",
                "Two vacant posts in the hub; agency staff in post from August and a daily triage meeting started.",
            ),
            Step(
                240,
                "close",
                "Enquiries decided within 28 days rose from 64% to 89% by March; the figure now goes to every Board.",
            ),
        ),
        at_board=True,
        priority=1,
    ),
    ChallengeSpec(
        "Mental capacity assessments when care is repeatedly refused (review of Adult D)",
        "mht",
        RaisedBy.CHAIR,
        When(PREVIOUS, 9, 23),
        "The review of Adult D found no recorded assessment of capacity although care was refused eleven times. "
        "The chair asked the trust how its staff now assess and record capacity in such cases.",
        35,
        (
            Step(1, "sent"),
            Step(
                30,
                "response",
                "Capacity training made mandatory for community teams; a prompt added to the electronic record.",
            ),
        ),
        at_board=True,
        priority=4,
    ),
    ChallengeSpec(
        "Discharge from hospital of adults with an open safeguarding enquiry",
        "dvh",
        RaisedBy.SUBGROUP,
        When(PREVIOUS, 11, 6),
        "The Safeguarding Adults Review Sub-group found two adults discharged home while an enquiry was open "
        "and no one told. It asked the trust how its discharge teams check for open enquiries.",
        28,
        (
            Step(3, "sent"),
            Step(
                26,
                "response",
                "The discharge checklist now asks about open enquiries; the hub is called before discharge.",
            ),
            Step(
                150,
                "close",
                "An audit of 40 discharges in March found the check made in 38; the two missed were followed up.",
            ),
        ),
    ),
    ChallengeSpec(
        "Police information about adults at risk of cuckooing",
        "police",
        RaisedBy.SUBGROUP,
        When(CURRENT, 7, 1),
        "The Quality and Performance Sub-group asked the police how adult social care learns of adults whose "
        "homes are taken over for drug dealing, since no referral came from the police last year.",
        28,
        (
            Step(2, "sent"),
            Step(
                35,
                "response",
                "Neighbourhood teams will refer through the safeguarding hub; a joint briefing is planned for October.",
            ),
        ),
        priority=3,
    ),
    ChallengeSpec(
        "Referrals from Northmoor Homes about tenants who hoard",
        "housing",
        RaisedBy.LAY_MEMBER,
        30,
        "A lay member asked why the housing association referred no tenant at risk through hoarding to the "
        "self-neglect protocol, though its officers see inside every home each year.",
        21,
        (Step(1, "sent", "Emailed to the Head of Tenancy Services."),),
        priority=2,
    ),
    ChallengeSpec(
        "Waiting list for independent advocacy",
        "asc",
        RaisedBy.CHAIR,
        5,
        "The chair asked the council to confirm that no adult in an enquiry waits for an advocate while the "
        "new contract starts. The letter is being drafted.",
        28,
    ),
)


def build(*, today: date, stdout: TextIOBase) -> None:
    """Log whatever is missing of the demo boards' challenge logs, as they stand on `today`."""
    boards = demo_boards()
    agencies = _agencies()
    for key, specs in ((CHILDREN, CHALLENGES), (ADULTS, ADULT_CHALLENGES)):
        if key in boards:
            _build_log(boards[key], specs, agencies, today, stdout)


def _build_log(
    board: Board, specs: tuple[ChallengeSpec, ...], agencies: dict[str, Agency], today: date, stdout: TextIOBase
) -> None:
    current = ReportingYear.containing(today)
    # The services refuse future dates, whatever day the demo is built for.
    latest = min(today, timezone.localdate())
    existing = set(Challenge.objects.filter(board=board).values_list("subject", flat=True))
    priorities = _priorities(board, current)
    made = 0
    planned = [(_raised_on(board, spec, current, today), spec) for spec in specs if spec.subject not in existing]
    # In date order, so that each reporting year's references run with the calendar.
    for raised_on, spec in sorted(planned, key=lambda item: item[0]):
        agency = agencies.get(spec.agency)
        if agency is None or raised_on > latest:
            continue
        challenge = Challenge(
            board=board,
            raised_on=raised_on,
            raised_by=spec.raised_by,
            agency=agency,
            meeting=_board_meeting(board, raised_on) if spec.at_board else None,
            priority=priorities.get(spec.priority) if spec.priority else None,
            subject=spec.subject,
            detail=spec.detail,
            response_due=raised_on + timedelta(days=spec.due) if spec.due is not None else None,
        )
        challenge_log(challenge=challenge, by=None)
        _steps(challenge, spec.steps, latest)
        made += 1
    counts = Counter(Challenge.objects.filter(board=board).values_list("status", flat=True))
    statuses = ", ".join(f"{counts.get(status, 0)} {status}" for status in Status.values)
    stdout.write(f"challengelog: {board.label}: {sum(counts.values())} challenges ({statuses}).")
    stdout.write(
        f"challengelog: {board.label}: created "
        f"{f'{made} challenges' if made else 'nothing (the log was already complete)'}."
    )


def _raised_on(board: Board, spec: ChallengeSpec, current: ReportingYear, today: date) -> date:
    """The day it was raised: that month's Board meeting if it was held, else the day given."""
    day = spec.raised.on(current) if isinstance(spec.raised, When) else today - timedelta(days=spec.raised)
    meeting = _board_meeting(board, day) if spec.at_board else None
    return meeting.date if meeting else day


def _board_meeting(board: Board, day: date) -> Meeting | None:
    """The board's own meeting held in the month of `day`, if any."""
    meetings = Meeting.objects.filter(
        group__board=board,
        group__kind=GroupKind.BOARD,
        status=MeetingStatus.HELD,
        date__year=day.year,
        date__month=day.month,
    )
    return meetings.order_by("date").first()


def _agencies() -> dict[str, Agency]:
    """The agencies challenged, by demo key; the Department for Education is added when missing."""
    names = {spec.key: spec.name for spec in AGENCIES}
    found = {agency.name: agency for agency in Agency.objects.filter(name__in=[*names.values(), DFE])}
    agencies = {key: found[name] for key, name in names.items() if name in found}
    agencies["dfe"] = found.get(DFE) or record_save(
        instance=Agency(name=DFE, short_name="DfE", sector=Sector.OTHER), by=None
    )
    if "nhcb" not in agencies:
        others = Agency.objects.filter(sector=Sector.OTHER).exclude(name=DFE).order_by("name")
        agencies["nhcb"] = others.first() or agencies["dfe"]
    return agencies


def _priorities(board: Board, current: ReportingYear) -> dict[int, Priority]:
    """The board's demo plan's priorities by number (none when the plan is not there)."""
    plans = Plan.objects.filter(board=board, start=PLAN_START.on(current), end=PLAN_END.on(current))
    plan = plans.order_by("title").first()
    return {priority.number: priority for priority in plan.priorities.all()} if plan else {}


def _steps(challenge: Challenge, steps: tuple[Step, ...], latest: date) -> None:
    """Take the challenge through its steps up to `latest`, each dated from the day it was raised."""
    for step in steps:
        day = challenge.raised_on + timedelta(days=step.after)
        if day > latest:
            return
        if step.kind == "sent":
            challenge = challenge_mark_sent(challenge=challenge, note=step.text, sent_on=day, sent_to=step.to, by=None)
        elif step.kind == "response":
            challenge = challenge_record_response(challenge=challenge, response=step.text, responded_on=day, by=None)
        elif step.kind == "escalate":
            challenge = challenge_escalate(challenge=challenge, escalated_to=step.to, note=step.text, by=None)
        else:
            challenge = challenge_close(
                challenge=challenge,
                outcome=step.text,
                outcome_kind=step.to or OutcomeKind.RESOLVED,
                closed_on=day,
                by=None,
            )
