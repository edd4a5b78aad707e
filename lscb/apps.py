from django.apps import AppConfig


class LscbConfig(AppConfig):
    """The shared shell: roles, permissions, navigation, base templates."""

    name = "lscb"
    verbose_name = "Board"
