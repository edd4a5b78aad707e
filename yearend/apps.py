from django.apps import AppConfig


class YearendConfig(AppConfig):
    """The year-end summary: reads from every other app, imported by none."""

    name = "yearend"
    verbose_name = "Year-end summary"

    def ready(self) -> None:
        from lscb.history import register_history

        register_history("yearend.narrative", "yearend.view")
