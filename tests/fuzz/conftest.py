"""The fuzz tests: a hypothesis profile that keeps them short, the board they post to, and a count."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings

from learning.models import AuditResult
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    AuditFactory,
    BudgetLineFactory,
    ChallengeFactory,
    ContributionFactory,
    EvidenceFactory,
    GroupFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeetingFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    RecommendationFactory,
    ReviewFactory,
    TrainingAttendanceFactory,
    TrainingEventFactory,
    UserFactory,
)

from .harness import CASES, SAVED

settings.register_profile(
    "lscb-fuzz",
    deadline=None,
    database=None,  # no .hypothesis folder in the checkout
    # CI runs the same examples every time; a developer's run explores new ones.
    derandomize=os.environ.get("CI") == "true",
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("lscb-fuzz")


def pytest_terminal_summary(terminalreporter):
    if CASES:
        per_form = ", ".join(f"{name} {count} ({SAVED[name]} saved)" for name, count in sorted(CASES.items()))
        terminalreporter.write_line(f"fuzz: {sum(CASES.values())} generated cases ({per_form})")


@pytest.fixture
def board(db):
    """A small board with a record of every kind the forms refer to, the past meeting to record
    and cancel, a plan with rated actions, and challenges open and closed."""
    council = AgencyFactory(name="Westshire Council", sector="local_authority", statutory_partner=True)
    police = AgencyFactory(name="Constabulary", sector="police")
    health = AgencyFactory(name="Health Trust", sector="health")
    lscb = GroupFactory(name="Safeguarding Board", kind="board", frequency="bimonthly", planned_per_year=6)
    qeg = GroupFactory(name="Quality and Effectiveness Group", kind="subgroup", parent=lscb, frequency="quarterly")
    cse = GroupFactory(name="CSE Task and Finish", kind="task_and_finish", parent=qeg, frequency="", planned_per_year=4)
    ann = PersonFactory(name="Ann Chair", email="ann@council.example", agency=council, job_title="Independent chair")
    bob = PersonFactory(name="Bob Officer", email="bob@police.example", agency=police)
    carol = PersonFactory(name="Carol Lay", email=None, agency=None)
    dee = PersonFactory(name="Dee Nurse", email="dee@health.example", agency=health)
    MembershipFactory(group=lscb, person=ann, role="chair", start=date(2015, 4, 1))
    MembershipFactory(group=lscb, person=bob, start=date(2015, 4, 1))
    MembershipFactory(group=lscb, person=carol, agency=None, expected="for_items", start=date(2015, 4, 1))
    seat = MembershipFactory(group=qeg, person=dee, start=date(2016, 4, 1), end=date(2026, 3, 31))
    past = MeetingFactory(group=lscb, date=date(2026, 10, 7), status="planned", note="")
    later = MeetingFactory(group=qeg, date=date(2027, 1, 13), status="planned")
    plan = PlanFactory(title="Business Plan 2025-27", slug="2025-27", start=date(2025, 4, 1), end=date(2027, 3, 31))
    first = PriorityFactory(plan=plan, number=1, title="Early help", functions="1a;1c")
    second = PriorityFactory(plan=plan, number=2, title="Neglect")
    objective = ObjectiveFactory(priority=first, text="Thresholds are understood")
    other_objective = ObjectiveFactory(priority=second, text="Neglect is recognised early")
    action = ActionFactory(
        objective=objective, plan=plan, ref="1.1", text="Train staff", lead_group=qeg, rating="amber"
    )
    other_action = ActionFactory(objective=other_objective, plan=plan, ref="2.1", text="Audit cases")
    open_challenge = ChallengeFactory(ref="CH-2026-01", raised_on=date(2026, 5, 1), agency=police, subject="Training")
    closed = ChallengeFactory(
        ref="CH-2026-02",
        raised_on=date(2026, 5, 2),
        agency=health,
        subject="Audit",
        status="closed",
        outcome="Audit done",
        closed_on=date(2026, 6, 1),
    )
    other_user = UserFactory(username="someone")
    # Learning: a review overseen by the sub-group with a recommendation, and an audit with a stage.
    review = ReviewFactory(ref="RR-2025-01", title="Child H", group=qeg, notified_on=date(2025, 5, 1))
    recommendation = RecommendationFactory(review=review, ref="1", text="Audit the escalation policy")
    audit = AuditFactory(name="Section 11 audit 2025", group=qeg, started_on=date(2025, 4, 1))
    audit_recommendation = RecommendationFactory(review=None, audit=audit, ref="1", text="Train the front door")
    for judgement, count in (("red", 2), ("amber", 5), ("green", 9)):
        AuditResult.objects.create(
            audit=audit, stage="Initial", date=date(2025, 6, 1), judgement=judgement, count=count
        )
    AuditResult.objects.create(
        audit=audit, stage="Initial", date=date(2025, 6, 1), agency=police, judgement="red", count=1
    )
    evidence = EvidenceFactory(title="LADO annual report", group=qeg, agency=council)
    # The dataset: the police's monthly indicator with April's value, and its yearly one without.
    indicator = IndicatorFactory(
        name="Children missing from home: episodes", source=police, frequency="monthly", priority=first
    )
    value = IndicatorValueFactory(
        indicator=indicator, period="2025-04", value=Decimal("52"), comparator=Decimal("48"), comparator_name="England"
    )
    yearly = IndicatorFactory(name="Repeat referrals", source=police, unit="percent", frequency="yearly")
    # Training: a past course with the police's line, and the money of 2025-26.
    event = TrainingEventFactory(
        title="Neglect toolkit", date=date(2025, 6, 1), places=20, booked=18, attended=15, evaluations=12, rated_good=10
    )
    attendance = TrainingAttendanceFactory(event=event, agency=police, booked=6, attended=5)
    budget_line = BudgetLineFactory(
        year=2025, kind="expenditure", line="Business unit staffing", budget=Decimal("90000.00"), position=1
    )
    income_line = BudgetLineFactory(
        year=2025, kind="income", line="Partner contributions", budget=Decimal("120000.00"), position=1
    )
    contribution = ContributionFactory(year=2025, agency=council, amount=Decimal("60000.00"), share=Decimal("50.00"))
    return SimpleNamespace(
        records={
            "agency": [council, police, health],
            "group": [lscb, qeg, cse],
            "person": [ann, bob, carol, dee],
            "membership": [seat],
            "meeting": [past, later],
            "user": [other_user],
            "plan": [plan],
            "priority": [first, second],
            "objective": [objective, other_objective],
            "action": [action, other_action],
            "challenge": [open_challenge, closed],
        },
        past=past,
        later=later,
        plan=plan,
        action=action,
        other_action=other_action,
        open_challenge=open_challenge,
        closed_challenge=closed,
        seat=seat,
        people=[ann, bob, carol, dee],
        groups=[lscb, qeg, cse],
        review=review,
        recommendation=recommendation,
        audit=audit,
        audit_recommendation=audit_recommendation,
        evidence=evidence,
        indicator=indicator,
        value=value,
        yearly=yearly,
        event=event,
        attendance=attendance,
        budget_line=budget_line,
        income_line=income_line,
        contribution=contribution,
    )


@pytest.fixture
def as_manager(client_for, manager):
    """The test client signed in as the business manager (with the second step, where needed)."""
    return client_for(manager)
