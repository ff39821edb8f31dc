"""Accounts: creating users from the CLI and the invitation link for new members."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from peacetrack.audit.services import audit_record


@transaction.atomic
def user_create(*, email: str, password: str, name: str = "", actor: Any = None) -> Any:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": f"{email!r} is not a valid e-mail address."}) from None
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"A user with e-mail {email} already exists."})
    first, _, last = name.strip().partition(" ")
    user = user_model(username=email, email=email, first_name=first, last_name=last)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        case_id=None,
        after={"email": email},
        summary=f"Created user {email}",
    )
    return user


def invitation_path(user: Any) -> str:
    """A one-time link with which a new member sets their password (valid for 3 days)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def display_name(user: Any) -> str:
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.email
