"""The learning and assurance sheets of the board workbook (see WORKBOOK.md, format 2): reviews,
audits, audit_results, recommendations, recommendation_updates and evidence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.db.models import Model, Q
from django.utils import timezone

from lscb.workbook import (
    CellError,
    Choice,
    Date,
    ImportRun,
    Int,
    Ref,
    RowProblem,
    Sheet,
    SkipRow,
    Text,
    follows_board,
    register,
)

from .models import (
    Audit,
    AuditResult,
    Evidence,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Review,
)
from .services import (
    audit_result_save,
    audit_save,
    evidence_save,
    recommendation_save,
    recommendation_update_save,
    review_save,
)

# A board that keeps no reviews, audits or evidence in the app gets none of these sheets in its
# export; one that keeps any gets all six (the empty ones as headers to fill in).
LEARNING_PART = ("reviews", "audits", "evidence")

ANONYMISED = 'the anonymised title the board\'s papers use, e.g. "Child H" or "Adult D": never a real name.'


def _natural(text: str) -> tuple:
    """A ref in the order people number them: "2" before "10", "2.3" before "2.10"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in re.split(r"(\d+)", text))


def _in_order(first, then, earlier: str, later: str) -> Iterator[RowProblem]:
    """A later date of a record that comes before its earlier one."""
    if first and then and then < first:
        yield later, f"must not be before {earlier} ({first.isoformat()})."


class AnonymisedTitle(Text):
    """A review's title: required, and the message that says so says what it must be."""

    def read(self, raw: Any) -> Any:
        try:
            return super().read(raw)
        except CellError as exc:
            if str(exc) == "a value is required.":
                raise CellError(f"a value is required: {ANONYMISED}") from None
            raise


# --- reviews ------------------------------------------------------------------------------------


