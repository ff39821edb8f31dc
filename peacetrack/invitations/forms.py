from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peacetrack.cases.forms import field_of
from peacetrack.cases.models import Case, Party, Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("How the team knows them.")
    )
    # No role is pre-selected: the lead chooses one deliberately (never lead by accident).
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("— choose a role —")), *Role.choices])
    party = forms.ModelChoiceField(
        label=_("Party"),
        queryset=Party.objects.none(),
        to_field_name="public_id",
        required=False,
        help_text=_("Only for party delegates: the party they speak for."),
        empty_label=_("— no party —"),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "party", forms.ModelChoiceField).queryset = case.parties.all()

    def clean_role(self) -> Role:
        return Role(self.cleaned_data["role"])


class AccountForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; a passphrase is best."),
        max_length=200,
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
