"""Backups restore: the workbook export of the full demo board imports into an empty database
as the same board, table by table; and the README's pg_dump / pg_restore procedure works."""

from __future__ import annotations

import subprocess
from io import StringIO

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from businessplan.models import Action, Objective, Plan, Priority, ProgressUpdate
from challengelog.models import Challenge
from dataset.models import Indicator, IndicatorValue
from finance.models import BudgetLine, Contribution
from governance.models import Agency, Attendance, Group, Meeting, Membership, Person
from learning.models import Audit, AuditResult, Evidence, Recommendation, RecommendationUpdate, Review
from tests.pgcluster import Cluster
from tests.workbook.helpers import snapshot as governance_snapshot
from training.models import TrainingAttendance, TrainingEvent

TODAY = "2026-11-27"
AUDITED = (
    Agency,
    Group,
    Person,
    Membership,
    Meeting,
    Attendance,
    Plan,
    Priority,
    Objective,
    Action,
    ProgressUpdate,
    Challenge,
)


def build_demo() -> None:
    call_command("demo_data", "--today", TODAY, "--force", stdout=StringIO())


def board_snapshot() -> dict[str, dict]:
    """Every record of the eighteen sheets by natural key, with every field the workbook carries."""

    def key(person: Person | None):
        return person.key if person else None

    return {
        **governance_snapshot(),
        "plans": {p.title: (p.start, p.end, p.scale) for p in Plan.objects.all()},
        "priorities": {
            (p.plan.title, p.number): (p.title, p.functions) for p in Priority.objects.select_related("plan")
        },
        "objectives": {
            (o.priority.plan.title, o.priority.number, o.text): o.actions.count()
            for o in Objective.objects.select_related("priority__plan")
        },
        "actions": {
            (a.plan.title, a.ref): (
                a.objective.priority.number,
                a.objective.text,
                a.text,
                a.by_whom,
                a.lead_group and a.lead_group.name,
                a.due_text,
                a.due_date,
                a.intended_impact,
                a.measure,
                a.rating,
            )
            for a in Action.objects.select_related("plan", "objective__priority", "lead_group")
        },
        "progress": sorted(
            (u.action.plan.title, u.action.ref, u.date, u.rating, u.note, key(u.author))
            for u in ProgressUpdate.objects.select_related("action__plan", "author")
        ),
        "challenges": {
            (c.board.slug, c.ref): (
                c.raised_on,
                c.raised_by,
                c.agency.name,
                c.subject,
                c.detail,
                c.meeting and (c.meeting.group.name, c.meeting.date),
                c.priority and (c.priority.plan.title, c.priority.number),
                c.response_due,
                c.response,
                c.outcome,
                c.status,
                c.escalated_to,
                c.closed_on,
            )
            for c in Challenge.objects.select_related("board", "agency", "meeting__group", "priority__plan")
        },
        **learning_snapshot(),
        **figures_snapshot(),
    }


def figures_snapshot() -> dict[str, dict]:
    """The dataset, training and money sheets, by natural key."""
    return {
        "indicators": {
            (i.board.slug, i.name): (
                i.unit,
                i.better,
                i.frequency,
                i.source and i.source.name,
                i.target,
                i.priority and (i.priority.plan.title, i.priority.number),
                i.on_dashboard,
                i.description,
            )
            for i in Indicator.objects.select_related("board", "source", "priority__plan")
        },
        "indicator_values": {
            (v.indicator.board.slug, v.indicator.name, v.area, v.period): (
                v.value,
                v.comparator,
                v.comparator_name,
                v.note,
            )
            for v in IndicatorValue.objects.select_related("indicator__board")
        },
        "training": {
            (e.board.slug, e.title, e.date): (
                e.kind,
                e.topic,
                e.places,
                e.booked,
                e.attended,
                e.cancelled,
                e.evaluations,
                e.rated_good,
                e.notes,
            )
            for e in TrainingEvent.objects.select_related("board")
        },
        "training_attendance": {
            (a.event.board.slug, a.event.title, a.event.date, a.agency.name): (a.booked, a.attended)
            for a in TrainingAttendance.objects.select_related("event__board", "agency")
        },
        "budget": {
            (b.board.slug, b.year, b.kind, b.line): (b.budget, b.actual, b.note, b.position)
            for b in BudgetLine.objects.select_related("board")
        },
        "contributions": {
            (c.board.slug, c.year, c.agency.name): (c.amount, c.share, c.in_kind)
            for c in Contribution.objects.select_related("board", "agency")
        },
    }


