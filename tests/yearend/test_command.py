"""`manage.py yearend`: the summary's JSON, worked out by hand on a small board."""

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from governance.models import Group
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    BoardFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def held(group, day: date, register: dict | None = None):
    meeting = MeetingFactory(group=group, date=day, status="held")
    for person, status in (register or {}).items():
        AttendanceFactory(meeting=meeting, person=person, status=status)
    return meeting


@pytest.fixture
def board():
    """2015-16 of a small board, with a meeting either side of the year.

    Safeguarding Board: 01/04/2015 held, 03/06/2015 held without a register, 05/08/2015 cancelled
    (staff absence), 07/10/2015 held, 31/03/2016 held: 5 planned, 4 held, 3 registered.
      Constabulary (Bob):            present, present, absent          -> 2/3
      Children's Services (Zoë):     apologies, absent, deputy         -> 1/3
      Voluntary Forum (Vic, for items): present at 07/10/2015 only     -> 0 expected, 1 attended, no rate
    Business Committee (reports to the board): 02/02/2016 cancelled (not required): 1 planned, 0 held.
    """
    board_group = GroupFactory(name="Safeguarding Board", kind="board")
    committee = GroupFactory(name="Business Committee", parent=board_group)
    bob = PersonFactory(name="Bob Brown", agency=AgencyFactory(name="Constabulary"))
    zoe = PersonFactory(name="Zoë Young", agency=AgencyFactory(name="Children's Services"))
    vic = PersonFactory(name="Vic Vale", agency=AgencyFactory(name="Voluntary Forum"))
    MembershipFactory(group=board_group, person=bob)
    MembershipFactory(group=board_group, person=zoe)
    MembershipFactory(group=board_group, person=vic, expected="for_items")
    MembershipFactory(group=committee, person=bob)
    held(board_group, date(2015, 3, 31), {bob: "absent", zoe: "absent"})  # 2014-15
    held(board_group, date(2015, 4, 1), {bob: "present", zoe: "apologies"})
    held(board_group, date(2015, 6, 3))
    MeetingFactory(group=board_group, date=date(2015, 8, 5), status="cancelled", cancel_reason="staff_absence")
    held(board_group, date(2015, 10, 7), {bob: "present", zoe: "absent", vic: "present"})
    held(board_group, date(2016, 3, 31), {bob: "absent", zoe: "deputy"})
    held(board_group, date(2016, 4, 1), {bob: "present", zoe: "present"})  # 2016-17
    MeetingFactory(group=committee, date=date(2016, 2, 2), status="cancelled", cancel_reason="not_required")


def run(*args: str) -> str:
    out = StringIO()
    call_command("yearend", *args, stdout=out)
    return out.getvalue()


# A year without training, budget lines, contributions or dataset values: its keys are there, empty.
NO_TRAINING_MONEY_OR_DATASET = {
    "training": {
        "events": 0,
        "cancelled": 0,
        "places": 0,
        "booked": 0,
        "attended": 0,
        "attendance_rate": None,
        "evaluations": 0,
        "rated_good": 0,
        "by_agency": [],
    },
    "finance": {
        "income": [],
        "income_total": "0.00",
        "expenditure": [],
        "budget_total": "0.00",
        "actual_total": "0.00",
        "remaining_total": "0.00",
        "spent_pct": None,
    },
    "contributions": [],
    "dataset": [],
}


