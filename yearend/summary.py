"""The year-end summary as plain, JSON-able data, built section by section.

Each section is a function of the reporting year and the board returning some top-level keys of the
summary; `SECTIONS` lists them in the order the keys appear. A new part of the annual
report (the plan's RAG totals, the challenge log) is one more function added there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from businessplan.reports import plans_in_period
from challengelog.models import Challenge, OutcomeKind
from challengelog.models import Status as ChallengeStatus
from dataset.selectors import year_dataset
from finance.selectors import contributions_json, finance_json, year_contributions, year_finance
from governance.models import Board, Meeting
from governance.statistics import year_figures
from learning import selectors
from lscb.years import ReportingYear
from training.selectors import year_training

from .report import MeetingsTotal, learning_section

Section = Callable[[ReportingYear, Board], dict[str, Any]]


def attendance_section(year: ReportingYear, board: Board) -> dict[str, Any]:
    """Meetings planned, held and cancelled per group and in all; attendance by agency and person;
    registers missing. Groups run in the board's own order, agencies and people by name within each."""
    figures = year_figures(year, board=board)
    groups, attendance, people, not_recorded = [], [], [], []
    for group in figures.groups:
        name = group.group.name
        groups.append({"name": name, "planned": group.planned, "held": group.held, "cancelled": dict(group.cancelled)})
        attendance.extend(
            {
                "group": name,
                "agency": row.agency.name,
                "expected": row.expected,
                "attended": row.attended,
                "rate": row.rate,
            }
            for row in group.agencies
        )
        people.extend(
            {
                "group": name,
                "person": row.person.name,
                # The JSON keeps "agency" a string: a person representing no agency has "".
                "agency": row.agency.name if row.agency else "",
                "expected": row.expected,
                "attended": row.attended,
            }
            for row in group.people
        )
        not_recorded.extend({"group": name, "date": meeting.date.isoformat()} for meeting in group.not_recorded)
    return {
        "groups": groups,
        "meetings_total": MeetingsTotal.of(figures.groups).as_dict(),
        "attendance": attendance,
        "people": people,
        "not_recorded": not_recorded,
    }


def _rating(value: str | None) -> str | None:
    return value or None


def _dated(day: date, undated: bool, key: str = "date") -> dict[str, Any]:
    """A record's day (None when the source gave none) and the reporting year it belongs to."""
    return {key: None if undated else day.isoformat(), "year": ReportingYear.containing(day).label}


def plans_section(year: ReportingYear, board: Board) -> dict[str, Any]:
    """Every plan overlapping the year: RAG totals as at 31 March (unrated its own count) and
    each action's rating then, with the progress notes dated in the year."""
    plans = []
    for plan_year in plans_in_period(year.start, year.end, board=board):
        plan = plan_year.plan
        priorities = []
        for section in plan_year.sections:
            actions = [
                {
                    "ref": action.ref,
                    "objective": action.objective.text,
                    "action": action.text,
                    "intended_impact": action.intended_impact,
                    "measure": action.measure,
                    "by_whom": action.by_whom,
                    "due": action.due_text or (action.due_date.isoformat() if action.due_date else ""),
                    "rag": _rating(action.rating_at_end),
                    "progress": [
                        {**_dated(u.date, u.undated), "rag": _rating(u.rating), "note": u.note}
                        for u in action.period_updates
                    ],
                }
                for action in section.actions
            ]
            priorities.append(
                {
                    "number": section.priority.number,
                    "title": section.priority.title,
                    "rag_totals": section.totals,
                    "actions": actions,
                }
            )
        plans.append(
            {
                "title": plan.title,
                "start": plan.start.isoformat(),
                "end": plan.end.isoformat(),
                "scale": plan.scale,
                # The plan's own key: totals and ratings are keyed by these codes.
                "levels": [level.as_dict() for level in plan.scale_levels],
                "rag_totals": plan_year.totals,
                "priorities": priorities,
            }
        )
    return {"plans": plans}


