"""The demo boards' learning and assurance: case reviews and their recommendations, audits with
their judgements stage by stage, and the evidence each board received, over the demo's two
reporting years (and, for reviews that began earlier, the years before).

The children's partnership: rapid reviews (one decided within the 15 working days expected, one
late), the local child safeguarding practice review "Child H" concluded and published last year
with its five recommendations tracked, an ongoing review, a national review adopted, a Section 11
audit followed up in April just after the year's end, a themed audit of neglect, and the reports
and data its groups received. The Safeguarding Adults Board: the SAR "Adult D" concluded last
year, the SAR "Adult F" ongoing at the year's end, a referral decided "no review", a domestic
homicide review whose learning it tracks, a partner self-assessment in two stages, and its
evidence, the voice of adults included.

Run through `manage.py demo_data` after the governance demo (whose agencies, people and groups it
names). Every record goes through learning.services (with no user: the demo's own hand), and each
is created only when missing (a review by reference, an audit by name, a stage's judgements by
stage, an update by its date, evidence by title and date), so a second run creates nothing.
Nothing is dated after the day the demo is built for.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from io import TextIOBase
from typing import NamedTuple

from django.utils import timezone

from governance.demo.boards import demo_boards
from governance.demo.groups import ADULT_GROUPS, ADULTS, CHILDREN, GROUPS
from governance.demo.people import AGENCIES, PEOPLE, email_for
from governance.models import Agency, Board, Group, Person
from lscb.years import ReportingYear

from .models import (
    Audit,
    AuditKind,
    AuditResult,
    Decision,
    Evidence,
    EvidenceKind,
    Judgement,
    Recommendation,
    RecommendationStatus,
    Review,
    ReviewKind,
)
from .services import (
    audit_result_save,
    audit_save,
    evidence_save,
    recommendation_record_update,
    recommendation_save,
    review_save,
)
from .workdays import is_working_day

# Reporting years relative to the current one: 0 this year, -1 the last full year, and so on.
THIS, LAST, BEFORE, TWO_BEFORE = 0, -1, -2, -3


class On(NamedTuple):
    """A day given relative to the reporting years, so the demo stays current."""

    year: int  # THIS, LAST, BEFORE, TWO_BEFORE
    month: int
    day: int

    def on(self, current: ReportingYear) -> date:
        first = current.first + self.year
        return date(first if self.month >= 4 else first + 1, self.month, self.day)


# A day: On(...) in the reporting years, or an int: that many days before the demo's today.
Day = On | int


class Update(NamedTuple):
    on: Day
    note: str
    author: str  # a demo person's key
    status: str = ""
    reason: str = ""


class RecommendationSpec(NamedTuple):
    ref: str
    text: str
    agency: str = ""  # an AgencySpec key
    group: str = ""  # a GroupSpec key of the board
    due: Day | None = None
    updates: tuple[Update, ...] = ()
    evidence: str = ""  # of impact, once it is implemented


class ReviewSpec(NamedTuple):
    ref: str  # "{y}" stands for the first year of the reporting year given in `ref_year`
    ref_year: int
    kind: str
    title: str
    group: str
    notified: Day | None = None
    decision: str = ""
    decided: On | int | None = None  # an int: that many working days after `notified`
    reason: str = ""
    started: Day | None = None
    concluded: Day | None = None
    published: Day | None = None
    findings: str = ""
    recommendations: tuple[RecommendationSpec, ...] = ()


class StageSpec(NamedTuple):
    stage: str
    on: On


class AuditSpec(NamedTuple):
    name: str  # "{y}" as for reviews
    name_year: int
    kind: str
    group: str
    started: On
    completed: On | None
    findings: str
    stages: tuple[StageSpec, ...] = ()
    agencies: tuple[str, ...] = ()  # judged per agency and standard; none: one set of counts
    standards: tuple[str, ...] = ()
    questions: int = 3  # per agency and standard
    overall: tuple[tuple[int, int, int, int], ...] = ()  # without agencies: red, amber, green, none per stage
    recommendations: tuple[RecommendationSpec, ...] = ()


class EvidenceSpec(NamedTuple):
    title: str
    on: On
    kind: str
    scope: str
    group: str
    agency: str
    note: str


# --- the children's partnership ------------------------------------------------------------------

CHILD_H_FINDINGS = (
    "Child H, aged two, was admitted to hospital with a serious head injury after a period of escalating neglect. "
    "Agencies saw parts of the picture (missed health reviews, domestic abuse notifications, poor nursery "
    "attendance) but no agency put them together, and the cumulative harm was not recognised. Health visitors "
    "did not share concerns about missed developmental checks; domestic abuse notifications involving a pre-school "
    "child were triaged as standard risk; the mother's partner was not identified or assessed. Practice improved "
    "once the nursery made a referral, and the multi-agency response after the admission was prompt and well "
    "coordinated."
)
NEGLECT_FINDINGS = (
    "Twelve cases of children on child protection plans for neglect were audited by practitioners from children's "
    "social care, health, police and schools. Strengths: plans were specific in 9 of 12 cases and core groups met "
    "on time. Areas for development: the graded care profile was used in 4 of 12 cases; the child's lived "
    "experience was rarely described in the child's own words; fathers and male carers were absent from "
    "assessments in half the cases."
)
SECTION_11_FINDINGS = (
    "Seven agencies returned their Section 11 self-assessment against eight standards. Strongest: senior "
    "management commitment and safer recruitment. Weakest: listening to children and supervision of frontline "
    "staff. Each agency agreed an improvement plan at the challenge panel in November; the April follow-up shows "
    "the movement since."
)
S11_STANDARDS = (
    "1. Senior management commitment",
    "2. Clear lines of accountability",
    "3. Listening to children",
    "4. Safer recruitment",
    "5. Training and supervision",
    "6. Information sharing",
)
S11_AGENCIES = ("cs", "police", "ccg", "chs", "dvh", "yos", "nps")

REVIEWS = (
    ReviewSpec(
        "RR-{y}-01",
        LAST,
        ReviewKind.RAPID_REVIEW,
        "Child H",
        "scr",
        notified=On(LAST, 4, 7),
        decision=Decision.REVIEW,
        decided=18,
        reason=(
            "The criteria for a local child safeguarding practice review are met: serious harm, with learning about "
            "how agencies work together on neglect and domestic abuse. The decision took 18 working days because "
            "the health chronology arrived late; the panel now sets a date for every chronology at notification."
        ),
    ),
    ReviewSpec(
        "CSPR-{y}-01",
        LAST,
        ReviewKind.CSPR,
        "Child H",
        "scr",
        notified=On(LAST, 4, 7),
        decision=Decision.REVIEW,
        decided=18,
        started=On(LAST, 5, 19),
        concluded=On(LAST, 3, 19),
        published=On(LAST, 3, 30),
        findings=CHILD_H_FINDINGS,
        recommendations=(
            RecommendationSpec(
                "1",
                "The partnership should embed the graded care profile in all agencies' work with neglect, with "
                "multi-agency training and a yearly audit of its use.",
                agency="cs",
                group="qeg",
                due=On(THIS, 9, 30),
                updates=(
                    Update(On(THIS, 5, 12), "Training dates set; 60 places offered across agencies.", "moss"),
                    Update(
                        On(THIS, 7, 14),
                        "Graded care profile training delivered to 142 practitioners from six agencies.",
                        "moss",
                        RecommendationStatus.IN_PROGRESS,
                    ),
                    Update(
                        On(THIS, 9, 22),
                        "The profile is now part of the neglect pathway and of the multi-agency audit programme.",
                        "fairclough",
                        RecommendationStatus.IMPLEMENTED,
                    ),
                ),
                evidence="The October dip sample found the graded care profile used in 9 of 12 neglect cases, "
                "up from 4 of 12 in the themed audit.",
            ),
            RecommendationSpec(
                "2",
                "The CCG and the community health trust should ensure that health visitors share concerns about "
                "missed developmental checks with the GP and, where there are other concerns, children's social care.",
                agency="ccg",
                due=On(THIS, 6, 30),
                updates=(
                    Update(
                        On(THIS, 5, 6),
                        "A standard operating procedure for missed contacts is in draft with the trust.",
                        "hudson",
                        RecommendationStatus.IN_PROGRESS,
                    ),
                    Update(
                        On(THIS, 8, 4),
                        "The procedure awaits sign-off by the trust's clinical governance group; the due date has "
                        "passed and the Board has asked for a revised timetable.",
                        "hudson",
                    ),
                ),
            ),
            RecommendationSpec(
                "3",
                "Police and children's social care should review how domestic abuse notifications involving a child "
                "under five are triaged in the MASH.",
                agency="police",
                due=On(THIS, 1, 31),
                updates=(
                    Update(
                        On(THIS, 6, 2),
                        "A joint review of 50 notifications is under way in the MASH.",
                        "barker",
                        RecommendationStatus.IN_PROGRESS,
                    ),
                    Update(
                        On(THIS, 9, 15),
                        "The review found 11 of 50 under-fives' notifications graded standard that met the "
                        "threshold for a strategy discussion; a revised triage tool is being piloted.",
                        "barker",
                    ),
                ),
            ),
            RecommendationSpec(
                "4",
                "The partnership should commission an independent review of how early years settings follow up "
                "children's poor attendance.",
                agency="cs",
                due=On(THIS, 12, 31),
                updates=(
                    Update(
                        On(THIS, 7, 16),
                        "Decided at the July Board not to commission a separate review.",
                        "marsden",
                        RecommendationStatus.NOT_TO_IMPLEMENT,
                        "The learning is better taken forward through the early years strand of the neglect "
                        "strategy (recommendation 1) than through a separate independent review, whose cost would "
                        "take resources from the practice change the review asks for.",
                    ),
                ),
            ),
            RecommendationSpec(
                "5",
                "Every agency should seek assurance that fathers and male carers are identified, and assessed where "
                "they have a role in the child's care.",
                agency="cs",
                group="qeg",
                due=45,
            ),
        ),
    ),
    ReviewSpec(
        "NAT-{y}-01",
        LAST,
        ReviewKind.NATIONAL,
        "National review: safeguarding children with disabilities and complex health needs in residential settings",
        "board",
        notified=On(LAST, 6, 2),
        started=On(LAST, 6, 2),
        concluded=On(LAST, 9, 18),
        findings=(
            "The national panel's review found that children placed in residential settings far from home were "
            "rarely visited, their views seldom sought, and concerns raised by families not acted upon. The Board "
            "adopted two of its recommendations for local action in September."
        ),
        recommendations=(
            RecommendationSpec(
                "1",
                "Children's services should confirm that every disabled child placed in a residential setting out "
                "of the area is visited at least every six weeks, and their views recorded.",
                agency="cs",
                due=On(LAST, 3, 31),
                updates=(
                    Update(
                        On(LAST, 11, 10),
                        "All 14 children placed out of area identified; a visiting schedule agreed.",
                        "lowther",
                        RecommendationStatus.IN_PROGRESS,
                    ),
                    Update(
                        On(LAST, 3, 9),
                        "Every child visited within six weeks since December; views recorded in each file.",
                        "lowther",
                        RecommendationStatus.IMPLEMENTED,
                    ),
                ),
                evidence="The March audit found visits within six weeks for 14 of 14 children.",
            ),
            RecommendationSpec(
                "2",
                "The designated clinical officer should review the health plans of disabled children in residential "
                "settings with the placing social worker every year.",
                agency="ccg",
                due=On(THIS, 10, 31),
                updates=(
                    Update(
                        On(THIS, 6, 10),
                        "Joint reviews held for 8 of 14 children; the remainder are booked.",
                        "siddiqui",
                        RecommendationStatus.IN_PROGRESS,
                    ),
                ),
            ),
        ),
    ),
    ReviewSpec(
        "RR-{y}-02",
        LAST,
        ReviewKind.RAPID_REVIEW,
        "Child K",
        "scr",
        notified=On(LAST, 10, 13),
        decision=Decision.NO_REVIEW,
        decided=12,
        reason=(
            "The rapid review found that agencies worked well together and the harm could not have been foreseen. "
            "The single-agency learning for the school is taken forward by the education safeguarding team; the "
            "national panel agreed that no local review was needed."
        ),
    ),
    ReviewSpec(
        "RR-{y}-01",
        THIS,
        ReviewKind.RAPID_REVIEW,
        "Children L and M",
        "scr",
        notified=On(THIS, 5, 11),
        decision=Decision.REVIEW,
        decided=14,
        reason=(
            "Learning about the exploitation of siblings across two local authority areas, and about information "
            "sharing between schools and police."
        ),
    ),
    ReviewSpec(
        "CSPR-{y}-01",
        THIS,
        ReviewKind.CSPR,
        "Children L and M",
        "scr",
        notified=On(THIS, 5, 11),
        decision=Decision.REVIEW,
        decided=14,
        started=On(THIS, 7, 6),
        findings="",
    ),
    ReviewSpec(
        "RR-{y}-02",
        THIS,
        ReviewKind.RAPID_REVIEW,
        "Child P",
        "scr",
        notified=9,
        decision=Decision.PENDING,
    ),
)

NEGLECT_AUDIT = AuditSpec(
    "Multi-agency themed audit: neglect {y}",
    LAST,
    AuditKind.MULTI_AGENCY,
    "qeg",
    started=On(LAST, 1, 12),
    completed=On(LAST, 3, 6),
    findings=NEGLECT_FINDINGS,
    stages=(StageSpec("initial", On(LAST, 2, 20)),),
    overall=((2, 6, 4, 0),),
    recommendations=(
        RecommendationSpec(
            "1",
            "Practitioners should record the child's lived experience in the child's own words in every neglect "
            "assessment.",
            agency="cs",
            group="qeg",
            due=On(THIS, 7, 31),
            updates=(
                Update(
                    On(THIS, 4, 20),
                    "Assessment template changed; practice guidance issued.",
                    "moss",
                    RecommendationStatus.IN_PROGRESS,
                ),
                Update(
                    On(THIS, 7, 24),
                    "Completed: a dip sample of 20 assessments found the child's words in 17.",
                    "moss",
                    RecommendationStatus.IMPLEMENTED,
                ),
            ),
            evidence="17 of 20 neglect assessments sampled in July quote the child directly.",
        ),
        RecommendationSpec(
            "2",
            "All agencies should include fathers and male carers in neglect assessments and plans.",
            group="qeg",
            due=On(THIS, 9, 30),
            updates=(
                Update(
                    On(THIS, 6, 18),
                    "A briefing on working with fathers was circulated; schools' return awaited.",
                    "fairclough",
                    RecommendationStatus.IN_PROGRESS,
                ),
            ),
        ),
        RecommendationSpec(
            "3",
            "Schools should use the neglect toolkit before referring to children's social care.",
            agency="schools",
            due=On(THIS, 3, 31),
            updates=(
                Update(
                    On(THIS, 10, 8),
                    "Toolkit briefings given to designated safeguarding leads at the autumn network.",
                    "crossley",
                    RecommendationStatus.IN_PROGRESS,
                ),
            ),
        ),
    ),
)

SECTION_11_AUDIT = AuditSpec(
    "Section 11 audit {y}",
    LAST,
    AuditKind.SECTION_11,
    "qeg",
    started=On(LAST, 9, 1),
    completed=On(THIS, 4, 24),
    findings=SECTION_11_FINDINGS,
    stages=(StageSpec("initial", On(LAST, 10, 31)), StageSpec("after improvement action", On(THIS, 4, 24))),
    agencies=S11_AGENCIES,
    standards=S11_STANDARDS,
)

EVIDENCE = (
    EvidenceSpec(
        "LADO annual report",
        On(LAST, 7, 17),
        EvidenceKind.REPORT,
        "allegations against people who work with children",
        "board",
        "cs",
        "Referrals rose by 12%; 84% of allegations were resolved within three months. The Board asked for more "
        "referrals from faith and sports groups, which remain low.",
    ),
    EvidenceSpec(
        "Police data: missing episodes and child exploitation, quarter 1",
        On(LAST, 8, 11),
        EvidenceKind.DATA,
        "exploitation and missing children",
        "cse",
        "police",
        "Missing episodes fell by 9%; return home interviews offered within 72 hours remain too low.",
    ),
    EvidenceSpec(
        "Private fostering annual report",
        On(LAST, 9, 18),
        EvidenceKind.REPORT,
        "private fostering",
        "board",
        "cs",
        "Eleven notifications in the year; awareness among schools and GPs is still low.",
    ),
    EvidenceSpec(
        "Children and young people's survey: what makes you feel safe?",
        On(LAST, 11, 20),
        EvidenceKind.SURVEY,
        "voice of the child",
        "board",
        "vcs",
        "612 young people answered. Most feel safe at school; fewer feel safe online and on public transport. The "
        "findings shape the e-safety campaign and the business plan.",
    ),
    EvidenceSpec(
        "Ofsted inspection of local authority children's services",
        On(LAST, 1, 15),
        EvidenceKind.INSPECTION,
        "child protection processes",
        "board",
        "cs",
        "Judged good overall. The action plan on care leavers' accommodation is monitored by the Quality and "
        "Effectiveness Group.",
    ),
    EvidenceSpec(
        "Child protection performance data, quarter 3",
        On(LAST, 2, 10),
        EvidenceKind.DATA,
        "child protection processes",
        "qeg",
        "cs",
        "Repeat child protection plans at 19%, above comparator areas; the group asked for an audit of plans ended "
        "in the last two years.",
    ),
    EvidenceSpec(
        "Section 11 audit: summary of returns",
        On(THIS, 5, 21),
        EvidenceKind.AUDIT,
        "agencies' safeguarding arrangements",
        "board",
        "unit",
        "Movement since the initial returns: fewer standards not met; listening to children remains the weakest.",
    ),
    EvidenceSpec(
        "Child Death Overview Panel annual report",
        On(THIS, 7, 16),
        EvidenceKind.REPORT,
        "child deaths",
        "cdop",
        "ccg",
        "Modifiable factors in a quarter of reviewed deaths; safer sleep messages are being renewed with midwifery.",
    ),
    EvidenceSpec(
        "Designated professionals' health safeguarding assurance report",
        On(THIS, 9, 17),
        EvidenceKind.REPORT,
        "health safeguarding",
        "board",
        "ccg",
        "Level 3 training compliance at 88% across the trusts; GP practices' returns improving.",
    ),
    EvidenceSpec(
        "Young people's views of return home interviews",
        On(THIS, 10, 6),
        EvidenceKind.SURVEY,
        "voice of the child",
        "cse",
        "vcs",
        "Young people want a worker they already know to do the interview; the service is piloting this.",
    ),
)

# --- the Safeguarding Adults Board -----------------------------------------------------------------

ADULT_D_FINDINGS = (
    "Adult D, a man in his seventies living alone, died after a fire at his home, where self-neglect and hoarding "
    "had been known to several agencies for three years. Each agency responded to its own part: repairs, missed GP "
    "appointments, refused care. No agency convened a multi-agency meeting, his capacity to make decisions about "
    "his home conditions was assumed rather than assessed, and the fire service's safe and well visit was never "
    "requested. Where practitioners built a relationship with him, he accepted help."
)
SELF_ASSESSMENT_STANDARDS = (
    "A. Leadership and accountability",
    "B. Making Safeguarding Personal",
    "C. Mental Capacity Act",
    "D. Workforce, training and supervision",
    "E. Learning from reviews",
)
SELF_ASSESSMENT_AGENCIES = ("asc", "police", "ccg", "mht", "dvh", "housing", "fire")

ADULT_REVIEWS = (
    ReviewSpec(
        "SAR-{y}-01",
        TWO_BEFORE,
        ReviewKind.SAR,
        "Adult D",
        "sar",
        notified=On(TWO_BEFORE, 9, 12),
        decision=Decision.REVIEW,
        decided=On(TWO_BEFORE, 10, 24),
        reason="The criteria of section 44 of the Care Act 2014 are met: Adult D died, abuse or neglect (self-neglect) "
        "is suspected, and partners could have worked together more effectively.",
        started=On(TWO_BEFORE, 1, 15),
        concluded=On(LAST, 3, 12),
        published=On(THIS, 5, 14),
        findings=ADULT_D_FINDINGS,
        recommendations=(
            RecommendationSpec(
                "1",
                "The Board should adopt a multi-agency self-neglect and hoarding protocol with an escalation route "
                "to a high-risk panel.",
                agency="asc",
                group="selfneglect",
                due=On(THIS, 6, 30),
                updates=(
                    Update(On(LAST, 3, 26), "Task and finish group drafting the protocol.", "whittle"),
                    Update(
                        On(THIS, 4, 28),
                        "Protocol consulted on with partners and providers.",
                        "whittle",
                        RecommendationStatus.IN_PROGRESS,
                    ),
                    Update(
                        On(THIS, 6, 18),
                        "Protocol signed off at the June Board; the high-risk panel meets monthly from July.",
                        "whittle",
                        RecommendationStatus.IMPLEMENTED,
                    ),
                ),
                evidence="The high-risk panel heard 14 cases from July to October; each has a named lead agency.",
            ),
            RecommendationSpec(
                "2",
                "Adult social care and the mental health trust should assess, and record, capacity to make decisions "
                "about home conditions where self-neglect is known, including executive capacity.",
                agency="asc",
                due=30,
                updates=(
                    Update(
                        On(THIS, 5, 20),
                        "Mental Capacity Act training refreshed; a practice note on executive capacity in draft.",
                        "naylor",
                        RecommendationStatus.IN_PROGRESS,
                    ),
                ),
            ),
            RecommendationSpec(
                "3",
                "Adult social care and Northmoor Homes should refer every adult with known hoarding to the fire "
                "service for a safe and well visit.",
                agency="fire",
                due=On(THIS, 9, 30),
                updates=(
                    Update(
                        On(THIS, 5, 8),
                        "Referral form agreed with both agencies.",
                        "spencer",
                        RecommendationStatus.IN_PROGRESS,
                    ),
                    Update(
                        On(THIS, 8, 27),
                        "Referral pathway live; 37 safe and well visits completed from referrals since June.",
                        "spencer",
                        RecommendationStatus.IMPLEMENTED,
                    ),
                ),
                evidence="37 safe and well visits from the new pathway by August; fitted alarms in 31 homes.",
            ),
            RecommendationSpec(
                "4",
                "Northmoor Homes should share concerns about the condition of a tenant's home with adult social care "
                "at the first tenancy visit that finds them.",
                agency="housing",
                due=-60,
                updates=(
                    Update(
                        On(THIS, 6, 3),
                        "Tenancy officers briefed; the tenancy visit checklist is being revised.",
                        "forde",
                        RecommendationStatus.IN_PROGRESS,
                    ),
                ),
            ),
            RecommendationSpec(
                "5",
                "GP practices should follow up every missed appointment of an adult with care and support needs who "
                "lives alone.",
                agency="ccg",
                due=On(THIS, 12, 31),
                updates=(
                    Update(
                        On(LAST, 3, 26),
                        "Decided at the Executive Group not to implement as written.",
                        "quinn",
                        RecommendationStatus.NOT_TO_IMPLEMENT,
                        "GP practices already follow the national 'did not attend' guidance adopted in 2024; a "
                        "separate local requirement would duplicate it. The learning is part of GP safeguarding "
                        "leads' training instead (recommendation 2).",
                    ),
                ),
            ),
            RecommendationSpec(
                "6",
                "Every agency should record what the adult wants to happen, in their own words, in each safeguarding "
                "enquiry and care review (Making Safeguarding Personal).",
                group="qp",
                due=14,
            ),
        ),
    ),
    ReviewSpec(
        "DHR-{y}-01",
        BEFORE,
        ReviewKind.DHR,
        "Adult J",
        "sar",
        notified=On(BEFORE, 6, 10),
        decision=Decision.REVIEW,
        decided=On(BEFORE, 7, 22),
        reason="Commissioned by the Community Safety Partnership; the Board tracks the learning for adults with care "
        "and support needs.",
        started=On(BEFORE, 9, 2),
        concluded=On(LAST, 9, 25),
        published=On(LAST, 2, 17),
        findings=(
            "Adult J, who had care and support needs, was killed by her partner, who was also her carer. Coercive "
            "control was not recognised in her care reviews, and carers' assessments did not ask about abuse."
        ),
        recommendations=(
            RecommendationSpec(
                "1",
                "Adult social care should ask about domestic abuse in every carer's assessment and care review, seeing "
                "the adult alone.",
                agency="asc",
                due=On(THIS, 4, 30),
                updates=(
                    Update(
                        On(LAST, 12, 9),
                        "Assessment forms changed; routine enquiry training planned.",
                        "tranter",
                        RecommendationStatus.IN_PROGRESS,
                    ),
                ),
            ),
            RecommendationSpec(
                "2",
                "The mental health trust should include coercive control in its safeguarding adults training.",
                agency="mht",
                due=On(LAST, 3, 31),
                updates=(
                    Update(
                        On(LAST, 2, 24),
                        "Coercive control module added to level 3 training.",
                        "mahmood",
                        RecommendationStatus.IMPLEMENTED,
                    ),
                ),
                evidence="312 staff completed the new module by March.",
            ),
        ),
    ),
    ReviewSpec(
        "SAR-{y}-01",
        LAST,
        ReviewKind.SAR,
        "Adult F",
        "sar",
        notified=On(LAST, 8, 29),
        decision=Decision.REVIEW,
        decided=On(LAST, 10, 9),
        reason="Discretionary review under section 44(4): learning about the transition of a young adult with autism "
        "and learning disabilities from children's to adults' services.",
        started=On(LAST, 11, 3),
    ),
    ReviewSpec(
        "SAR-{y}-02",
        LAST,
        ReviewKind.SAR,
        "Adult G",
        "sar",
        notified=On(LAST, 12, 1),
        decision=Decision.NO_REVIEW,
        decided=On(LAST, 1, 21),
        reason="The criteria of section 44 are not met: there is no concern that partners could have worked together "
        "more effectively. The care provider's own learning on medication is followed through contract monitoring.",
    ),
)

SELF_ASSESSMENT = AuditSpec(
    "Safeguarding adults partner self-assessment {y}",
    LAST,
    AuditKind.SELF_ASSESSMENT,
    "qp",
    started=On(LAST, 9, 1),
    completed=On(LAST, 3, 20),
    findings=(
        "Seven partners assessed themselves against five standards and presented them at a challenge event in "
        "December. Making Safeguarding Personal and learning from reviews were the weakest; each partner agreed "
        "actions, and the March return shows the movement."
    ),
    stages=(StageSpec("initial", On(LAST, 11, 28)), StageSpec("after challenge event", On(LAST, 3, 20))),
    agencies=SELF_ASSESSMENT_AGENCIES,
    standards=SELF_ASSESSMENT_STANDARDS,
    questions=2,
)

ADULT_EVIDENCE = (
    EvidenceSpec(
        "Safeguarding Adults Collection return",
        On(LAST, 6, 24),
        EvidenceKind.DATA,
        "safeguarding enquiries",
        "sab",
        "asc",
        "Concerns up 14%; enquiries concluded with the risk reduced or removed in 91% of cases.",
    ),
    EvidenceSpec(
        "Police data: domestic abuse incidents involving adults with care and support needs",
        On(LAST, 9, 30),
        EvidenceKind.DATA,
        "domestic abuse",
        "qp",
        "police",
        "Incidents involving carers are under-recorded; the police will flag them from January.",
    ),
    EvidenceSpec(
        "Care Quality Commission assessment of the council's adult social care",
        On(LAST, 12, 9),
        EvidenceKind.INSPECTION,
        "safeguarding adults",
        "sab",
        "asc",
        "Rated good; the waiting list for assessments is the main area for improvement.",
    ),
    EvidenceSpec(
        "Making Safeguarding Personal survey of adults' views",
        On(LAST, 3, 10),
        EvidenceKind.SURVEY,
        "voice of adults at risk",
        "sab",
        "asc",
        "74 adults and carers answered: 86% felt listened to, 79% felt safer; fewer were asked what outcome they "
        "wanted at the start.",
    ),
    EvidenceSpec(
        "Deprivation of Liberty Safeguards data",
        On(THIS, 6, 18),
        EvidenceKind.DATA,
        "Mental Capacity Act",
        "sab",
        "asc",
        "The backlog of applications fell by a third; priority cases are now assessed within 28 days.",
    ),
    EvidenceSpec(
        "Healthwatch report: hearing the voice of care home residents",
        On(THIS, 9, 16),
        EvidenceKind.SURVEY,
        "voice of adults at risk",
        "qp",
        "healthwatch",
        "Residents want to know whom to tell when something is wrong; homes are to display it in easy read.",
    ),
)


class BoardLearning(NamedTuple):
    reviews: tuple[ReviewSpec, ...]
    audits: tuple[AuditSpec, ...]
    evidence: tuple[EvidenceSpec, ...]
    groups: dict[str, str]  # GroupSpec key -> name


DEMOS = {
    CHILDREN: BoardLearning(
        REVIEWS, (SECTION_11_AUDIT, NEGLECT_AUDIT), EVIDENCE, {spec.key: spec.name for spec in GROUPS}
    ),
    ADULTS: BoardLearning(
        ADULT_REVIEWS, (SELF_ASSESSMENT,), ADULT_EVIDENCE, {spec.key: spec.name for spec in ADULT_GROUPS}
    ),
}


def build(*, today: date, stdout: TextIOBase) -> None:
    """Create whatever is missing of the demo boards' learning and assurance, as at `today`."""
    boards = demo_boards()
    context = _Context(today)
    for key, demo in DEMOS.items():
        if key in boards:
            _build_board(boards[key], demo, context, stdout)


