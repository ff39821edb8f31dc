from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peacetrack.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Declares this app's audit actions (audit/actions.py) before any trail is shown.
        from peacetrack.accounts import actions  # noqa: F401
