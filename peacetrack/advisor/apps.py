from django.apps import AppConfig


class AdvisorConfig(AppConfig):
    name = "peacetrack.advisor"
    label = "advisor"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # This app's audit actions (audit/actions.py) before any trail is shown.
        from peacetrack.advisor import (
            actions,  # noqa: F401
            casefile,
        )

        # The team's reviews of findings travel with the case file ("advisor" section).
        casefile.register()

        # Every capability's `advice` module registers its snapshot part and its rules
        # (as `casefile` sections are registered): the advisor never imports a capability.
        autodiscover_modules("advice")

        from django.utils.translation import gettext_lazy

        from peacetrack.advisor import panels
        from peacetrack.cases.navigation import register_case_section

        # The findings: on the dashboard, step and task pages, and a page of their own in the
        # case's bar, for the mediation team only.
        panels.register()
        register_case_section(
            label=gettext_lazy("Findings"), url_name="advisor:findings", team_only=True
        )

        # The briefing pack: its job kind and the foundation's sections (advisor/briefing/).
        from peacetrack.advisor import briefing

        briefing.register()