class _Context:
    def __init__(self, today: date) -> None:
        self.today = today
        self.current = ReportingYear.containing(today)
        # The services refuse future updates, whatever day the demo is built for.
        self.latest = min(today, timezone.localdate())
        names = {spec.key: spec.name for spec in AGENCIES}
        found = {agency.name: agency for agency in Agency.objects.filter(name__in=names.values())}
        self.agencies = {key: found[name] for key, name in names.items() if name in found}
        emails = {spec.key: email_for(spec) for spec in PEOPLE}
        by_email = {person.email: person for person in Person.objects.filter(email__in=emails.values())}
        self.people = {key: by_email[email] for key, email in emails.items() if email in by_email}

    def day(self, when: Day | None) -> date | None:
        if when is None:
            return None
        return self.today - timedelta(days=when) if isinstance(when, int) else when.on(self.current)

    def known(self, when: Day | None) -> date | None:
        """The day, if it has come by the day the demo is built for."""
        day = self.day(when)
        return day if day is not None and day <= self.latest else None


def _build_board(board: Board, demo: BoardLearning, context: _Context, stdout: TextIOBase) -> None:
    groups = {
        key: group
        for key, name in demo.groups.items()
        if (group := Group.objects.for_board(board).filter(name=name).order_by("pk").first()) is not None
    }
    # The board's own top group oversees what no sub-group does.
    top = next(iter(groups.values()), None)
    groups.setdefault("board", top)
    made = Counter()
    for spec in demo.reviews:
        _review(board, spec, groups, context, made)
    for spec in demo.audits:
        _audit(board, spec, groups, context, made)
    for spec in demo.evidence:
        _evidence(board, spec, groups, context, made)
    reviews = Review.objects.of_board(board)
    recommendations = Recommendation.objects.of_board(board)
    stdout.write(
        f"learning: {board.label}: {reviews.count()} reviews, {recommendations.count()} recommendations "
        f"({recommendations.overdue(context.today).count()} overdue), {Audit.objects.of_board(board).count()} audits, "
        f"{Evidence.objects.of_board(board).count()} evidence."
    )
    summary = ", ".join(f"{count} {noun}" for noun, count in made.items() if count)
    stdout.write(f"learning: {board.label}: created {summary or 'nothing (learning was already complete)'}.")


