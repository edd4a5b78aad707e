"""The demo boards' two-year plans, with two years of RAG history: the children's partnership's
business plan and the Safeguarding Adults Board's strategic plan.

Run through `manage.py demo_data`, after the governance demo (whose boards hold the plans, whose
groups lead actions and whose people write the updates). Every record is looked up by its natural key and only
created when missing, so a second run changes nothing; every write goes through the
services (with no user), so ratings move only with dated progress updates.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from io import TextIOBase
from typing import NamedTuple

from django.utils import timezone

from governance.demo import ALL_GROUPS, ALL_SEATS
from governance.demo.boards import demo_boards
from governance.demo.groups import ADULTS, CHILDREN, When
from governance.demo.people import PEOPLE, email_for
from governance.models import Board, Group, GroupKind, Meeting, MeetingStatus, Person, Role
from lscb.years import ReportingYear

from ..models import Action, Objective, Plan, PlanStatus, Priority, ProgressUpdate
from ..services import action_record_progress, action_save, objective_save, plan_save, priority_save
from . import adults
from .plan import GREEN, HOLDING, PLAN_END, PLAN_START, PRIORITIES, QUARTERLY, REVIEWS, ActionSpec, PrioritySpec, Step

SEED = "northmoor-plan"
MANAGER = "marsden"  # the business manager writes the updates no sub-group chair writes
# The Board and its Business Committee are run by the business unit, so the manager reports for them.
_MANAGER_LED = {GroupKind.BOARD, GroupKind.COMMITTEE}
_MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")


class PlanDemo(NamedTuple):
    """One board's plan: its title (before the years, e.g. "Business Plan") and its priorities."""

    board: str
    title: str
    priorities: tuple[PrioritySpec, ...]


PLANS = [
    PlanDemo(CHILDREN, "Business Plan", PRIORITIES),
    PlanDemo(ADULTS, "Strategic Plan", adults.PRIORITIES),
]


def build(*, today: date, stdout: TextIOBase) -> None:
    """Create whatever is missing of the demo plans, as they stand on `today`."""
    boards = demo_boards()
    for demo in PLANS:
        if demo.board in boards:
            _build_plan(demo, boards[demo.board], today, stdout)


def _build_plan(demo: PlanDemo, board: Board, today: date, stdout: TextIOBase) -> None:
    current = ReportingYear.containing(today)
    before = _counts()
    plan = _plan(board, demo.title, current)
    last_board = _last_board_meeting(board, today)
    # The service refuses updates dated after the real today, whatever day the demo is built for.
    latest_day = min(today, timezone.localdate())
    people = _people()
    # The board's own groups and those joint with it (an action may be led by the joint training group).
    groups = {
        group.name: group for group in Group.objects.for_board(board).filter(name__in=[g.name for g in ALL_GROUPS])
    }
    group_by_key = {spec.key: groups[spec.name] for spec in ALL_GROUPS if spec.name in groups}
    recent = 0
    for number, priority_spec in enumerate(demo.priorities, start=1):
        priority = _priority(plan, number, priority_spec)
        for order, objective_spec in enumerate(priority_spec.objectives, start=1):
            objective = _objective(priority, order, objective_spec.text)
            single = len(objective_spec.actions) == 1
            for index, spec in enumerate(objective_spec.actions, start=1):
                ref = f"{number}.{order}" if single else f"{number}.{order}.{index}"
                action = _action(plan, objective, ref, spec, group_by_key, current)
                if action.updates.exists():
                    continue
                recent_day = None
                if spec.since_board and last_board:
                    recent_day = min(last_board + timedelta(days=1 + recent), latest_day)
                    recent += 1
                _progress(action, spec, current, last_board, recent_day, latest_day, people)
    _report(plan, before, last_board, today, stdout)


def _counts() -> dict[str, int]:
    return {
        "plans": Plan.objects.count(),
        "priorities": Priority.objects.count(),
        "objectives": Objective.objects.count(),
        "actions": Action.objects.count(),
        "progress updates": ProgressUpdate.objects.count(),
    }


def _plan(board: Board, title: str, current: ReportingYear) -> Plan:
    start, end = PLAN_START.on(current), PLAN_END.on(current)
    slug = f"{start.year}-{end.year % 100:02d}"
    title = f"{title} {slug}"
    return Plan.objects.filter(board=board, title=title).first() or plan_save(
        plan=Plan(board=board, title=title, slug=slug, start=start, end=end, status=PlanStatus.ACTIVE, scale="rag"),
        by=None,
    )


def _priority(plan: Plan, number: int, spec) -> Priority:
    return Priority.objects.filter(plan=plan, number=number).first() or priority_save(
        priority=Priority(
            plan=plan, number=number, title=spec.title, description=spec.description, functions=spec.functions
        ),
        by=None,
    )


def _objective(priority: Priority, order: int, text: str) -> Objective:
    return Objective.objects.filter(priority=priority, text=text).first() or objective_save(
        objective=Objective(priority=priority, text=text, order=order), by=None
    )


