"""What every page needs to know of the signed-in account (the header's links)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info

from peacetrack.accounts.services import profile_of
from peacetrack.accounts.types import Person


def account(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    profile = profile_of(user) if isinstance(user, Person) and user.is_authenticated else None
    return {
        "mail_enabled": settings.MAIL_ENABLED,
        "is_site_admin": bool(profile and profile.is_site_admin),
        "is_organiser": bool(profile and profile.is_organiser),
        # The header's switcher: each language named in its own language, never translated.
        "interface_languages": [
            {"code": code, "name": name, "bidi": get_language_info(code)["bidi"]}
            for code, name in settings.LANGUAGES
        ],
    }