def _review(board: Board, spec: ReviewSpec, groups: dict, context: _Context, made: Counter) -> None:
    ref = spec.ref.format(y=context.current.first + spec.ref_year)
    notified = context.known(spec.notified)
    started = context.known(spec.started)
    if isinstance(spec.decided, int) and spec.notified is not None:
        decided = _after_working_days(context.day(spec.notified), spec.decided)
        decided = decided if decided <= context.latest else None
    else:
        decided = context.known(spec.decided)
    if notified is None and started is None and decided is None:
        return  # not yet known on the day the demo is built for
    review = Review.objects.filter(board=board, ref=ref).first()
    if review is None:
        concluded = context.known(spec.concluded)
        review = Review(
            board=board,
            ref=ref,
            kind=spec.kind,
            title=spec.title,
            group=groups.get(spec.group),
            notified_on=notified,
            decision=spec.decision if decided or spec.decision in ("", Decision.PENDING) else Decision.PENDING,
            decided_on=decided,
            decision_reason=spec.reason if decided else "",
            started_on=started,
            concluded_on=concluded,
            published_on=context.known(spec.published) if concluded else None,
            findings=spec.findings if concluded else "",
        )
        review_save(review=review, by=None)
        made["reviews"] += 1
    if review.concluded_on:
        for recommendation in spec.recommendations:
            _recommendation(recommendation, groups, context, made, review=review)