def test_the_summary_of_a_year(board):
    assert json.loads(run("2015-16", "--format", "json")) == {
        "board": {"name": "Northmoor Safeguarding Children Partnership", "kind": "children"},
        "year": "2015-16",
        "start": "2015-04-01",
        "end": "2016-03-31",
        # The board's own order: the board, then the committee that reports to it (not by name).
        "groups": [
            {"name": "Safeguarding Board", "planned": 5, "held": 4, "cancelled": {"staff_absence": 1}},
            {"name": "Business Committee", "planned": 1, "held": 0, "cancelled": {"not_required": 1}},
        ],
        # The totals row of the planned-versus-held table; the share held as a percentage.
        "meetings_total": {"planned": 6, "held": 4, "held_pct": 66.7},
        "attendance": [
            {
                "group": "Safeguarding Board",
                "agency": "Children's Services",
                "expected": 3,
                "attended": 1,
                "rate": 1 / 3,
            },
            {"group": "Safeguarding Board", "agency": "Constabulary", "expected": 3, "attended": 2, "rate": 2 / 3},
            {"group": "Safeguarding Board", "agency": "Voluntary Forum", "expected": 0, "attended": 1, "rate": None},
        ],
        "people": [
            {
                "group": "Safeguarding Board",
                "person": "Bob Brown",
                "agency": "Constabulary",
                "expected": 3,
                "attended": 2,
            },
            {
                "group": "Safeguarding Board",
                "person": "Vic Vale",
                "agency": "Voluntary Forum",
                "expected": 0,
                "attended": 1,
            },
            {
                "group": "Safeguarding Board",
                "person": "Zoë Young",
                "agency": "Children's Services",
                "expected": 3,
                "attended": 1,
            },
        ],
        "not_recorded": [{"group": "Safeguarding Board", "date": "2015-06-03"}],
        "plans": [],
        "challenges": {
            "total": 0,
            "by_status": {"open": 0, "awaiting_response": 0, "responded": 0, "escalated": 0, "closed": 0},
            "raised_in_year": 0,
            "closed_in_year": 0,
            "open_at_year_end": 0,
            "outcomes": {"resolved": 0, "partly_resolved": 0, "not_resolved": 0, "withdrawn": 0, "not_recorded": 0},
            "items": [],
        },
        "reviews": [],
        "reviews_in_year": {"concluded": [], "ongoing_at_end": [], "not_to_implement": [], "updates_in_year": 0},
        "audits": [],
        **NO_TRAINING_MONEY_OR_DATASET,
    }


def test_json_is_indented_utf8_and_json_is_the_default(board):
    text = run("2015-16")
    assert text.startswith('{\n  "board": {\n    "name": "Northmoor Safeguarding Children Partnership",')
    assert '\n  "year": "2015-16",\n  "start": "2015-04-01",' in text
    assert "Zoë Young" in text
    # Rates are unrounded fractions, not percentages.
    assert '"rate": 0.3333333333333333' in text


