"""Every write to the business plan; a rating changes only with a dated update, atomically."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from governance.services import refuse_group_of_other_board
from lscb.concurrency import lock_current, locked_for_save
from lscb.records import record_save

from .models import Action, Objective, Plan, Priority, ProgressUpdate


def ratings_off_scale(plan: Plan, codes: list[str]) -> list[str]:
    """The recorded ratings of a saved plan (current, initial or in its history) that are not
    among `codes`, each as "code (refs)": two queries."""
    if plan.pk is None:
        return []
    refs: dict[str, set[str]] = {}
    actions = Action.objects.filter(plan_id=plan.pk)
    for ref, rating, initial in actions.values_list("ref", "rating", "initial_rating"):
        for code in (rating, initial):
            if code and code not in codes:
                refs.setdefault(code, set()).add(ref)
    history = ProgressUpdate.objects.filter(action__plan_id=plan.pk).exclude(rating="").exclude(rating__in=codes)
    for ref, code in history.values_list("action__ref", "rating"):
        refs.setdefault(code, set()).add(ref)
    return [
        f"{code} ({', '.join(sorted(found)[:5])}{', ...' if len(found) > 5 else ''})" for code, found in refs.items()
    ]


def off_scale_message(off: list[str]) -> str:
    return (
        f"Actions of this plan have been rated {'; '.join(off)}, which the new scale does not have. "
        "Keep a level with each code in use (you may change its label, colour and meaning)."
    )


def plan_save(*, plan: Plan, by) -> Plan:
    """Create or edit a plan; its address defaults to the years in its title (e.g. 2016-18).
    A scale that leaves a recorded rating (current or in the history) off it is refused."""
    if not plan.slug:
        plan.slug = slugify(plan.title)[:60]
    plan.clean()
    _refuse_taken_in_board(plan)
    off = ratings_off_scale(plan, plan.ratings)
    if off:
        raise ValidationError({"levels": off_scale_message(off)})
    return record_save(instance=plan, by=by)


def _refuse_taken_in_board(plan: Plan) -> None:
    """A plan's title and address are its board's own: another board may use the same (one query)."""
    if not plan.board_id:
        return
    others = Plan.objects.filter(board_id=plan.board_id).exclude(pk=plan.pk)
    taken = list(others.filter(Q(title=plan.title) | Q(slug=plan.slug)).values_list("title", "slug"))
    errors = {}
    if any(title == plan.title for title, _ in taken):
        errors["title"] = "Another plan of this board has this title: give this one its own."
    if any(slug == plan.slug for _, slug in taken):
        errors["slug"] = f"Another plan of this board has the address {plan.slug}: give this one its own."
    if errors:
        raise ValidationError(errors)


def priority_save(*, priority: Priority, by) -> Priority:
    return record_save(instance=priority, by=by)


def objective_save(*, objective: Objective, by) -> Objective:
    return record_save(instance=objective, by=by)


def action_save(*, action: Action, by, version: int | None = None) -> Action:
    """Edit what an action says (not its rating: that goes through action_record_progress).
    `version`: the one the edit form was opened at; a save after someone else's is refused."""
    if action.objective_id and not action.plan_id:
        action.plan_id = action.objective.priority.plan_id
    if action.objective_id and action.objective.priority.plan_id != action.plan_id:
        raise ValidationError({"objective": "The objective belongs to another plan."})
    refuse_group_of_other_board(action.lead_group_id, action.plan.board_id if action.plan_id else None, "lead_group")
    if action.pk and version is not None:
        with transaction.atomic():  # the row stays locked until it is saved
            action.version = locked_for_save(action, version, "this action").version + 1
            return record_save(instance=action, by=by)
    if action.pk:
        action.version += 1
    return record_save(instance=action, by=by)


def _latest_rating(action: Action) -> str:
    latest = action.updates.newest_first().first()
    return latest.rating if latest else action.initial_rating


@transaction.atomic
def action_record_progress(
    *, action: Action, note: str, rating: str, by, day: date | None = None, version: int | None = None, author=None
) -> ProgressUpdate:
    """Add a dated progress note with the rating as of that date; the current rating follows
    the latest update. A stale `version` (someone saved since the form opened) is refused."""
    current = lock_current(
        Action.objects.select_related("plan"),
        action.pk,
        version,
        "Someone else updated this action while you were writing. Their change is shown below; "
        "your text is kept: check it and save again.",
    )
    day = day or timezone.localdate()
    note = (note or "").strip()
    errors = {}
    if rating and rating not in current.plan.ratings:
        errors["rating"] = f"{rating} is not on this plan's scale: use {', '.join(current.plan.ratings)}."
    if not note:
        errors["note"] = (
            "Say why the rating changed."
            if rating != current.rating
            else "Write what has happened since the last update."
        )
    if day > timezone.localdate():
        errors["day"] = "An update cannot be dated in the future."
    if errors:
        raise ValidationError(errors)
    if author is None:
        author = getattr(by, "person", None) if by is not None and hasattr(by, "person") else None
    update = ProgressUpdate(action=current, date=day, rating=rating or "", note=note, author=author, recorded_by=by)
    record_save(instance=update, by=by)
    current.rating = _latest_rating(current)
    current.version += 1
    record_save(instance=current, by=by)
    return update