def _audit(board: Board, spec: AuditSpec, groups: dict, context: _Context, made: Counter) -> None:
    started = context.known(spec.started)
    if started is None:
        return
    name = spec.name.format(y=context.current.first + spec.name_year)
    audit = Audit.objects.filter(board=board, name=name).first()
    if audit is None:
        audit = Audit(
            board=board,
            name=name,
            kind=spec.kind,
            group=groups.get(spec.group),
            started_on=started,
            completed_on=context.known(spec.completed),
            findings=spec.findings,
        )
        audit_save(audit=audit, by=None)
        made["audits"] += 1
    elif audit.completed_on is None and (completed := context.known(spec.completed)):
        audit.completed_on = completed
        audit_save(audit=audit, by=None)
    have = set(audit.results.values_list("stage", flat=True))
    stages = _judgements(spec, context)
    for number, stage in enumerate(spec.stages):
        day = context.known(stage.on)
        if day is None or stage.stage in have:
            continue
        for agency, standard, judgement, count in stages[number]:
            result = AuditResult(
                audit=audit, stage=stage.stage, date=day, agency=agency, standard=standard, judgement=judgement
            )
            result.count = count
            audit_result_save(result=result, by=None)
            made["audit results"] += 1
    if audit.completed_on or any(context.known(stage.on) for stage in spec.stages):
        for recommendation in spec.recommendations:
            _recommendation(recommendation, groups, context, made, audit=audit)


