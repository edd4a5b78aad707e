"""Fixtures: a fresh copy of the small board, and writers of both workbook forms."""

from __future__ import annotations

import copy

import pytest

from tests.factories import default_board

from .helpers import BOARD, SLUG, write_csvs, write_xlsx


@pytest.fixture
def board() -> dict[str, list[list]]:
    """A fresh copy of BOARD for a test to change."""
    return copy.deepcopy(BOARD)


@pytest.fixture
def as_csv(tmp_path):
    """as_csv(sheets) -> a folder of CSV files (a new one on each call)."""
    counter = iter(range(1000))
    return lambda sheets: write_csvs(tmp_path / f"csv{next(counter)}", sheets)


@pytest.fixture
def as_xlsx(tmp_path):
    counter = iter(range(1000))
    return lambda sheets: write_xlsx(tmp_path / f"board{next(counter)}.xlsx", sheets)


@pytest.fixture
def home_board(db):
    """The board whose pages the browser tests use (its address is SLUG)."""
    board = default_board()
    assert board.slug == SLUG
    return board
