from django.apps import AppConfig
from django.urls import register_converter


class CasesConfig(AppConfig):
    name = "peacetrack.cases"
    label = "cases"

    def ready(self) -> None:
        from peacetrack.cases import actions  # noqa: F401 (declares the audit actions)
        from peacetrack.cases.public_ids import PublicIdConverter

        # `<pid:...>` in every URL pattern of an object people reach (cases/public_ids.py).
        register_converter(PublicIdConverter, "pid")
