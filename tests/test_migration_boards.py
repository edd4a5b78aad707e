"""The migrations that made the board a record: a one-board database keeps every record, in one
board named from the setting that named the board before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [
    ("governance", "0002_long_texts_register_statuses_group_order"),
    ("businessplan", "0005_plan_meanings_into_levels"),
    ("challengelog", "0004_long_texts_undated_challenges"),
    ("yearend", "0004_report_sign_off"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def build_old_board(old):
    """A year of a one-board database as the old schema held it."""
    Group = old.get_model("governance", "Group")
    Agency = old.get_model("governance", "Agency")
    Plan = old.get_model("businessplan", "Plan")
    Challenge = old.get_model("challengelog", "Challenge")
    Narrative = old.get_model("yearend", "Narrative")
    board = Group.objects.create(name="Safeguarding Board", kind="board")
    Group.objects.create(name="Quality and Effectiveness Group", kind="subgroup", parent=board)
    police = Agency.objects.create(name="Northmoor Constabulary", sector="police")
    Plan.objects.create(title="Business Plan 2016-18", slug="2016-18", start="2016-04-01", end="2018-03-31")
    Challenge.objects.create(
        ref="CH-2016-01", raised_on="2016-06-01", raised_by="chair", agency=police, subject="Health assessments"
    )
    Narrative.objects.create(year="2016-17", section="introduction", text="A year of change.")


def test_a_one_board_database_moves_whole_into_one_board_named_from_the_setting(settings):
    settings.LSCB_BOARD_NAME = "Northmoor  Safeguarding\nChildren Board"
    settings.LSCB_BOARD_KIND = "children"
    build_old_board(migrate(BEFORE))
    try:
        new = migrate(latest())
        Board = new.get_model("governance", "Board")
        (board,) = Board.objects.all()
        assert (board.name, board.kind, board.slug) == (
            "Northmoor Safeguarding Children Board",
            "children",
            "northmoor-safeguarding-children-board",
        )
        for app_label, model, count in [
            ("governance", "Group", 2),
            ("businessplan", "Plan", 1),
            ("challengelog", "Challenge", 1),
            ("yearend", "Narrative", 1),
        ]:
            rows = new.get_model(app_label, model).objects
            assert rows.count() == count
            assert rows.filter(board=board).count() == count, f"{model} rows left out of the board"
    finally:
        migrate(latest())


def test_an_adults_board_keeps_its_kind_and_an_empty_database_gets_no_board(settings):
    settings.LSCB_BOARD_NAME = "Northmoor Safeguarding Adults Board"
    settings.LSCB_BOARD_KIND = "adults"
    migrate(BEFORE)
    try:
        new = migrate(latest())
        assert not new.get_model("governance", "Board").objects.exists()  # nothing to move: no board made
        build_old_board(migrate(BEFORE))
        new = migrate(latest())
        (board,) = new.get_model("governance", "Board").objects.all()
        assert (board.name, board.kind) == ("Northmoor Safeguarding Adults Board", "adults")
    finally:
        migrate(latest())
