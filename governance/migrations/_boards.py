"""For the migrations that made the board a record: the one board an existing database's records
move into, named from the setting that named the board before (LSCB_BOARD_NAME, LSCB_BOARD_KIND).

Not a migration itself (the loader skips modules whose names start with "_")."""

from contextlib import suppress

from django.conf import settings
from django.utils.text import slugify


def the_board(apps):
    """The instance's first board, made from the old setting when there is none yet."""
    Board = apps.get_model("governance", "Board")
    board = Board.objects.order_by("pk").first()
    if board is None:
        name = " ".join(str(getattr(settings, "LSCB_BOARD_NAME", "") or "Safeguarding Children Board").split())
        kind = "adults" if getattr(settings, "LSCB_BOARD_KIND", "children") == "adults" else "children"
        slug = slugify(name)[:60].strip("-") or "board"
        board = Board.objects.create(name=name, slug=slug, kind=kind)
    return board


def move_into_the_board(app_label: str, *model_names: str):
    """A RunPython step: rows of these models (and their history) with no board go into the one board."""

    def forwards(apps, schema_editor):
        models = []
        for name in model_names:
            models.append(apps.get_model(app_label, name))
            with suppress(LookupError):  # a model without history
                models.append(apps.get_model(app_label, f"Historical{name}"))
        if not any(model.objects.filter(board__isnull=True).exists() for model in models):
            return
        board = the_board(apps)
        for model in models:
            model.objects.filter(board__isnull=True).update(board_id=board.pk)

    return forwards
