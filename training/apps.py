from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from lscb.history import register_history

        register_history("training.trainingevent", "training.view")
