"""The business plan sheets of the board workbook (see WORKBOOK.md): plans, priorities, actions, progress."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from lscb.records import record_save
from lscb.workbook import (
    Bool,
    Column,
    Date,
    ImportRun,
    Int,
    Ref,
    RowProblem,
    Sheet,
    SkipRow,
    Text,
    Year,
    dating,
    follows_board,
    register,
)
from lscb.workbook.results import FieldChange
from lscb.years import ReportingYear

from .models import (
    FUNCTION_CODES,
    HEX_COLOUR,
    LEVEL_CODE,
    READY_MADE_SCALES,
    RESERVED_CODES,
    Action,
    Objective,
    Plan,
    Priority,
    ProgressUpdate,
    clean_levels,
    ready_made_levels,
    ready_made_with_key,
)
from .services import action_save, objective_save, off_scale_message, plan_save, priority_save, ratings_off_scale

# A board that keeps no plan in the app gets no empty plan sheets in its export.
PLAN_PART = "plans"


def _off_scale(plan: Plan, rating: str) -> str:
    labels = "; ".join(
        f"{level.code} ({level.label})" for level in plan.scale_levels if level.label.casefold() != level.code
    )
    words = f" or their labels: {labels}" if labels else ""
    return (
        f"{rating} is not on the scale of {plan}: use {', '.join(plan.ratings)}{words}, or leave it blank (not rated)."
    )


def _rating_code(values: dict[str, Any], plan: Plan) -> None:
    """A rag cell as the level's code: written as the code or the plan's label, in any case
    ("Achieved" or "1" on a numbered scale); a text off the scale is kept for check to report."""
    if values.get("rag"):
        values["rag"] = plan.code_for(values["rag"]) or values["rag"].lower()


def _failed_row_names(run: ImportRun, sheet_name: str, plan: Plan, **cells: Any) -> bool:
    """Whether a failed row of the sheet is for this plan and these cells: its own error says why."""
    for row in run.state(sheet_name).failed_rows:
        text = row.cells.get("plan")
        if not isinstance(text, str) or plan not in run.state("plans").matches(text):
            continue
        if all(row.cells.get(name) == value for name, value in cells.items()):
            return True
    return False


# --- scales -------------------------------------------------------------------------------------


@dataclass
class ScaleLevel:
    """One row of the scales sheet: a level of a board's own scale. Scales are not records of
    their own: each plan keeps a copy of its scale's levels, so a stored scale is read from the
    plans that hold it, and a row is written onto the plans of the plans sheet that name it."""

    scale: str = ""
    code: str = ""
    label: str = ""
    colour: str = ""
    meaning: str = ""
    position: int | None = None
    complete: bool = False
    row: int = 0

    class _meta:  # what the import engine compares of a stored and a read row
        concrete_fields = [
            type("Field", (), {"attname": name, "primary_key": False})
            for name in ("label", "colour", "meaning", "position", "complete")
        ]

    @property
    def pk(self) -> tuple[str, str]:
        return (self.scale, self.code)

    def as_level(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "colour": self.colour,
            "meaning": self.meaning,
            "complete": self.complete,
        }


def held_scales(boards: list | None = None) -> dict[str, list[dict]]:
    """Every scale other than the ready-made ones that a stored plan holds (of `boards` only, when
    given), with the levels of the first plan (by start, then title) that holds it."""
    scales: dict[str, list[dict]] = {}
    plans = Plan.objects.order_by("start", "title", "pk").only("scale", "levels")
    if boards is not None:
        plans = plans.filter(board__in=[board.pk for board in boards])
    for plan in plans:
        if plan.scale not in READY_MADE_SCALES and plan.scale not in scales:
            scales[plan.scale] = [level.as_dict() for level in plan.scale_levels]
    return scales


@register
class Scales(Sheet):
    """A board's own scale, one row per level (e.g. a numbered 1 to 4 scale); plans name it in `scale`."""

    name = "scales"
    model = ScaleLevel
    key = ("scale", "code")
    exported_with = PLAN_PART
    columns = [
        Text("scale", required=True, field=None, source="scale"),
        Text("code", required=True, field=None, source="code"),
        Text("label", required=True, field=None, source="label", one_line=True),
        Text("colour", required=True, field=None, source="colour"),
        Text("meaning", field=None, source="meaning"),
        Int("position", min_value=1, field=None, source="position"),
        Bool("complete", field=None, source="complete"),
    ]

    def _levels(self, boards: list | None = None) -> list[ScaleLevel]:
        return [
            ScaleLevel(name, position=number, **level)
            for name, levels in held_scales(boards).items()
            for number, level in enumerate(levels, start=1)
        ]

    def queryset(self):
        return self._levels()

    def export_queryset(self, boards: list | None = None):
        return self._levels(boards)

    def key_of(self, level: ScaleLevel) -> tuple:
        return (level.scale, level.code)

    def row_key(self, values: dict[str, Any]) -> tuple:
        return (str(values["scale"]).lower(), str(values["code"]).lower())

    def prepare(self, level: ScaleLevel, values: dict[str, Any]) -> None:
        level.scale, level.code = self.row_key(values)
        level.label = values["label"]
        level.colour = str(values["colour"]).lower()
        level.meaning = values.get("meaning") or ""
        level.position = values.get("position")
        level.complete = bool(values.get("complete"))

    def check(self, level: ScaleLevel, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        if level.scale in READY_MADE_SCALES:
            yield "scale", f"{level.scale} is a ready-made scale: give a board's own scale another name, e.g. numbered."
        elif not LEVEL_CODE.match(level.scale):
            yield "scale", "a scale's name is lower-case letters, digits, '-' or '_', e.g. numbered."
        if not LEVEL_CODE.match(level.code):
            yield "code", "a level's code is 1 to 20 lower-case letters, digits, '-' or '_', e.g. 1 or red."
        elif level.code in RESERVED_CODES:
            yield "code", f"{level.code!r} means not rated: choose another code."
        if not HEX_COLOUR.match(level.colour):
            yield "colour", f"{level.colour!r} is not a colour: write it as #rrggbb, e.g. #2e8b57."

    def save(self, instance: ScaleLevel, by: Any) -> ScaleLevel:
        # Written onto the plans that name the scale, by the plans sheet.
        return instance


def _workbook_scales(run: ImportRun) -> dict[str, list[dict]]:
    """The scales the scales sheet of this workbook gives (levels in position order), once written."""
    if "workbook_scales" not in run.cache:
        rows: dict[str, list[ScaleLevel]] = {}
        for row in run.parsed.get("scales") or []:
            if row.failed or row.key is None:
                continue
            level = run.state("scales").by_key.get(row.key)
            if level is not None:
                level.row = row.number
                rows.setdefault(level.scale, []).append(level)
        run.cache["workbook_scales"] = {
            name: [level.as_level() for level in sorted(levels, key=lambda lv: (lv.position or 10**6, lv.row))]
            for name, levels in rows.items()
        }
    return run.cache["workbook_scales"]


def _codes_in_play(run: ImportRun) -> list[str]:
    """Every level code a plan of this workbook may give a meaning for, in a stable order."""
    if "codes_in_play" not in run.cache:
        codes = [level.code for _, levels in READY_MADE_SCALES.values() for level in levels]
        codes += [str(row.cells.get("code") or "").lower() for row in run.parsed.get("scales") or []]
        codes += [level["code"] for levels in held_scales().values() for level in levels]
        run.cache["codes_in_play"] = list(dict.fromkeys(code for code in codes if code))
    return run.cache["codes_in_play"]


class Meaning(Column):
    """`<code>_meaning`: the plan's own key for one level of its scale."""

    def __init__(self, code: str) -> None:
        super().__init__(f"{code}_meaning", field=None, source="title")
        self.code = code

    def export(self, plan: Plan) -> str | None:
        return self.to_cell(plan.meaning(self.code)) if self.code in plan.ratings else None


# --- plans --------------------------------------------------------------------------------------


def _free_slug(title: str, board) -> str:
    """The plan's address as plan_save would make it, with -2, -3... when another plan of its
    board has it."""
    base = slugify(title)[:60].strip("-") or "plan"
    slug, number = base, 1
    while Plan.objects.filter(board=board, slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: 60 - len(suffix)].rstrip("-") + suffix
    return slug


def _scale_levels(name: str, run: ImportRun, stored: Plan | None) -> list[dict] | None:
    """The levels a plan on scale `name` takes: the workbook's scales sheet, a ready-made scale
    (with the plan's stored key), the plan's own stored levels, or another stored plan's."""
    given = _workbook_scales(run).get(name)
    if given is not None:
        kept = {lv.code: lv.meaning for lv in stored.scale_levels} if stored and stored.scale == name else {}
        return [{**level, "meaning": level["meaning"] or kept.get(level["code"], "")} for level in given]
    if name in READY_MADE_SCALES:
        if stored is None:
            return ready_made_levels(name)
        return ready_made_with_key(name, {lv.code: lv.meaning for lv in stored.scale_levels}, stored.scale)
    if stored is not None and stored.scale == name:
        return [level.as_dict() for level in stored.scale_levels]
    for plan in run.state("plans").by_pk.values():
        if plan.scale == name:
            return [level.as_dict() for level in plan.scale_levels]
    return None


@register
class Plans(Sheet):
    """`scale` names the plan's scale (`rag_scale`, its format 1 name, is read too); the columns
    `<code>_meaning` carry the plan's own key, one per level code of the scales in play."""

    name = "plans"
    model = Plan
    key = ("board", "title")
    ordering = ("board__name", "start", "title")
    exported_with = PLAN_PART
    after = ("scales",)
    board_path = "board"
    noun = "plan"
    columns = [
        Ref("board", to="boards"),
        Text("title", required=True, one_line=True),
        Date("start", required=True),
        Date("end", required=True),
        Text("scale", field=None, source="scale"),
        Text("rag_scale", field=None, source="scale"),
    ]

    def extra_column(self, name: str, run: ImportRun) -> Column | None:
        code = name.removesuffix("_meaning")
        if code == name or code not in _codes_in_play(run):
            return None
        column = Meaning(code)
        column.bind(self)
        return column

    def unknown_column_hint(self, run: ImportRun) -> str:
        codes = _codes_in_play(run)
        return (
            f", and a meaning column for each level of the scales in play: {', '.join(c + '_meaning' for c in codes)}"
        )

    def export_columns(self, boards: list | None = None) -> list[Column]:
        # The plans are read once for both their columns and their rows (export_queryset).
        self._exported = list(super().export_queryset(boards))
        codes: list[str] = []
        for plan in self._exported:
            codes += [code for code in plan.ratings if code not in codes]
        meanings = [Meaning(code) for code in codes]
        for column in meanings:
            column.bind(self)
        return [column for column in self.columns if column.name != "rag_scale"] + meanings

    def field_change(self, attname: str, old: Plan, new: Plan) -> FieldChange:
        if attname != "levels":
            return super().field_change(attname, old, new)

        # The levels in words, only those that differ: "3 = 3 Slipped (#ffd700): behind the date".
        def words(plan: Plan, codes: list[str]) -> str:
            shown = [plan.level(code) for code in codes]
            return "; ".join(
                f"{lv.code} = {lv.label} ({lv.colour}{', complete' if lv.complete else ''})"
                + (f": {lv.meaning}" if lv.meaning else "")
                for lv in shown
                if lv is not None
            )

        codes = list(dict.fromkeys([*old.ratings, *new.ratings]))
        changed = [code for code in codes if old.level(code) != new.level(code)]
        return FieldChange("levels", words(old, changed) or None, words(new, changed) or None)

    def export_queryset(self, boards: list | None = None):
        plans, self._exported = getattr(self, "_exported", None), None
        return plans if plans is not None else super().export_queryset(boards)

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        scale, old = (values.get("scale") or "").strip().lower(), (values.get("rag_scale") or "").strip().lower()
        column = "scale" if "scale" in values else "rag_scale"
        if scale and old and scale != old:
            yield (
                "rag_scale",
                f"rag_scale ({old}) and scale ({scale}) disagree: rag_scale is the old name of scale, give one.",
            )
            return
        stored = run.state(self.name).by_key.get((values["board"].pk, values["title"]))
        name = scale or old or (stored.scale if stored is not None else "rag")
        levels = _scale_levels(name, run, stored)
        if levels is None:
            if any(
                row.failed and str(row.cells.get("scale") or "").lower() == name
                for row in run.parsed.get("scales") or []
            ):
                raise SkipRow  # its scales row says what is wrong
            held = sorted(held_scales())
            yield (
                column,
                f"{name!r} is not a scale: use rag, brag, a scale of the scales sheet"
                + (f", or a scale a plan already has ({', '.join(held)})." if held else "."),
            )
            return
        codes = [level["code"] for level in levels]
        for key, text in values.items():
            code = key.removesuffix("_meaning")
            if code == key or not text:
                continue
            if code not in codes:
                yield (
                    key,
                    f"the scale {name} has no level {code} (its levels are {', '.join(codes)}): leave this blank.",
                )
            else:
                levels[codes.index(code)]["meaning"] = text
        values["scale_name"], values["levels"] = name, clean_levels(levels)

    def prepare(self, plan: Plan, values: dict[str, Any]) -> None:
        if plan.scale == values["scale_name"] and [lv.as_dict() for lv in plan.scale_levels] == values["levels"]:
            return  # the same scale and key (a plan made before its levels were kept on it stays as it is)
        plan.scale, plan.levels = values["scale_name"], values["levels"]
        plan.__dict__.pop("scale_levels", None)

    def check(self, plan: Plan, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        if plan.start and plan.end and plan.end < plan.start:
            yield "end", "must not be before start."
        off = ratings_off_scale(plan, plan.ratings)
        if off:
            yield "scale" if "scale" in values else "rag_scale", off_scale_message(off)

    def save(self, instance: Plan, by: Any) -> Plan:
        if instance.pk is None:
            instance.slug = _free_slug(instance.title, instance.board)
        return plan_save(plan=instance, by=by)


# --- priorities ---------------------------------------------------------------------------------


def _function_codes(text: str) -> list[str]:
    return [code.strip().lower() for code in (text or "").split(";") if code.strip()]


@register
class Priorities(Sheet):
    name = "priorities"
    model = Priority
    key = ("plan", "number")
    ordering = ("plan__board__name", "plan__start", "plan__title", "number")
    exported_with = PLAN_PART
    follows = "plan"
    board_path = "plan__board"
    noun = "priority"
    columns = [
        follows_board("plan.board"),
        Ref("plan", to="plans", required=True),
        Int("number", required=True, min_value=1),
        Text("title", required=True, one_line=True),
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
            plan = run.find_named("plans", cells["plan"], cells.get("board"))
            if plan is not None:
                rag = cells.get("rag")
                rag = (plan.code_for(rag) or rag) if rag else rag
                by_action.setdefault((plan.pk, cells["ref"]), []).append((row.number, day, cells["note"], rag))
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
    follows = "plan"
    board_path = "plan__board"
    noun = "action"
    ordering = (
        "plan__board__name",
        "plan__start",
        "plan__title",
        "objective__priority__number",
        "objective__order",
        "objective_id",
        "id",
    )
    columns = [
        follows_board("plan.board"),
        Ref("plan", to="plans", required=True),
        Text("ref", required=True, one_line=True),
        Int("priority", required=True, min_value=1, field=None, source="objective.priority.number"),
        Text("objective", required=True, field=None, source="objective.text"),
        Text("action", field="text"),
        Text("by_whom"),
        Ref("lead_group", to="groups"),
        Text("due_text"),
        Date("due_date"),
        Text("intended_impact"),
        Text("measure"),
        Text("rag", field="rating"),
    ]

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        plan, number = values["plan"], values["priority"]
        _rating_code(values, plan)
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
    follows = "plan"
    board_path = "action__plan__board"
    noun = "progress update"
    ordering = (
        "action__plan__board__name",
        "action__plan__start",
        "action__plan__title",
        "action__ref",
        "date",
        "recorded_at",
        "id",
    )
    columns = [
        follows_board("action.plan.board"),
        Ref("plan", to="plans", required=True, field=None, source="action.plan"),
        Text("ref", required=True, field=None, source="action.ref", one_line=True),
        Date("date", undated="undated"),
        Text("rag", field="rating"),
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
        _rating_code(values, plan)
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
        when = f"{day:%d/%m/%Y}" if day else (f"undated ({year})" if year else "")
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
