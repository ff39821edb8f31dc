from django.apps import AppConfig


class AdvisorConfig(AppConfig):
    name = "peacetrack.advisor"
    label = "advisor"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # This app's audit actions (audit/actions.py) before any trail is shown.
        from peacetrack.advisor import actions  # noqa: F401

        # Every capability's `advice` module registers its snapshot part and its rules
        # (as `casefile` sections are registered): the advisor never imports a capability.
        autodiscover_modules("advice")

        # The briefing pack: its job kind and the foundation's sections (advisor/briefing/).
        from peacetrack.advisor import briefing

        briefing.register()
