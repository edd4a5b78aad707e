from django.apps import AppConfig


class ChallengelogConfig(AppConfig):
    name = "challengelog"
    verbose_name = "Challenge log"

    def ready(self) -> None:
        from governance.profiles import register_agency_section, register_group_section
        from lscb.history import register_history

        from .profile import challenges_part, group_challenges_part, recommendations_part

        register_history("challengelog.challenge", "challengelog.view")
        # An agency's one page shows the challenges put to it and what it leads.
        register_agency_section("challenges", "challengelog/partials/_agency_challenges.html", challenges_part, 10)
        register_agency_section(
            "recommendations", "challengelog/partials/_agency_recommendations.html", recommendations_part, 20
        )
        # A group's page shows the challenges raised at its meetings.
        register_group_section("challenges", "challengelog/partials/_group_challenges.html", group_challenges_part, 20)
