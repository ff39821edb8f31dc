from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "peacetrack.audit"
    label = "audit"
