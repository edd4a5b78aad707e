"""The business plan sheets of the board workbook (see WORKBOOK.md): plans, priorities, actions, progress."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from governance.services import record_save
from lscb.workbook import Choice, Date, ImportRun, Int, Ref, RowProblem, Sheet, SkipRow, Text, Year, dating, register
from lscb.years import ReportingYear

from .models import (
    FUNCTION_CODES,
    READY_MADE_SCALES,
    Action,
    Objective,
    Plan,
    Priority,
    ProgressUpdate,
    Rating,
    ready_made_levels,
)
from .services import action_save, objective_save, plan_save, priority_save

# A board that keeps no plan in the app gets no empty plan sheets in its export.
PLAN_PART = "plans"


def _off_scale(plan: Plan, rating: str) -> str:
    return f"{rating} is not on the scale of {plan}: use {', '.join(plan.ratings)}, or leave it blank (not rated)."


def _failed_row_names(run: ImportRun, sheet_name: str, plan: Plan, **cells: Any) -> bool:
    """Whether a failed row of the sheet is for this plan and these cells: its own error says why."""
    for row in run.state(sheet_name).failed_rows:
        text = row.cells.get("plan")
        if not isinstance(text, str) or plan not in run.state("plans").matches(text):
            continue
        if all(row.cells.get(name) == value for name, value in cells.items()):
            return True
    return False


# --- plans --------------------------------------------------------------------------------------


def _free_slug(title: str) -> str:
    """The plan's address as plan_save would make it, with -2, -3... when another plan has it."""
    base = slugify(title)[:60].strip("-") or "plan"
    slug, number = base, 1
    while Plan.objects.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: 60 - len(suffix)].rstrip("-") + suffix
    return slug


