from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import register_converter


def _cache_table_create(*, using: str, **kwargs: Any) -> None:
    """Create the database cache's table (settings.CACHES on a laptop) whenever `migrate` runs,
    so a fresh install or a switch away from Redis needs no extra command. Nothing happens
    when the table exists or the cache is Redis."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CasesConfig(AppConfig):
    name = "peacetrack.cases"
    label = "cases"

    def ready(self) -> None:
        from peacetrack.cases import actions  # noqa: F401 (declares the audit actions)
        from peacetrack.cases.public_ids import PublicIdConverter

        # `<pid:...>` in every URL pattern of an object people reach (cases/public_ids.py).
        register_converter(PublicIdConverter, "pid")
        post_migrate.connect(_cache_table_create, sender=self)
