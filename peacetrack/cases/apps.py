from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "peacetrack.cases"
    label = "cases"
