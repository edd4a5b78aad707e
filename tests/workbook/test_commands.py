"""`manage.py import_workbook` and `export_workbook`: output, exit status, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from governance.models import Agency, Meeting
from tests.factories import UserFactory

from .helpers import BOARD_COUNTS, history_count

pytestmark = pytest.mark.django_db


def run_import(*args: str) -> tuple[int, str, str]:
    """call_command, returning (exit status, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_workbook", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return exit.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_import_prints_the_counts_per_sheet(board, as_csv):
    status, out, _err = run_import(str(as_csv(board)))
    assert status == 0
    for name, count in BOARD_COUNTS.items():
        assert f"{name}: {count} created, 0 updated, 0 unchanged" in out


def test_errors_go_to_stderr_one_per_line_with_status_1(board, as_csv):
    board["agencies"][1][2] = "fire"
    board["meetings"][2][3] = ""
    status, out, err = run_import(str(as_csv(board)))
    assert status == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("agencies, row 2, sector: 'fire' is not one of")
    assert lines[1] == "meetings, row 3, cancel_reason: required when the meeting is cancelled: one of " + (
        "not_required, staff_absence, inquorate, other."
    )
    assert lines[2] == "2 problems found: nothing was imported."
    assert "Traceback" not in err
    assert history_count() == 0


def test_dry_run_writes_nothing(board, as_csv):
    status, out, _err = run_import(str(as_csv(board)), "--dry-run")
    assert status == 0
    assert "agencies: 3 created" in out and "nothing was written" in out
    assert not Agency.objects.exists()


def test_changes_are_attributed_to_the_named_user(board, as_csv):
    user = UserFactory(username="bm")
    assert run_import(str(as_csv(board)), "--user", "bm")[0] == 0
    assert {h.history_user for h in Meeting.history.all()} == {user}
    status, _out, err = run_import(str(as_csv(board)), "--user", "nobody")
    assert (status, err.strip()) == (1, "There is no user named 'nobody'.")


@pytest.mark.parametrize("kind", ["missing", "corrupt", "latin-1", "unknown sheet"])
def test_unreadable_files_exit_1_without_a_traceback(kind, tmp_path):
    if kind == "missing":
        path = tmp_path / "missing.xlsx"
    elif kind == "corrupt":
        path = tmp_path / "corrupt.xlsx"
        path.write_bytes(b"PK\x03\x04 not really a zip")
    else:
        path = tmp_path / "folder"
        path.mkdir()
        name, text = ("agencies.csv", "name,sector\nCafé,voluntary\n") if kind == "latin-1" else ("notes.csv", "a\nb\n")
        (path / name).write_bytes(text.encode("latin-1"))
    # A real process: what a user running manage.py sees.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lscb.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "import_workbook", str(path)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    expected = {
        "missing": "missing.xlsx: no such file or folder.",
        "corrupt": "corrupt.xlsx is not a readable .xlsx workbook",
        "latin-1": "agencies.csv: not UTF-8 text",
        "unknown sheet": "notes.csv: not a sheet of the board workbook",
    }[kind]
    assert expected in done.stderr


def test_export_refuses_a_path_that_is_a_file(tmp_path):
    path = tmp_path / "board.csv"
    path.write_text("not a folder")
    err = StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("export_workbook", str(path), stderr=err)
    assert exit.value.code == 1
    assert "is a file" in err.getvalue()
