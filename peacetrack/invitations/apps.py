from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "peacetrack.invitations"
    label = "invitations"

    def ready(self) -> None:
        # Declares this app's audit actions (audit/actions.py) before any trail is shown.
        from peacetrack.invitations import actions  # noqa: F401
