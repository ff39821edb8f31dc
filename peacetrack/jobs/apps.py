from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "peacetrack.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Declares this app's audit actions (audit/actions.py) before any trail is shown.
        from peacetrack.jobs import actions  # noqa: F401
