"""Creating, revoking and checking personal API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from peacetrack.accounts import actions
from peacetrack.accounts.models import ApiToken
from peacetrack.accounts.types import Person, Visitor
from peacetrack.audit.services import audit_record

TOKEN_PREFIX = "pt_"  # noqa: S105 — a public marker, not a secret


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, user: Person, name: str, expires_on: datetime.date | None = None
) -> tuple[ApiToken, str]:
    """Make a token; returns it and the raw value, which is never stored or shown again.

    It expires at the end of `expires_on` (default: API_TOKEN_DAYS from today; at most a year).
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    if len(name) > 100:
        raise ValidationError({"name": _("A token name has at most 100 characters.")})
    today = timezone.localdate()
    if expires_on is None:
        expires_on = today + datetime.timedelta(days=settings.API_TOKEN_DAYS)
    if expires_on <= today:
        raise ValidationError({"expires_on": _("Choose a day after today.")})
    if expires_on > today + datetime.timedelta(days=366):
        raise ValidationError({"expires_on": _("A token lives at most a year.")})
    expires_at = timezone.make_aware(
        datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time.min)
    )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:10], token_hash=_hash(raw), expires_at=expires_at
    )
    audit_record(
        actor=user,
        action=actions.TOKEN_CREATE,
        obj=token,
        case_id=None,
        after={"name": name, "prefix": token.prefix, "expires_on": expires_on.isoformat()},
        summary=f"API token {name}",
    )
    return token, raw


@transaction.atomic
def token_revoke(*, user: Person, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            action=actions.TOKEN_REVOKE,
            obj=token,
            case_id=None,
            before={"active": True},
            after={"active": False},
            summary=f"Revoked API token {token.name}",
        )
    return token


def token_get_for_user(user: Visitor, token_id: int | str) -> ApiToken:
    """A user sees and revokes only their own tokens."""
    if not user.is_authenticated:
        raise Http404
    try:
        return ApiToken.objects.get(pk=int(token_id), user_id=user.pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def token_authenticate(raw: str) -> Person | None:
    """The active user a raw bearer token belongs to, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Record use at most once a minute, to keep reads cheap.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