def _action(
    plan: Plan, objective: Objective, ref: str, spec: ActionSpec, groups: dict[str, Group], current: ReportingYear
) -> Action:
    found = Action.objects.filter(plan=plan, ref=ref).first()
    if found:
        return found
    due = spec.due.on(current) if spec.due else None
    due_text = spec.due_text.format(due=due, start=plan.start) if spec.due_text else _month(due)
    action = Action(
        plan=plan,
        objective=objective,
        ref=ref,
        text=spec.text,
        by_whom=spec.by_whom,
        lead_group=groups.get(spec.lead) if spec.lead else None,
        due_text=due_text,
        due_date=due,
        intended_impact=spec.impact,
        measure=spec.measure,
        # Only actions with no history are rated on creation: the rest follow their updates.
        initial_rating="" if spec.steps else spec.initial,
        rating="" if spec.steps else spec.initial,
    )
    return action_save(action=action, by=None)


def _month(day: date | None) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}" if day else ""


def _progress(
    action: Action,
    spec: ActionSpec,
    current: ReportingYear,
    last_board: date | None,
    recent_day: date | None,
    latest_day: date,
    people: dict[str, Person],
) -> None:
    """Write the action's updates in date order: its reviews so far, then any change since the Board."""
    rng = random.Random(f"{SEED}:{action.ref}")
    # Reviews fall in the first ten days of the month, ahead of the Board (the third Thursday).
    steps = [(_review_day(step, current, rng), step) for step in _timeline(spec, rng)]
    cutoff = last_board if recent_day else latest_day
    for day, step in steps:
        if cutoff is None or day > cutoff:
            break
        author = _author(action, day, current, people)
        action_record_progress(action=action, note=step.note, rating=step.rating, day=day, by=None, author=author)
    if recent_day and spec.since_board and recent_day <= latest_day:
        rating, note = spec.since_board
        author = _author(action, recent_day, current, people)
        action_record_progress(action=action, note=note, rating=rating, day=recent_day, by=None, author=author)


def _timeline(spec: ActionSpec, rng: random.Random) -> list[Step]:
    """The written steps in review order, with a holding note at each quarterly review in
    between, and after the last while the action is open (not rated, or not yet complete)."""
    if not spec.steps:
        return []
    written = {(step.year, step.month): step for step in spec.steps}
    positions = sorted(REVIEWS.index(review) for review in written)
    final = written[REVIEWS[positions[-1]]]
    complete = final.rating == GREEN and spec.due is not None
    last = positions[-1] if complete else len(REVIEWS) - 1
    timeline: list[Step] = []
    rating, turn = "", rng.randrange(12)
    for which, month in REVIEWS[positions[0] : last + 1]:
        step = written.get((which, month))
        if step:
            rating = step.rating
            timeline.append(step)
        elif month in QUARTERLY:
            notes = HOLDING[rating]
            turn += 1
            timeline.append(Step(which, month, rating, notes[turn % len(notes)]))
    return timeline


def _review_day(step: Step, current: ReportingYear, rng: random.Random) -> date:
    return When(step.year, step.month, 3 + rng.randrange(8)).on(current)


def _author(action: Action, day: date, current: ReportingYear, people: dict[str, Person]) -> Person:
    """The lead sub-group's chair on that day, else the business manager."""
    group = action.lead_group
    if group is None or group.kind in _MANAGER_LED:
        return people[MANAGER]
    key = next(spec.key for spec in ALL_GROUPS if spec.name == group.name)
    for seat in ALL_SEATS:
        if seat.group != key or seat.role != Role.CHAIR:
            continue
        start = seat.start.on(current) if seat.start else None
        end = seat.end.on(current) if seat.end else None
        if (start is None or start <= day) and (end is None or day <= end):
            return people[seat.person]
    return people[MANAGER]


def _people() -> dict[str, Person]:
    emails = {spec.key: email_for(spec) for spec in PEOPLE}
    found = {person.email: person for person in Person.objects.filter(email__in=emails.values())}
    return {key: found[email] for key, email in emails.items() if email in found}


def _last_board_meeting(board: Board, today: date) -> date | None:
    """The board's latest meeting held before `today`: the 'since' of its next meeting's paper."""
    meeting = (
        Meeting.objects.filter(
            group__board=board, group__kind=GroupKind.BOARD, status=MeetingStatus.HELD, date__lt=today
        )
        .order_by("-date")
        .first()
    )
    return meeting.date if meeting else None


def _report(plan: Plan, before: dict[str, int], last_board: date | None, today: date, stdout: TextIOBase) -> None:
    after = _counts()
    actions = plan.actions.all()
    ratings = Counter(actions.values_list("rating", flat=True))
    totals = ", ".join(f"{ratings.get(r, 0)} {r}" for r in plan.ratings) + f", {ratings.get('', 0)} unrated"
    updates = ProgressUpdate.objects.filter(action__plan=plan).count()
    changed = ""
    if last_board:
        moved = sum(
            1
            for before_rating, now in actions.with_rating_at(last_board, "then").values_list("then", "rating")
            if (before_rating or "") != now
        )
        changed = f"; {moved} changed since the Board of {last_board:%d/%m/%Y}"
    stdout.write(
        f"businessplan: {plan.board.label}: {plan}: {plan.priorities.count()} priorities, "
        f"{Objective.objects.filter(priority__plan=plan).count()} objectives, {actions.count()} actions, "
        f"{updates} progress updates; ratings now {totals}{changed}; {actions.overdue(today).count()} overdue."
    )
    created = {name: after[name] - before[name] for name in after}
    made = ", ".join(f"{count} {name}" for name, count in created.items() if count)
    stdout.write(f"businessplan: {plan.board.label}: created {made or 'nothing (the demo plan was already complete)'}.")
