from django.apps import AppConfig


class ChallengelogConfig(AppConfig):
    name = "challengelog"
    verbose_name = "Challenge log"

    def ready(self) -> None:
        from lscb.history import register_history

        register_history("challengelog.challenge", "challengelog.view")
