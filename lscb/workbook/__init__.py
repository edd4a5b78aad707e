"""The board workbook: every app declares its sheets in `sheets.py`; this package imports and exports them.

A sheet is one declaration (see governance/sheets.py)::

    @register
    class Challenges(Sheet):
        name = "challenges"
        model = Challenge
        key = ("board", "ref")  # a board's own record: its key is unique within its board
        board_path = "board"
        columns = [
            Ref("board", to="boards"),
            Text("ref", required=True),
            Date("raised_on", required=True),
            Ref("agency", to="agencies", required=True),
        ]

        def save(self, instance, by):
            return challenge_save(challenge=instance, by=by)

A sheet whose rows follow a board's record (meetings follow their group) sets `follows = "group"`
and takes the optional column `follows_board("group.board")`. The run (engine.ImportRun) finds
each row's board: its board cell, else the board the import was given, the workbook's one board,
or the database's one board.
"""

from .columns import Bool, CellError, Choice, Column, Date, Int, Ref, Text, Year, dating, follows_board
from .engine import ImportRun, import_workbook
from .export import export_tables, export_workbook
from .problems import Problem, WorkbookError
from .registry import get_sheet, register, sheet_names, sheets
from .results import Change, Counts, FieldChange, ImportResult
from .sheet import RowProblem, Sheet, SkipRow

__all__ = [
    "Bool",
    "CellError",
    "Change",
    "Choice",
    "Column",
    "Counts",
    "Date",
    "FieldChange",
    "ImportResult",
    "ImportRun",
    "Int",
    "Problem",
    "Ref",
    "RowProblem",
    "Sheet",
    "SkipRow",
    "Text",
    "WorkbookError",
    "Year",
    "dating",
    "export_tables",
    "export_workbook",
    "follows_board",
    "get_sheet",
    "import_workbook",
    "register",
    "sheet_names",
    "sheets",
]