def _judgements(spec: AuditSpec, context: _Context) -> list[list[tuple]]:
    """Each stage's rows (agency, standard, judgement, count): drawn once per agency and standard
    from a seeded generator, answers moving up a judgement after the first stage."""
    if not spec.agencies:
        order = (Judgement.RED, Judgement.AMBER, Judgement.GREEN, Judgement.NONE)
        return [
            [(None, "", judgement, count) for judgement, count in zip(order, counts, strict=True) if count]
            for counts in spec.overall
        ]
    rng = random.Random(f"northmoor-{spec.kind}")
    stages: list[list[tuple]] = [[] for _ in spec.stages]
    for key in spec.agencies:
        agency = context.agencies.get(key)
        if agency is None:
            continue
        for standard in spec.standards:
            answers = rng.choices(
                [Judgement.RED, Judgement.AMBER, Judgement.GREEN, Judgement.NONE],
                weights=[2, 4, 5, 1],
                k=spec.questions,
            )
            for rows in stages:
                for judgement, count in sorted(Counter(answers).items()):
                    rows.append((agency, standard, judgement, count))
                answers = [_improved(answer, rng) for answer in answers]
    return stages


def _improved(answer: str, rng: random.Random) -> str:
    if answer == Judgement.NONE:
        return Judgement.AMBER
    if answer == Judgement.RED:
        return Judgement.AMBER if rng.random() < 0.7 else Judgement.GREEN
    if answer == Judgement.AMBER and rng.random() < 0.55:
        return Judgement.GREEN
    return answer