@register
class Plans(Sheet):
    name = "plans"
    model = Plan
    key = ("title",)
    ordering = ("start", "title")
    exported_with = PLAN_PART
    columns = [
        Text("title", required=True),
        Date("start", required=True),
        Date("end", required=True),
        Choice("rag_scale", field="scale", choices=[(name, title) for name, (title, _) in READY_MADE_SCALES.items()]),
    ]

    def prepare(self, plan: Plan, values: dict[str, Any]) -> None:
        if plan.scale in READY_MADE_SCALES and [row["code"] for row in plan.levels] != [
            row["code"] for row in ready_made_levels(plan.scale)
        ]:
            plan.levels = ready_made_levels(plan.scale)

    def check(self, plan: Plan, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        if plan.start and plan.end and plan.end < plan.start:
            yield "end", "must not be before start."
        stored = run.state(self.name).by_pk.get(plan.pk)
        if stored is not None and stored.scale != plan.scale:
            # Ratings already recorded must stay on the plan's scale.
            codes = [row["code"] for row in plan.levels]
            used = Action.objects.filter(plan=plan).exclude(rating="").exclude(rating__in=codes).exists() or (
                ProgressUpdate.objects.filter(action__plan=plan).exclude(rating="").exclude(rating__in=codes).exists()
            )
            if used:
                yield (
                    "rag_scale",
                    "this plan has ratings that are not on that scale: it must keep its scale while they are in its history.",
                )

    def save(self, instance: Plan, by: Any) -> Plan:
        if instance.pk is None:
            instance.slug = _free_slug(instance.title)
        return plan_save(plan=instance, by=by)


# --- priorities ---------------------------------------------------------------------------------


def _function_codes(text: str) -> list[str]:
    return [code.strip().lower() for code in (text or "").split(";") if code.strip()]


@register
class Priorities(Sheet):
    name = "priorities"
    model = Priority
    key = ("plan", "number")
    ordering = ("plan__start", "plan__title", "number")
    exported_with = PLAN_PART
    columns = [
        Ref("plan", to="plans", required=True),
        Int("number", required=True, min_value=1),
        Text("title", required=True),
        Text("functions"),
    ]

    def prepare(self, priority: Priority, values: dict[str, Any]) -> None:
        priority.functions = ";".join(_function_codes(priority.functions))  # as Priority.clean stores them

    def check(self, priority: Priority, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        unknown = [code for code in _function_codes(priority.functions) if code not in FUNCTION_CODES]
        if unknown:
            codes = ", ".join(repr(code) for code in unknown)
            yield (
                "functions",
                f"unknown statutory function code{'s' if len(unknown) > 1 else ''} {codes}: "
                f"the codes are {', '.join(FUNCTION_CODES)}, separated by ';'.",
            )

    def save(self, instance: Priority, by: Any) -> Priority:
        return priority_save(priority=instance, by=by)


# --- actions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LatestUpdate:
    """The update that will be an action's latest once the progress sheet is written."""

    date: date
    rating: str


def _objective(run: ImportRun, priority: Priority, text: str) -> Objective:
    """The priority's objective with this text: stored, made earlier in this run, or a new one (unsaved)."""
    if "objectives" not in run.cache:
        run.cache["objectives"] = {(o.priority_id, o.text): o for o in Objective.objects.order_by("id")}
    objectives: dict[tuple[int, str], Objective] = run.cache["objectives"]
    objective = objectives.get((priority.pk, text))
    if objective is None:
        # New objectives follow the priority's others in the order they first appear in the sheet.
        last = max((o.order for (owner, _), o in objectives.items() if owner == priority.pk), default=0)
        objective = objectives[(priority.pk, text)] = Objective(priority=priority, text=text, order=last + 1)
    return objective


def _stored_updates(run: ImportRun) -> dict[int, list[ProgressUpdate]]:
    if "stored_updates" not in run.cache:
        by_action: dict[int, list[ProgressUpdate]] = {}
        for update in run.state("progress").by_pk.values():
            by_action.setdefault(update.action_id, []).append(update)
        run.cache["stored_updates"] = by_action
    return run.cache["stored_updates"]


def _update_day(cells: dict[str, Any]) -> tuple[date | None, bool, list[RowProblem]]:
    """A progress row's day: its date, else the last day of its year (undated: it stood at the year's end)."""
    return dating(cells, "date", "year", at_end=True)


def _sheet_updates(run: ImportRun) -> dict[tuple[int, str], list[tuple[int, date, str, str | None]]]:
    """The progress sheet's readable rows by (plan id, ref): (row, day, note, rag or None if no rag column)."""
    if "sheet_updates" not in run.cache:
        by_action: dict[tuple[int, str], list[tuple[int, date, str, str | None]]] = {}
        for row in run.parsed.get("progress") or []:
            cells = row.cells
            day = _update_day(cells)[0]
            if row.failed or day is None or not all(cells.get(name) for name in ("plan", "ref", "note")):
                continue
            plans = run.state("plans").matches(cells["plan"])
            if len(plans) == 1:
                by_action.setdefault((plans[0].pk, cells["ref"]), []).append(
                    (row.number, day, cells["note"], cells.get("rag"))
                )
        run.cache["sheet_updates"] = by_action
    return run.cache["sheet_updates"]


def _latest_update(run: ImportRun, plan: Plan, ref: str, stored: Action | None) -> LatestUpdate | None:
    """The action's latest update (by date, then recorded order) once the progress sheet is written."""
    # (date, note), the progress sheet's key within an action -> (its place in time, rating); a stored
    # update keeps its place when a row changes its rating, a new one comes after the day's stored ones.
    updates: dict[tuple[date, str], tuple[tuple[date, int, datetime | int, int], str]] = {}
    for update in _stored_updates(run).get(stored.pk, []) if stored is not None else []:
        updates[(update.date, update.note)] = ((update.date, 0, update.recorded_at, update.pk), update.rating)
    for number, day, note, rating in _sheet_updates(run).get((plan.pk, ref), []):
        before = updates.get((day, note))
        order = before[0] if before else (day, 1, number, 0)
        updates[(day, note)] = (order, rating if rating is not None else (before[1] if before else ""))
    if not updates:
        return None
    order, rating = max(updates.values())
    return LatestUpdate(order[0], rating)


@register
class Actions(Sheet):
    """An action's objective is found, or made, by its text under the priority; `rag` is its current rating."""

    name = "actions"
    model = Action
    key = ("plan", "ref")
    after = ("priorities",)
    exported_with = PLAN_PART
    ordering = ("plan__start", "plan__title", "objective__priority__number", "objective__order", "objective_id", "id")
    columns = [
        Ref("plan", to="plans", required=True),
        Text("ref", required=True),
        Int("priority", required=True, min_value=1, field=None, source="objective.priority.number"),
        Text("objective", required=True, field=None, source="objective.text"),
        Text("action", field="text"),
        Text("by_whom"),
        Ref("lead_group", to="groups"),
        Text("due_text"),
        Date("due_date"),
        Text("intended_impact"),
        Text("measure"),
        Choice("rag", field="rating", choices=Rating),
    ]

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        plan, number = values["plan"], values["priority"]
        priority = run.find("priorities", (plan.pk, number))
        if priority is None:
            if _failed_row_names(run, "priorities", plan, number=number):
                raise SkipRow
            yield "priority", f"{plan} has no priority {number} in the priorities sheet or the database."
            return
        values["objective_record"] = _objective(run, priority, values["objective"])
        stored = run.state(self.name).by_key.get((plan.pk, values["ref"]))
        values["stored_rating"] = stored.rating if stored is not None else ""
        values["latest_update"] = _latest_update(run, plan, values["ref"], stored)

    def prepare(self, action: Action, values: dict[str, Any]) -> None:
        action.objective = values["objective_record"]
        if "rag" not in values:
            return  # no rag column: the ratings stay as they are
        if values["latest_update"] is None:
            # No dated update: the sheet's rating is both the current one and the one before any update.
            action.initial_rating = action.rating
        else:
            # The history decides: the progress sheet sets the rating once its rows are written.
            action.rating = values["stored_rating"]

    def check(self, action: Action, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        rag, latest = values.get("rag") or "", values["latest_update"]
        if rag and rag not in values["plan"].ratings:
            yield "rag", _off_scale(values["plan"], rag)
        elif rag and latest is not None and rag != latest.rating:
            yield (
                "rag",
                f"rag {rag} disagrees with the latest progress update "
                f"({latest.date.isoformat()}: {latest.rating or 'not rated'}); "
                "put the rating on that progress row or leave this blank.",
            )

    def related_name(self, field_name: str, target: Any, run: ImportRun) -> str | None:
        # An objective is known by its text, whole (its own str is cut short).
        return target.text if field_name == "objective" else None

    def save(self, instance: Action, by: Any) -> Action:
        objective = instance.objective
        if objective.pk is None:
            objective_save(objective=objective, by=by)
            instance.objective = objective  # again, now that it has an id
        return action_save(action=instance, by=by)


# --- progress -----------------------------------------------------------------------------------


@register
class Progress(Sheet):
    """Updates keyed by (plan, ref, date, note); each touched action's rating then follows its latest.

    An update the source gives no day for has a blank date and its reporting year in `year`: it is
    kept on the year's last day, marked undated (it stood at the year's end)."""

    name = "progress"
    model = ProgressUpdate
    key = ("plan", "ref", "date", "note")
    after = ("actions",)
    exported_with = PLAN_PART
    duplicate_column = "note"
    ordering = ("action__plan__start", "action__plan__title", "action__ref", "date", "recorded_at", "id")
    columns = [
        Ref("plan", to="plans", required=True, field=None, source="action.plan"),
        Text("ref", required=True, field=None, source="action.ref"),
        Date("date", undated="undated"),
        Choice("rag", field="rating", choices=Rating),
        Text("note", required=True),
        Ref("author", to="people"),
        # When `date` is blank: the reporting year the update belongs to (kept on its last day, undated).
        Year("year", day="date", undated="undated"),
    ]

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        day, undated, problems = _update_day(values)
        if problems:
            yield from problems
            return
        values["date"], values["undated"] = day, undated
        plan, ref = values["plan"], values["ref"]
        action = run.find("actions", (plan.pk, ref))
        if action is None:
            if _failed_row_names(run, "actions", plan, ref=ref):
                raise SkipRow
            yield "ref", f"{plan} has no action {ref} in the actions sheet or the database."
        values["action"] = action

    def row_key(self, values: dict[str, Any]) -> tuple:
        return (values["action"].pk, values["date"], values["note"])

    def key_of(self, update: ProgressUpdate) -> tuple:
        return (update.action_id, update.date, update.note)

    def describe(self, cells: dict[str, Any]) -> str:
        day, year = cells.get("date"), cells.get("year")
        when = day.isoformat() if day else (f"undated ({year})" if year else "")
        return " / ".join(str(part) for part in (cells.get("plan"), cells.get("ref"), when) if part)

    def prepare(self, update: ProgressUpdate, values: dict[str, Any]) -> None:
        update.action = values["action"]
        update.undated = values["undated"]

    def check(self, update: ProgressUpdate, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        today = timezone.localdate()
        if update.undated and update.date > today:
            yield (
                "year",
                f"{ReportingYear.containing(update.date)} has not ended (today is {today.isoformat()}): an undated "
                "update stands at the end of its year; give the date it was written.",
            )
        elif update.date > today:
            yield (
                "date",
                f"{update.date.isoformat()} is in the future (today is {today.isoformat()}): an update records what has happened.",
            )
        if update.rating and update.rating not in values["plan"].ratings:
            yield "rag", _off_scale(values["plan"], update.rating)
        # Every action with a row here has its rating recomputed once the sheet is written.
        run.cache.setdefault("rated_actions", set()).add(update.action_id)

    def save(self, instance: ProgressUpdate, by: Any) -> ProgressUpdate:
        if instance.pk is None:
            instance.recorded_by = by  # whoever imports it records it; an edited update keeps its recorder
        return record_save(instance=instance, by=by)

    def after_write(self, run: ImportRun) -> None:
        """Each action's rating follows its latest update (by date, then recorded order), as the app keeps it."""
        action_ids = run.cache.pop("rated_actions", set())
        if not action_ids:
            return
        latest: dict[int, str] = {}
        updates = ProgressUpdate.objects.filter(action_id__in=action_ids).order_by("date", "recorded_at", "id")
        for action_id, rating in updates.values_list("action_id", "rating"):
            latest[action_id] = rating  # the last one of each action is its latest
        for action in Action.objects.filter(pk__in=action_ids):
            rating = latest.get(action.pk, action.initial_rating)
            if action.rating != rating:
                action.rating = rating
                action.version += 1  # an edit form opened before the import is now stale
                record_save(instance=action, by=run.by)
