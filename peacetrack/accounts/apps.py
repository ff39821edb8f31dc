from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peacetrack.accounts"
    label = "accounts"
