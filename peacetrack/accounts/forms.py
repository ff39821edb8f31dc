from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from peacetrack.accounts.emails import email_normalize


class SignInForm(LoginForm):
    """allauth's sign-in, with the e-mail normalised before the lookup and the limit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any spelling is accepted and normalised first (full-width, other case...).
        self.fields["login"] = _email_field()
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""  # the page links to "Forgotten your password?"
        request = kwargs.get("request")
        if request is not None and not self.is_bound and request.GET.get("email"):
            # arriving from an invitation: the invited e-mail is the one to sign in with
            self.initial["login"] = request.GET["email"][:254]
        self.fields.pop("remember", None)

    def clean_login(self) -> str:
        return _clean_email(self.cleaned_data["login"])


class ResetPasswordForm(AllauthResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"] = _email_field()

    def clean_email(self) -> str:
        self.cleaned_data["email"] = _clean_email(self.cleaned_data.get("email", ""))
        return str(super().clean_email())


def _email_field() -> forms.CharField:
    return forms.CharField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


def _clean_email(value: str) -> str:
    normalized = email_normalize(value)
    try:
        validate_email(normalized)
    except ValidationError:
        raise ValidationError(_("Enter a valid e-mail address.")) from None
    return normalized


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use it, e.g. 'reporting script'.")
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most a year from today; 90 days if left empty."),
    )


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Find by name or e-mail"), required=False, max_length=200)


class PersonCreateForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    organiser = forms.BooleanField(label=_("Case organiser (may open cases)"), required=False)


class LanguageForm(forms.Form):
    """The header's language switcher (base.html)."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=2000)
