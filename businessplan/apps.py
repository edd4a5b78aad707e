from django.apps import AppConfig


class BusinessplanConfig(AppConfig):
    name = "businessplan"
    verbose_name = "Business plan"

    def ready(self) -> None:
        from lscb.history import register_history

        for model in ("plan", "priority", "objective", "action", "progressupdate"):
            register_history(f"businessplan.{model}", "businessplan.view")
