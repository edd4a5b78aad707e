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
from governance.models import Agency, Attendance, Group, Meeting, Membership, Person
from tests.pgcluster import Cluster
from tests.workbook.helpers import snapshot as governance_snapshot

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
    """Every record of the twelve sheets by natural key, with every field the workbook carries."""

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
            c.ref: (
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
            for c in Challenge.objects.select_related("agency", "meeting__group", "priority__plan")
        },
    }


def wipe_board() -> None:
    """Delete every record the workbook carries, each table before the ones it refers to."""
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
