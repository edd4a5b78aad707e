from django.apps import AppConfig


class LscbConfig(AppConfig):
    """The shared shell: roles, permissions, navigation, base templates."""

    name = "lscb"
    verbose_name = "Board"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its sheets of the board workbook in its own sheets.py.
        autodiscover_modules("sheets")
        # Signing in counts as a session renewal (its signal receiver).
        from lscb import sessions  # noqa: F401