def _recommendation(
    spec: RecommendationSpec, groups: dict, context: _Context, made: Counter, *, review=None, audit=None
) -> None:
    source = {"review": review} if review is not None else {"audit": audit}
    recommendation = Recommendation.objects.filter(**source, ref=spec.ref).first()
    if recommendation is None:
        recommendation = Recommendation(
            **source,
            ref=spec.ref,
            text=spec.text,
            lead_agency=context.agencies.get(spec.agency) if spec.agency else None,
            lead_group=groups.get(spec.group) if spec.group else None,
            due_date=context.day(spec.due),
        )
        recommendation_save(recommendation=recommendation, by=None)
        made["recommendations"] += 1
    have = set(recommendation.updates.values_list("date", flat=True))
    for update in spec.updates:
        day = context.known(update.on)
        if day is None or day in have:
            continue
        recommendation_record_update(
            recommendation=recommendation,
            note=update.note,
            by=None,
            day=day,
            status=update.status,
            reason=update.reason,
            author=context.people.get(update.author),
        )
        made["updates"] += 1
    recommendation.refresh_from_db()
    if spec.evidence and recommendation.status == RecommendationStatus.IMPLEMENTED and not recommendation.evidence:
        recommendation.evidence = spec.evidence
        recommendation_save(recommendation=recommendation, by=None)


def _evidence(board: Board, spec: EvidenceSpec, groups: dict, context: _Context, made: Counter) -> None:
    day = context.known(spec.on)
    if day is None or Evidence.objects.filter(board=board, title=spec.title, date=day).exists():
        return
    evidence = Evidence(
        board=board,
        title=spec.title,
        date=day,
        kind=spec.kind,
        scope=spec.scope,
        group=groups.get(spec.group),
        agency=context.agencies.get(spec.agency),
        note=spec.note,
    )
    evidence_save(evidence=evidence, by=None)
    made["evidence"] += 1


def _after_working_days(first: date, days: int) -> date:
    """The day `days` working days after `first` (workdays.working_days_between's reckoning)."""
    day, count = first, 0
    while count < days:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return day
