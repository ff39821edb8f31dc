from django.apps import AppConfig


class MethodologyConfig(AppConfig):
    name = "peacetrack.methodology"
    label = "methodology"

    def ready(self) -> None:
        # Validate the data files at start-up: a broken data set must stop the app, loudly.
        from peacetrack.methodology.loader import get_methodology

        get_methodology()
