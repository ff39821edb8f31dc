from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "peacetrack.casefile"
    label = "casefile"

    def ready(self) -> None:
        # Declares this app's audit actions (audit/actions.py) before any trail is shown.
        from peacetrack.casefile import actions  # noqa: F401
        from peacetrack.casefile.export import EXPORT_JOB
        from peacetrack.casefile.services import IMPORT_JOB
        from peacetrack.jobs.kinds import register_kind

        register_kind(EXPORT_JOB)
        register_kind(IMPORT_JOB)