def test_a_year_with_no_data_gives_empty_lists(board):
    assert json.loads(run("2030-31")) == {
        "board": {"name": "Northmoor Safeguarding Children Partnership", "kind": "children"},
        "year": "2030-31",
        "start": "2030-04-01",
        "end": "2031-03-31",
        "groups": [],
        "meetings_total": {"planned": 0, "held": 0, "held_pct": None},
        "attendance": [],
        "people": [],
        "not_recorded": [],
        "plans": [],
        "challenges": {
            "total": 0,
            "by_status": {"open": 0, "awaiting_response": 0, "responded": 0, "escalated": 0, "closed": 0},
            "raised_in_year": 0,
            "closed_in_year": 0,
            "open_at_year_end": 0,
            "outcomes": {"resolved": 0, "partly_resolved": 0, "not_resolved": 0, "withdrawn": 0, "not_recorded": 0},
            "items": [],
        },
        "reviews": [],
        "reviews_in_year": {"concluded": [], "ongoing_at_end": [], "not_to_implement": [], "updates_in_year": 0},
        "audits": [],
        **NO_TRAINING_MONEY_OR_DATASET,
    }


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2015", '"2015" is not a reporting year: write it like 2025-26.'),
        ("2015-17", '"2015-17" is not a reporting year: the second year must follow the first, as in 2025-26.'),
        ("abc", '"abc" is not a reporting year: write it like 2025-26.'),
    ],
)
def test_a_malformed_year_is_one_line_and_status_1(year, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "yearend", year, "--format", "json"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"CommandError: {message}\n"


def test_a_malformed_year_from_the_shell_has_no_traceback():
    result = subprocess.run(
        [sys.executable, "manage.py", "yearend", "2015"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lscb.settings.test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == 'CommandError: "2015" is not a reporting year: write it like 2025-26.'
    assert "Traceback" not in result.stderr


def test_an_unknown_format_lists_the_choices(capsys):
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "yearend", "2015-16", "--format", "odt"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'odt' (choose from 'docx', 'html', 'json', 'pdf')" in capsys.readouterr().err


def test_output_writes_the_file(board, tmp_path):
    target = tmp_path / "summary-2015-16.json"
    message = run("2015-16", "--format", "json", "--output", str(target))
    assert message == f"Wrote the 2015-16 summary of NSCP to {target}.\n"
    text = target.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert json.loads(text) == json.loads(run("2015-16"))


def test_output_to_a_missing_folder_is_a_clear_error(board, tmp_path, capsys):
    target = tmp_path / "missing" / "summary.json"
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "yearend", "2015-16", "--output", str(target)])
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.startswith(f"CommandError: Could not write {target}: No such file or directory.")


def test_groups_run_in_the_boards_numbered_order_in_every_list(board):
    """A board that numbers its groups sees them in its order, in each list of the JSON."""
    Group.objects.filter(name="Business Committee").update(position=1)
    summary = json.loads(run("2015-16"))
    assert [g["name"] for g in summary["groups"]] == ["Business Committee", "Safeguarding Board"]
    later = GroupFactory(name="Another Panel")
    someone = PersonFactory(name="Ann Ames", agency=AgencyFactory(name="Academy Trust"))
    MembershipFactory(group=later, person=someone)
    held(later, date(2015, 5, 5), {someone: "present"})
    held(later, date(2015, 7, 7))
    summary = json.loads(run("2015-16"))
    # Unnumbered groups follow the numbered one, in tree order: the board, then a group with no parent.
    order = ["Business Committee", "Safeguarding Board", "Another Panel"]
    assert [g["name"] for g in summary["groups"]] == order
    assert list(dict.fromkeys(row["group"] for row in summary["attendance"])) == order[1:]
    assert [row["group"] for row in summary["people"]][-1] == "Another Panel"
    assert [row["group"] for row in summary["not_recorded"]] == ["Safeguarding Board", "Another Panel"]


def test_query_count_does_not_grow_with_the_data(board, django_assert_num_queries):
    # The board, six for attendance, one for the (absent) plans, one for the challenges, one for a sign-off,
    # two for the reviews (the reviews, their recommendations) and one for the audits; two for the training
    # (its totals, by agency), two for the money (the lines, the contributions) and one for the dataset.
    with django_assert_num_queries(18):
        run("2015-16")
    group = GroupFactory(name="Extra group")
    people = [PersonFactory() for _ in range(6)]
    for person in people:
        MembershipFactory(group=group, person=person)
    for month in (5, 7, 9, 11, 1, 3):
        held(group, date(2015 if month >= 4 else 2016, month, 10), dict.fromkeys(people, "present"))
    with django_assert_num_queries(18):
        run("2015-16")


def test_one_board_needs_no_board_option_and_takes_it_too(board):
    assert json.loads(run("2015-16"))["board"]["name"] == "Northmoor Safeguarding Children Partnership"
    assert json.loads(run("2015-16", "--board", "nscp")) == json.loads(run("2015-16"))
    assert json.loads(run("2015-16", "--board", "northmoor safeguarding children partnership"))["year"] == "2015-16"


def test_two_boards_need_the_board_option_which_picks_each_boards_own_figures(board, capsys):
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")
    own = GroupFactory(name="Adults Board", kind="board", board=adults)
    held(own, date(2015, 5, 5))
    # call_command, not the command line: that closes the database connection as it ends, which
    # on PostgreSQL is the test's own.
    with pytest.raises(CommandError) as refused:
        call_command("yearend", "2015-16")
    error = str(refused.value)
    assert error.startswith("The instance has 2 boards: say which with --board NAME.")
    assert "Northmoor Safeguarding Adults Board (NSAB)" in error and "(NSCP)" in error

    children = json.loads(run("2015-16", "--board", "NSCP"))
    assert children["board"] == {"name": "Northmoor Safeguarding Children Partnership", "kind": "children"}
    assert [g["name"] for g in children["groups"]] == ["Safeguarding Board", "Business Committee"]
    summary = json.loads(run("2015-16", "--board", "nsab"))
    assert summary["board"] == {"name": "Northmoor Safeguarding Adults Board", "kind": "adults"}
    assert [g["name"] for g in summary["groups"]] == ["Adults Board"]
    assert set(summary) == set(children)  # every section, for each board


def test_an_unknown_board_lists_the_boards(board, capsys):
    with pytest.raises(SystemExit):
        execute_from_command_line(["manage.py", "yearend", "2015-16", "--board", "Elsewhere"])
    error = capsys.readouterr().err
    assert error.startswith('CommandError: No board is called "Elsewhere". The instance\'s boards: ')
    assert "Northmoor Safeguarding Children Partnership (NSCP)" in error
