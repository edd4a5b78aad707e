"""Every write to reviews, audits, recommendations and evidence: validated, atomic, attributed."""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from governance.services import refuse_group_of_other_board
from lscb.concurrency import StaleEdit
from lscb.records import record_delete, record_save, versioned_save

from .models import (
    Audit,
    AuditResult,
    Evidence,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Review,
)


def _refuse_group_of_other_board(record, field: str = "group") -> None:
    refuse_group_of_other_board(getattr(record, f"{field}_id"), _board_id(record), field)


def _board_id(record) -> int | None:
    if hasattr(record, "board_id"):
        return record.board_id
    source = record.review if record.review_id else record.audit if record.audit_id else None
    return source.board_id if source is not None else None


def review_save(*, review: Review, by, version: int | None = None) -> Review:
    """Add or change a review; `version` is the one the form was opened at."""
    _refuse_group_of_other_board(review)
    return versioned_save(review, by=by, version=version, noun="this review")


def audit_save(*, audit: Audit, by, version: int | None = None) -> Audit:
    _refuse_group_of_other_board(audit)
    return versioned_save(audit, by=by, version=version, noun="this audit")


def audit_result_save(*, result: AuditResult, by) -> AuditResult:
    return record_save(instance=result, by=by)


def recommendation_save(*, recommendation: Recommendation, by, version: int | None = None) -> Recommendation:
    """Add or change a recommendation (its text, lead, due date, status and evidence)."""
    _refuse_group_of_other_board(recommendation, "lead_group")
    if recommendation.decided_on and recommendation.decided_on > timezone.localdate():
        # A decision (implemented, or not to implement) is recorded once it is made, as updates are.
        raise ValidationError(
            {"decided_on": "A decision cannot be dated in the future: record it on the day it is made."}
        )
    return versioned_save(recommendation, by=by, version=version, noun="this recommendation")


def recommendation_record_update(
    *,
    recommendation: Recommendation,
    note: str,
    by,
    day: date | None = None,
    status: str = "",
    reason: str = "",
    author=None,
) -> RecommendationUpdate:
    """A dated note of what was done; with a status, the recommendation moves to it (implemented or
    not to be implemented: on this day, and for the latter with its reason)."""
    day = day or timezone.localdate()
    note = (note or "").strip()
    errors = {}
    if not note:
        errors["note"] = "Write what was done."
    if day > timezone.localdate():
        errors["day"] = "An update cannot be dated in the future."
    if status and status not in RecommendationStatus.values:
        errors["status"] = "Choose a status from the list."
    if status == RecommendationStatus.NOT_TO_IMPLEMENT and not (reason or recommendation.reason).strip():
        errors["reason"] = "Say why it will not be implemented: the annual report must give the reason."
    if errors:
        raise ValidationError(errors)
    if author is None and by is not None:
        author = getattr(by, "person", None) if hasattr(by, "person") else None
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        update = RecommendationUpdate(
            recommendation=current, date=day, status=status, note=note, author=author, recorded_by=by
        )
        record_save(instance=update, by=by)
        if status and status != current.status:
            current.status = status
            if status in (RecommendationStatus.IMPLEMENTED, RecommendationStatus.NOT_TO_IMPLEMENT):
                current.decided_on = day
            if reason:
                current.reason = reason.strip()
            current.version += 1
            record_save(instance=current, by=by)
    return update


def recommendation_update_save(*, update: RecommendationUpdate, by) -> RecommendationUpdate:
    """Keep an update as written (the workbook import): its status is history only; the
    recommendation's own status is not moved (recommendation_record_update does that in the app)."""
    if update.recorded_by_id is None and by is not None and getattr(by, "pk", None):
        update.recorded_by = by
    return record_save(instance=update, by=by)


def evidence_save(*, evidence: Evidence, by) -> Evidence:
    _refuse_group_of_other_board(evidence)
    return record_save(instance=evidence, by=by)


# --- an audit's judgements, one stage at a time ------------------------------------------------


def audit_stage_fingerprint(results) -> str:
    """What a stage's stored counts were when its form was opened: a save over another person's
    change to them is refused, as a stale edit of any record is."""
    rows = sorted((r.pk, r.agency_id or 0, r.standard, r.judgement, r.count, r.date.isoformat()) for r in results)
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]


def _stored_stage(audit: Audit, current: str | None, seen: str | None) -> list[AuditResult]:
    """The stage's rows, its audit locked until the transaction ends (one stage's save at a time)."""
    Audit.objects.select_for_update().filter(pk=audit.pk).first()
    stored = list(audit.results.filter(stage=current)) if current is not None else []
    if seen is not None and current is not None and audit_stage_fingerprint(stored) != seen:
        raise StaleEdit(
            "Someone else saved this stage's counts while you were correcting them. Their counts are on the "
            "audit's page; yours are kept in the form: check them and save again."
        )
    return stored


def audit_stage_save(
    *,
    audit: Audit,
    stage: str,
    day,
    rows: dict[tuple, dict[str, int]],
    current: str | None,
    by,
    seen: str | None = None,
) -> int:
    """Replace one stage's counts (`current`: the stage's name as stored, None for a new stage) with
    `rows`, all or nothing: a row is changed in place where it was, added where it was not, removed
    where its count is now 0; `seen` is the stage's fingerprint when the form was opened. Returns the
    number of results stored for the stage."""
    if not any(count for counts in rows.values() for count in counts.values()):
        raise ValidationError("Enter at least one count: a stage with no answers says nothing.")
    with transaction.atomic():
        stored = _stored_stage(audit, current, seen)
        kept: dict[tuple, AuditResult] = {}
        merged = set()
        for result in stored:
            key = (result.agency_id, result.standard, result.judgement)
            if key in kept:  # the same answer twice (e.g. imported so): one row keeps their sum
                kept[key].count += result.count
                merged.add(key)
                record_delete(instance=result, by=by)
            else:
                kept[key] = result
        saved = 0
        for (agency, standard), counts in rows.items():
            for judgement, count in counts.items():
                key = (agency.pk if agency else None, standard, judgement)
                result = kept.pop(key, None)
                if not count:
                    if result is not None:
                        record_delete(instance=result, by=by)
                    continue
                if result is None:
                    result = AuditResult(audit=audit, agency=agency, standard=standard, judgement=judgement)
                elif key not in merged and (result.stage, result.date, result.count) == (stage, day, count):
                    saved += 1
                    continue
                result.stage, result.date, result.count = stage, day, count
                audit_result_save(result=result, by=by)
                saved += 1
        for result in kept.values():
            record_delete(instance=result, by=by)
    return saved


def audit_stage_remove(*, audit: Audit, stage: str, by, seen: str | None = None) -> None:
    """Remove one stage of an audit's results, all or nothing; `seen` as for audit_stage_save."""
    with transaction.atomic():
        for result in _stored_stage(audit, stage, seen):
            record_delete(instance=result, by=by)
