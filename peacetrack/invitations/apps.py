from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "peacetrack.invitations"
    label = "invitations"
