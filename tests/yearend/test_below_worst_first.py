"""The dashboard's list of rates below the threshold reads worst first."""

from types import SimpleNamespace

from yearend.dashboard import HeatCell, HeatMap, HeatRow


def cell(attended: int, expected: int) -> HeatCell:
    rate = attended / expected
    return HeatCell(expected, attended, rate, "low" if rate < 0.5 else "high", rate < 0.5)


def test_the_rates_below_the_threshold_are_listed_worst_first():
    board, cdop = SimpleNamespace(name="Board", pk=1), SimpleNamespace(name="CDOP", pk=2)
    council, health, police = (SimpleNamespace(name=name) for name in ("Council", "Health Trust", "Police"))
    heat = HeatMap(
        0.5,
        [board, cdop],
        [
            HeatRow(council, [cell(1, 3), cell(0, 1)]),
            HeatRow(health, [cell(0, 4), cell(2, 2)]),
            HeatRow(police, [cell(1, 4), None]),
        ],
        [],
    )
    # 0 of 4 before 0 of 1 (more meetings missed), then 25%, then 33%.
    assert [(agency.name, group.name, c.text) for agency, group, c in heat.below] == [
        ("Health Trust", "Board", "0%"),
        ("Council", "CDOP", "0%"),
        ("Police", "Board", "25%"),
        ("Council", "Board", "33%"),
    ]
