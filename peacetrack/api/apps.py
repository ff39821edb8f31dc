from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "peacetrack.api"
    label = "api"
