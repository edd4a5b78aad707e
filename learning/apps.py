from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and assurance"

    def ready(self) -> None:
        from lscb.history import register_history

        for model in ("review", "recommendation", "audit", "evidence"):
            register_history(f"learning.{model}", "learning.view")