def challenges_section(year: ReportingYear, board: Board) -> dict[str, Any]:
    """Challenges raised in the year or still open during it, counted by status now."""
    challenges = list(
        Challenge.objects.filter(board=board)
        .live_during(year.start, year.end)
        .select_related("agency")
        .order_by("raised_on", "ref")
    )
    by_status = dict.fromkeys(ChallengeStatus.values, 0)
    for challenge in challenges:
        by_status[challenge.status] += 1
    # Those closed by the year's end, by outcome category ("not_recorded": closed before
    # categories were kept).
    outcomes = dict.fromkeys([*OutcomeKind.values, "not_recorded"], 0)
    for c in challenges:
        if c.status == ChallengeStatus.CLOSED and c.closed_on is not None and c.closed_on <= year.end:
            outcomes[c.outcome_kind or "not_recorded"] += 1
    return {
        "challenges": {
            "total": len(challenges),
            "by_status": by_status,
            "raised_in_year": sum(c.raised_on in year for c in challenges),
            "closed_in_year": sum(c.closed_on is not None and c.closed_on in year for c in challenges),
            "open_at_year_end": sum(c.closed_on is None or c.closed_on > year.end for c in challenges),
            "outcomes": outcomes,
            "items": [
                {
                    "ref": c.ref,
                    **_dated(c.raised_on, c.raised_undated, "raised_on"),
                    "raised_by": c.raised_by,
                    "agency": c.agency.name,
                    "subject": c.subject,
                    "status": c.status,
                    "outcome": c.outcome,
                    "outcome_kind": c.outcome_kind,
                    "follow_up_on": _iso(c.follow_up_on),
                    "escalated_to": c.escalated_to,
                }
                for c in challenges
            ],
        }
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def reviews_section(year: ReportingYear, board: Board) -> dict[str, Any]:
    """Every review live in the year, with its status and its recommendations counted by status,
    both as they stood at the year's end (docs/yearend-learning.md); what the year concluded, what
    was ongoing at its end, the decisions in it not to implement, and the updates dated in it."""
    learning = learning_section(year, board)
    reviews = [
        {
            "ref": row.review.ref,
            "kind": row.review.kind,
            "title": row.review.title,
            "status": row.status,
            "notified_on": _iso(row.review.notified_on),
            "decided_on": _iso(row.review.decided_on),
            "started_on": _iso(row.review.started_on),
            "concluded_on": _iso(row.review.concluded_on),
            "published_on": _iso(row.review.published_on),
            "recommendations": {
                key: row.counts[key]
                for key in ("total", "not_started", "in_progress", "implemented", "not_to_implement")
            },
        }
        for row in learning.reviews
    ]
    return {
        "reviews": reviews,
        "reviews_in_year": {
            "concluded": [row.review.ref for row in learning.concluded],
            "ongoing_at_end": [row.review.ref for row in learning.ongoing],
            "not_to_implement": [
                {
                    "review": row.recommendation.review.ref,
                    "ref": row.recommendation.ref,
                    "reason": row.recommendation.reason,
                    "decided_on": _iso(row.recommendation.decided_on),
                }
                for row in learning.not_to_implement
            ],
            "updates_in_year": learning.updates_in_year,
        },
    }


def audits_section(year: ReportingYear, board: Board) -> dict[str, Any]:
    """The audits that ran in the year, each with every stage recorded for it (a follow-up stage
    after the year's end included), answers per judgement summed over agencies and standards."""
    return {
        "audits": [
            {
                "name": audit.name,
                "kind": audit.kind,
                "stages": [stage.as_dict() for stage in selectors.audit_stages(audit)],
            }
            for audit in selectors.audits_ran(board, year.start, year.end)
        ]
    }


def training_section(year: ReportingYear, board: Board) -> dict[str, Any]:
    """The year's training: events and cancellations, then places, bookings, attendance and
    evaluations over the events not cancelled, and bookings and attendance by agency (DOMAIN.md)."""
    return {"training": year_training(board, year)}


def finance_section(year: ReportingYear, board: Board) -> dict[str, Any]:
    """Income and expenditure lines with their totals added up from them, amounts as two-decimal
    strings ("259418.00"), the share spent a number to two places; then partners' contributions."""
    return {
        "finance": finance_json(year_finance(board, year)),
        "contributions": contributions_json(year_contributions(board, year)),
    }


def dataset_section(year: ReportingYear, board: Board) -> dict[str, Any]:
    """Every indicator with a value for a period inside the year, by name: its series per area
    (the whole area, "", first), each value keyed by its period as written (null: not reported),
    how many were reported, and the year total of the reported values (counts only, else null)."""
    return {"dataset": [item.as_json() for item in year_dataset(board, year)]}


SECTIONS: tuple[Section, ...] = (
    attendance_section,
    plans_section,
    challenges_section,
    reviews_section,
    audits_section,
    training_section,
    finance_section,
    dataset_section,
)


def year_summary(year: ReportingYear, board: Board, sections: Iterable[Section] = SECTIONS) -> dict[str, Any]:
    """The summary of one board's reporting year: the board, the year's dates, then each section's keys in order."""
    summary: dict[str, Any] = {
        "board": {"name": board.name, "kind": board.kind},
        "year": year.label,
        "start": year.start.isoformat(),
        "end": year.end.isoformat(),
    }
    for section in sections:
        summary.update(section(year, board))
    return summary


def summary_json(summary: dict[str, Any]) -> str:
    """The summary as the command prints it and the page offers it: UTF-8 text, indented."""
    return json.dumps(summary, ensure_ascii=False, indent=2)


def years_with_meetings() -> list[ReportingYear]:
    """Every reporting year in which some meeting is dated, newest first."""
    months = Meeting.objects.order_by().dates("date", "month")
    return sorted({ReportingYear.containing(month) for month in months}, reverse=True)
