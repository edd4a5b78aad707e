"""The migration that gives each plan its own list of levels keeps every plan's key."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("businessplan", "0004_long_texts_plan_scale_levels_undated_updates")]
AFTER = [("businessplan", "0005_plan_meanings_into_levels")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_meanings_become_the_plans_levels_and_ratings_keep_their_codes():
    old = migrate(BEFORE)
    Plan = old.get_model("businessplan", "Plan")
    Plan.objects.create(
        title="Business Plan 2016-18",
        slug="2016-18",
        start="2016-04-01",
        end="2018-03-31",
        scale="brag",
        red_meaning="Not started \N{EN DASH} no owner agreed",
        green_meaning="",
    )
    Plan.objects.create(title="Plan 2015-16", slug="2015-16", start="2015-04-01", end="2016-03-31", scale="rag")
    try:
        new = migrate(AFTER)
        Plan = new.get_model("businessplan", "Plan")
        brag = Plan.objects.get(slug="2016-18")
        assert [level["code"] for level in brag.levels] == ["red", "amber", "green", "blue"]
        assert brag.levels[0]["meaning"] == "Not started \N{EN DASH} no owner agreed"
        assert brag.levels[2]["meaning"] == "On track"  # a blank meaning takes the scale's usual one
        assert [level["complete"] for level in brag.levels] == [False, False, False, True]
        rag = Plan.objects.get(slug="2015-16")
        assert [(level["code"], level["complete"]) for level in rag.levels] == [
            ("red", False),
            ("amber", False),
            ("green", True),
        ]
        assert rag.levels[2]["meaning"] == "Action plan completed"
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
