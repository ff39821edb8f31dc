from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "peacetrack.casefile"
    label = "casefile"

    def ready(self) -> None:
        # Declares this app's audit actions (audit/actions.py) before any trail is shown.
        from peacetrack.casefile import actions  # noqa: F401
