from django.apps import AppConfig


class BusinessplanConfig(AppConfig):
    name = "businessplan"
    verbose_name = "Business plan"

    def ready(self) -> None:
        from lscb.history import register_history

        for model in ("plan", "priority", "objective", "action", "progressupdate"):
            register_history(f"businessplan.{model}", "businessplan.view")

        # A group's page shows the actions it leads (governance.profiles).
        from governance.profiles import register_group_section

        from .profile import actions_part

        register_group_section("actions", "businessplan/partials/_group_actions.html", actions_part, 10)
