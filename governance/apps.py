from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from lscb.history import register_history

        for model in ("agency", "person", "group", "membership", "meeting", "attendance"):
            register_history(f"governance.{model}", "governance.view")

        # A meeting's papers: a paper's file leaves the disk with it.
        from . import papers  # noqa: F401