@register
class Reviews(Sheet):
    """A board's case reviews, keyed by board and ref; the group is one of the review's board (or
    joint with it). The title is anonymised, as the board's papers name it."""

    name = "reviews"
    model = Review
    key = ("board", "ref")
    ordering = ("board__name", "ref")
    exported_with = LEARNING_PART
    board_path = "board"
    noun = "review"
    columns = [
        Ref("board", to="boards"),
        Text("ref", required=True, one_line=True),
        Choice("kind", required=True),
        AnonymisedTitle("title", required=True, one_line=True),
        Ref("group", to="groups"),
        Date("notified_on"),
        Choice("decision"),
        Date("decided_on"),
        Text("decision_reason"),
        Date("started_on"),
        Date("concluded_on"),
        Date("published_on"),
        Text("findings"),
    ]

    def check(self, review: Review, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        yield from _in_order(review.notified_on, review.decided_on, "notified_on", "decided_on")
        yield from _in_order(review.started_on, review.concluded_on, "started_on", "concluded_on")
        yield from _in_order(review.concluded_on, review.published_on, "concluded_on", "published_on")

    def save(self, instance: Review, by: Any) -> Review:
        return review_save(review=instance, by=by)


# --- audits -------------------------------------------------------------------------------------


@register
class Audits(Sheet):
    """A board's audits, keyed by board and name."""

    name = "audits"
    model = Audit
    key = ("board", "name")
    ordering = ("board__name", "name")
    exported_with = LEARNING_PART
    board_path = "board"
    noun = "audit"
    columns = [
        Ref("board", to="boards"),
        Text("name", required=True, one_line=True),
        Choice("kind", required=True),
        Ref("group", to="groups"),
        Ref("agency", to="agencies"),
        Date("started_on"),
        Date("completed_on"),
        Text("findings"),
    ]

    def check(self, audit: Audit, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        yield from _in_order(audit.started_on, audit.completed_on, "started_on", "completed_on")

    def save(self, instance: Audit, by: Any) -> Audit:
        return audit_save(audit=instance, by=by)


@register
class AuditResults(Sheet):
    """How many answers stood at each judgement at each stage of an audit, for one agency and one
    standard (blank: all together). Keyed by audit, stage, agency, standard and judgement; the rows
    of one stage of an audit share its date."""

    name = "audit_results"
    model = AuditResult
    key = ("audit", "stage", "agency", "standard", "judgement")
    exported_with = LEARNING_PART
    duplicate_column = "judgement"
    follows = "audit"
    board_path = "audit__board"
    noun = "audit result"
    columns = [
        follows_board("audit.board"),
        Ref("audit", to="audits", required=True),
        Text("stage", required=True, one_line=True),
        Date("date", required=True),
        Ref("agency", to="agencies"),
        Text("standard", one_line=True),
        Choice("judgement", required=True),
        Int("count", min_value=0),
    ]

    def export_queryset(self, boards: list | None = None):
        results = AuditResult.objects.select_related("audit__board", "agency")
        if boards is not None:
            results = results.filter(audit__board__in=[board.pk for board in boards])
        order = {value: position for position, value in enumerate(("red", "amber", "green", "none"))}
        return sorted(
            results,
            key=lambda r: (
                r.audit.board.name,
                r.audit.name,
                r.date,
                r.stage,
                r.agency.name if r.agency else "",
                _natural(r.standard),
                order.get(r.judgement, 9),
            ),
        )

    def key_columns(self, cells: dict[str, Any]) -> tuple[str, ...]:
        # A blank agency or standard (all together) goes unsaid.
        return tuple(name for name in self.key if cells.get(name) or name in ("audit", "stage", "judgement"))

    def check(self, result: AuditResult, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        # One stage of an audit is one moment: its rows share a date (the first row's).
        dates = run.cache.setdefault("audit_stage_dates", {})
        first = dates.setdefault((result.audit.pk, result.stage), result.date)
        if first != result.date:
            yield (
                "date",
                f"the stage {result.stage!r} of {result.audit} is dated {first.isoformat()} in an earlier row: "
                "the rows of one stage share its date (a later stage has a name of its own).",
            )

    def save(self, instance: AuditResult, by: Any) -> AuditResult:
        return audit_result_save(result=instance, by=by)


# --- recommendations ----------------------------------------------------------------------------


def _source(values: dict[str, Any]) -> Iterator[RowProblem]:
    """A row's review or audit: exactly one of them."""
    review, audit = values.get("review"), values.get("audit")
    if review is not None and audit is not None:
        yield (
            "audit",
            f"a recommendation belongs to a review or to an audit, not both: leave audit blank for {review.ref}, "
            "or review blank for the audit.",
        )
    elif review is None and audit is None:
        yield "review", "give the ref of the review, or in audit the name of the audit, the recommendation belongs to."


def _source_key(values: dict[str, Any]) -> tuple:
    review, audit = values.get("review"), values.get("audit")
    return (review.pk if review is not None else None, audit.pk if audit is not None else None)


def _failed_recommendation(run: ImportRun, source: Model, ref: str) -> bool:
    """Whether a failed row of the recommendations sheet is this one: its own error says why."""
    state = run.state("recommendations")
    column = "review" if isinstance(source, Review) else "audit"
    sources = run.state("reviews" if column == "review" else "audits")
    for row in state.failed_rows:
        text = row.cells.get(column)
        if isinstance(text, str) and source in sources.matches(text) and row.cells.get("ref") == ref:
            return True
    return False


def _recommendation_order(recommendation: Recommendation) -> tuple:
    source = recommendation.source
    label = source.ref if recommendation.review_id else source.name
    return (source.board.name, 0 if recommendation.review_id else 1, _natural(label), _natural(recommendation.ref))


@register
class Recommendations(Sheet):
    """A recommendation of a review (by its ref) or of an audit (by its name), both of the row's
    board; its ref is unique in its review or audit. The lead group is one of that board."""

    name = "recommendations"
    model = Recommendation
    key = ("review", "audit", "ref")
    exported_with = LEARNING_PART
    follows = ("review", "audit")
    # The board is its review's or its audit's (see export_queryset).
    board_path = "review__board"
    noun = "recommendation"
    columns = [
        follows_board("source.board"),
        Ref("review", to="reviews"),
        Ref("audit", to="audits"),
        Text("ref", required=True, one_line=True),
        Text("text", required=True),
        Ref("lead_agency", to="agencies"),
        Ref("lead_group", to="groups"),
        Date("due_date"),
        Choice("status", required=True),
        Date("decided_on"),
        Text("reason"),
        Text("evidence"),
    ]

    def export_queryset(self, boards: list | None = None):
        records = Recommendation.objects.select_related("review__board", "audit__board", "lead_agency", "lead_group")
        if boards is not None:
            ids = [board.pk for board in boards]
            records = records.filter(Q(review__board__in=ids) | Q(audit__board__in=ids))
        return sorted(records, key=_recommendation_order)

    def key_columns(self, cells: dict[str, Any]) -> tuple[str, ...]:
        return tuple(name for name in self.key if cells.get(name))

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        yield from _source(values)

    def check(self, recommendation: Recommendation, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        status = recommendation.status
        if status == RecommendationStatus.NOT_TO_IMPLEMENT and not recommendation.reason:
            yield "reason", "required when the status is not_to_implement: why it will not be implemented."
        if status == RecommendationStatus.IMPLEMENTED and recommendation.decided_on is None:
            yield "decided_on", "required when the status is implemented: the date it was implemented."
        if status == RecommendationStatus.NOT_TO_IMPLEMENT and recommendation.decided_on is None:
            yield "decided_on", "required when the status is not_to_implement: the date of the decision."

    def save(self, instance: Recommendation, by: Any) -> Recommendation:
        return recommendation_save(recommendation=instance, by=by)


@register
class RecommendationUpdates(Sheet):
    """Dated notes of what was done about a recommendation: its history. Keyed by the review or
    audit, the recommendation's ref, the date and the note (two updates may fall on one day). An
    update's status is the status as of that day; the recommendation's current status is the
    recommendations sheet's."""

    name = "recommendation_updates"
    model = RecommendationUpdate
    key = ("review", "audit", "ref", "date", "note")
    after = ("recommendations",)
    exported_with = LEARNING_PART
    duplicate_column = "note"
    follows = ("review", "audit")
    board_path = "recommendation__review__board"
    noun = "recommendation update"
    columns = [
        follows_board("recommendation.source.board"),
        Ref("review", to="reviews", field=None, source="recommendation.review"),
        Ref("audit", to="audits", field=None, source="recommendation.audit"),
        Text("ref", required=True, field=None, source="recommendation.ref", one_line=True),
        Date("date", required=True),
        Choice("status"),
        Text("note", required=True),
        Ref("author", to="people"),
    ]

    def export_queryset(self, boards: list | None = None):
        updates = RecommendationUpdate.objects.select_related(
            "recommendation__review__board", "recommendation__audit__board", "author"
        )
        if boards is not None:
            ids = [board.pk for board in boards]
            updates = updates.filter(Q(recommendation__review__board__in=ids) | Q(recommendation__audit__board__in=ids))
        return sorted(
            updates,
            key=lambda u: (_recommendation_order(u.recommendation), u.date, u.recorded_at, u.pk),
        )

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        problems = list(_source(values))
        if problems:
            yield from problems
            return
        source = values.get("review") or values.get("audit")
        ref = values["ref"]
        recommendation = run.find("recommendations", (*_source_key(values), ref))
        if recommendation is None:
            if _failed_recommendation(run, source, ref):
                raise SkipRow
            kind = "review" if isinstance(source, Review) else "audit"
            label = source.ref if kind == "review" else source.name
            yield "ref", f"the {kind} {label} has no recommendation {ref} in the recommendations sheet or the database."
        values["recommendation"] = recommendation

    def row_key(self, values: dict[str, Any]) -> tuple:
        return (values["recommendation"].pk, values["date"], values["note"])

    def key_of(self, update: RecommendationUpdate) -> tuple:
        return (update.recommendation_id, update.date, update.note)

    def key_columns(self, cells: dict[str, Any]) -> tuple[str, ...]:
        return tuple(name for name in self.key if cells.get(name))

    def describe(self, cells: dict[str, Any]) -> str:
        day = cells.get("date")
        parts = (cells.get("review") or cells.get("audit"), cells.get("ref"), f"{day:%d/%m/%Y}" if day else "")
        return " / ".join(str(part) for part in parts if part)

    def prepare(self, update: RecommendationUpdate, values: dict[str, Any]) -> None:
        update.recommendation = values["recommendation"]

    def check(self, update: RecommendationUpdate, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        today = timezone.localdate()
        if update.date > today:
            yield (
                "date",
                f"{update.date.isoformat()} is in the future (today is {today.isoformat()}): an update records what was done.",
            )

    def save(self, instance: RecommendationUpdate, by: Any) -> RecommendationUpdate:
        # Whoever imports it records it; a changed update keeps its recorder.
        return recommendation_update_save(update=instance, by=by)


# --- evidence -----------------------------------------------------------------------------------


@register
class EvidenceSheet(Sheet):
    """Reports and data the board and its groups received, keyed by board, title and date."""

    name = "evidence"
    model = Evidence
    key = ("board", "title", "date")
    ordering = ("board__name", "date", "title")
    exported_with = LEARNING_PART
    duplicate_column = "date"
    board_path = "board"
    noun = "evidence"
    columns = [
        Ref("board", to="boards"),
        Text("title", required=True, one_line=True),
        Date("date", required=True),
        Choice("kind", required=True),
        Text("scope"),
        Ref("group", to="groups"),
        Ref("agency", to="agencies"),
        Text("note"),
    ]

    def save(self, instance: Evidence, by: Any) -> Evidence:
        return evidence_save(evidence=instance, by=by)
