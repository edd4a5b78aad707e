from django.apps import AppConfig


class YearendConfig(AppConfig):
    """The year-end summary: reads from every other app, imported by none."""

    name = "yearend"
    verbose_name = "Year-end summary"

    def ready(self) -> None:
        from lscb.history import register_history

        register_history("yearend.narrative", "yearend.view")

        from django.db.models.signals import post_delete, post_save

        from lscb import freshness
        from lscb.signals import personal_data_removed

        from . import files, tasks

        for model in freshness.record_models():
            post_save.connect(tasks.record_written, sender=model, dispatch_uid=f"yearend-prepare-{model._meta.label}")
            post_delete.connect(tasks.record_written, sender=model, dispatch_uid=f"yearend-prepare-{model._meta.label}")
        personal_data_removed.connect(files.forget_all, dispatch_uid="yearend-forget-stored-reports")
