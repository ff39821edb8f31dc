"""The language of a signed-in user's pages: the one stored on their profile.

Django's LocaleMiddleware (before this one) has already chosen a language from the language
cookie, then the browser's Accept-Language; a signed-in user who chose a language in the header's
switcher gets that one instead, on every device.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from peacetrack.accounts.services import profile_of
from peacetrack.accounts.types import Person


def language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


class ProfileLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, Person) and user.is_authenticated:
            language = profile_of(user).language
            if language in language_codes():
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
