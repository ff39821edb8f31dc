from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "peacetrack.casefile"
    label = "casefile"