def learning_snapshot() -> dict[str, dict]:
    """The six learning and assurance sheets, by natural key."""

    def source(r) -> tuple:
        return (
            ("review", r.review.board.slug, r.review.ref)
            if r.review_id
            else ("audit", r.audit.board.slug, r.audit.name)
        )

    def name(record) -> str | None:
        return record.name if record is not None else None

    return {
        "reviews": {
            (r.board.slug, r.ref): (
                r.kind,
                r.title,
                name(r.group),
                r.notified_on,
                r.decision,
                r.decided_on,
                r.decision_reason,
                r.started_on,
                r.concluded_on,
                r.published_on,
                r.findings,
            )
            for r in Review.objects.select_related("board", "group")
        },
        "audits": {
            (a.board.slug, a.name): (a.kind, name(a.group), name(a.agency), a.started_on, a.completed_on, a.findings)
            for a in Audit.objects.select_related("board", "group", "agency")
        },
        "audit_results": sorted(
            (r.audit.board.slug, r.audit.name, r.stage, r.date, name(r.agency) or "", r.standard, r.judgement, r.count)
            for r in AuditResult.objects.select_related("audit__board", "agency")
        ),
        "recommendations": {
            (*source(r), r.ref): (
                r.text,
                name(r.lead_agency),
                name(r.lead_group),
                r.due_date,
                r.status,
                r.decided_on,
                r.reason,
                r.evidence,
            )
            for r in Recommendation.objects.select_related("review__board", "audit__board", "lead_agency", "lead_group")
        },
        "recommendation_updates": sorted(
            (
                *source(u.recommendation),
                u.recommendation.ref,
                u.date,
                u.status,
                u.note,
                (u.author and u.author.key) or "",
            )
            for u in RecommendationUpdate.objects.select_related(
                "recommendation__review__board", "recommendation__audit__board", "author"
            )
        ),
        "evidence": {
            (e.board.slug, e.title, e.date): (e.kind, e.scope, name(e.group), name(e.agency), e.note)
            for e in Evidence.objects.select_related("board", "group", "agency")
        },
    }


def wipe_board() -> None:
    IndicatorValue.objects.all().delete()
    Indicator.objects.all().delete()
    TrainingEvent.objects.all().delete()  # and their attendance by agency
    BudgetLine.objects.all().delete()
    Contribution.objects.all().delete()
    """Delete every record the workbook carries, each table before the ones it refers to."""
    Recommendation.objects.all().delete()  # and their updates
    Review.objects.all().delete()
    Audit.objects.all().delete()  # and their results
    Evidence.objects.all().delete()
    Challenge.objects.all().delete()  # and their timelines
    ProgressUpdate.objects.all().delete()
    Action.objects.all().delete()
    Objective.objects.all().delete()
    Priority.objects.all().delete()
    Plan.objects.all().delete()
    Attendance.objects.all().delete()
    Meeting.objects.all().delete()
    Membership.objects.all().delete()
    Person.objects.all().delete()
    Group.objects.update(parent=None)
    Group.objects.all().delete()
    Agency.objects.all().delete()


@pytest.mark.django_db
def test_the_demo_board_exported_and_imported_into_an_empty_database_is_the_same(tmp_path, manager):
    build_demo()
    before = board_snapshot()
    assert all(before.values()), [name for name, rows in before.items() if not rows]
    out = StringIO()
    call_command("export_workbook", str(tmp_path / "board.xlsx"), stdout=out)
    wipe_board()
    assert not any(board_snapshot().values())
    last_history = {
        model: model.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0
        for model in AUDITED
    }

    call_command("import_workbook", str(tmp_path / "board.xlsx"), "--user", manager.username, stdout=StringIO())

    after = board_snapshot()
    for table, records in before.items():
        assert after[table] == records, table
    # The restore is in the history, every change of it as the work of the user who imported it.
    for model, last in last_history.items():
        imported = model.history.filter(history_id__gt=last)
        assert imported.exists(), model
        assert set(imported.values_list("history_user", flat=True)) == {manager.pk}, model
    rows = sum(len(records) for records in before.values())
    print(f"\nround trip: {len(before)} tables, {rows} records compared, every one equal ({out.getvalue().strip()})")


def _counts_and_digests(cursor, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows in a fixed order."""
    result = {}
    for table in tables:
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"
        )
        result[table] = cursor.fetchone()
    return result


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_readme_backup_and_restore_procedure_gives_back_every_row(tmp_path):
    """README, Backups: pg_dump --format=custom, then createdb and pg_restore --no-owner."""
    build_demo()
    cluster = Cluster.from_environment()
    env = cluster.environment()
    name = connection.settings_dict["NAME"]
    restored = f"{name}_restored"
    dump = tmp_path / "lscb-2026-11-27.dump"

    def run(*command: str) -> None:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=300)

    run(cluster.tool("pg_dump"), "--format=custom", f"--file={dump}", name)
    run(cluster.tool("createdb"), restored)
    try:
        run(cluster.tool("pg_restore"), "--no-owner", f"--dbname={restored}", str(dump))
        tables = sorted(connection.introspection.table_names())
        with connection.cursor() as cursor:
            original = _counts_and_digests(cursor, tables)
        copy = psycopg2.connect(
            dbname=restored, host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"], password=env["PGPASSWORD"]
        )
        try:
            with copy.cursor() as cursor:
                again = _counts_and_digests(cursor, tables)
        finally:
            copy.close()
    finally:
        run(cluster.tool("dropdb"), "--if-exists", restored)
    assert again == original
    rows = sum(count for count, _digest in original.values())
    assert rows > 1000  # the demo board, not an empty database
    print(f"\npg_dump/pg_restore: {len(tables)} tables, {rows} rows, every table's count and digest equal")
