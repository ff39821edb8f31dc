"""Importing a case file on behalf of a signed-in user (pages and API): rate-limited."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from peacetrack.accounts.access import organiser_required
from peacetrack.accounts.types import Person, Visitor
from peacetrack.casefile.errors import ImportRateLimited
from peacetrack.casefile.importer import case_import
from peacetrack.cases.models import Case

RATE_WINDOW_SECONDS = 60 * 60


def import_allowance_use(*, user: Person) -> None:
    """Count one import attempt by `user`; refuse beyond CASEFILE_IMPORTS_PER_HOUR. Refused
    files count too: reading a large file is the expensive part."""
    key = f"casefile:imports:{user.pk}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        used = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        used = 1
    limit = settings.CASEFILE_IMPORTS_PER_HOUR
    if used > limit:
        raise ImportRateLimited(
            _(
                "you have started %(limit)d imports in the last hour, the most allowed; "
                "please try again later"
            )
            % {"limit": limit}
        )


def case_import_for_user(*, raw: bytes, user: Visitor, as_copy: bool = False) -> Case:
    """Create a case from a file uploaded by `user` (see importer.case_import): a case
    organiser, who becomes its lead; anyone else gets Http404, like every refusal."""
    organiser = organiser_required(user)
    import_allowance_use(user=organiser)
    return case_import(raw, actor=organiser, as_copy=as_copy)
