"""Forms parse and type-check input; the rules live in services.py."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peacetrack.accounts.types import Person
from peacetrack.cases.concurrency import StaleEdit
from peacetrack.cases.models import (
    Case,
    CaseStatus,
    CaseType,
    Party,
    PartyKind,
    Role,
    TaskStatus,
    Visibility,
)

F = TypeVar("F", bound=forms.Form)
FieldT = TypeVar("FieldT", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """`form`'s field `name`, typed as the kind of field it is (to set its choices or
    queryset once the case is known)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is not a {kind.__name__}")
    return field


def version_field() -> forms.IntegerField:
    """The hidden version an edit form was opened at (cases/concurrency.py)."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def versioned(form: F, version: int) -> F:
    """`form` as an edit form: it carries the version of what it edits, hidden."""
    form.fields["version"] = version_field()
    form.initial.setdefault("version", version)
    return form


def show_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form fields it names (others on the form).
    A stale edit keeps the user's input and moves the hidden version to the current one, so
    that saving again, once they have read what changed, goes through."""
    if isinstance(exc, StaleEdit):
        form.add_error(None, exc.messages)
        data = QueryDict(mutable=True)
        data.update(form.data)
        data[form.add_prefix("version")] = str(exc.current_version)
        form.data = data
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class DateInput(forms.DateInput):
    input_type = "date"


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    conflict = forms.CharField(
        label=_("Conflict"), max_length=200, help_text=_("A short name for the conflict.")
    )
    region = forms.CharField(label=_("Countries / region"), max_length=200, required=False)
    case_type = forms.ChoiceField(
        label=_("Case type"), choices=CaseType.choices, initial=CaseType.INTRASTATE
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=CaseStatus.choices, initial=CaseStatus.EXPLORING
    )
    sponsor = forms.CharField(
        label=_("Sponsor"),
        max_length=200,
        required=False,
        help_text=_("Who backs the mediation (organisation or government)."),
    )
    mandate_summary = forms.CharField(
        label=_("Mandate summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("Markdown."),
    )
    mandate_visibility = forms.ChoiceField(
        label=_("Who can read the mandate summary"), initial=Visibility.TEAM, required=False
    )
    started_on = forms.DateField(label=_("Started on"), required=False, widget=DateInput)
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DateInput)

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "mandate_visibility", forms.ChoiceField).choices = visibility_choices(case)

    @classmethod
    def for_case(cls, case: Case, data: Any = None) -> CaseForm:
        initial = {f: getattr(case, f) for f in cls.base_fields if f != "mandate_visibility"}
        initial["mandate_visibility"] = case.mandate_visibility_code
        return versioned(cls(data=data, initial=initial, case=case), case.version)

    def clean_mandate_visibility(self) -> str | None:
        return self.cleaned_data.get("mandate_visibility") or None  # not sent: unchanged


class CaseDeleteForm(forms.Form):
    """Deleting a case is confirmed by typing its title (a page rail; the service does not ask)."""

    title = forms.CharField(max_length=200, label=_("Type the case's title to confirm"))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean_title(self) -> str:
        typed = str(self.cleaned_data["title"]).strip()
        if typed != self.case.title:
            raise ValidationError(
                _("That is not the case's title, so nothing was deleted. Type it exactly.")
            )
        return typed


class PartyForm(forms.Form):
    short_name = forms.CharField(
        label=_("Short name"), max_length=30, help_text=_("e.g. GOV, NLF — shown in lists.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartyKind.choices)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    description_visibility = forms.ChoiceField(
        label=_("Who can read the description"),
        initial=Visibility.TEAM,
        required=False,
        help_text=_(
            "A description that names negotiators or says what the party would privately "
            "accept belongs to the mediation team."
        ),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "description_visibility", forms.ChoiceField).choices = visibility_choices(
            case
        )

    def clean_description_visibility(self) -> str | None:
        return self.cleaned_data.get("description_visibility") or None  # not sent: unchanged


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    party = forms.ModelChoiceField(
        label=_("Party"),
        queryset=Party.objects.none(),
        required=False,
        to_field_name="public_id",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "party", forms.ModelChoiceField).queryset = case.parties.all()

    def clean_role(self) -> Role:
        return Role(self.cleaned_data["role"])


class TaskForm(forms.Form):
    version = version_field()
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    due_on = forms.DateField(required=False, widget=DateInput, label=_("Due date"))
    na_reason = forms.CharField(
        required=False,
        max_length=500,
        label=_("Reason it does not apply"),
        help_text=_("Required when the status is 'Not applicable'."),
    )

    def __init__(self, *args: Any, team: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = {str(user.pk): user for user in team}
        owners = [(str(user.pk), user.get_full_name() or user.email) for user in team]
        field_of(self, "owner", forms.ChoiceField).choices = [("", _("— nobody —")), *owners]

    def clean_owner(self) -> Person | None:
        value = self.cleaned_data.get("owner")
        if not value:
            return None
        if value not in self.team:
            raise ValidationError(_("Choose a member of the mediation team."))
        return self.team[value]


def visibility_choices(case: Case | None) -> list[tuple[str, str]]:
    """Every visibility code a record of `case` may take (no one-party choice without a case)."""
    choices = [(str(v), str(v.label)) for v in Visibility if v != Visibility.PARTY]
    if case is not None:
        choices[1:1] = [
            (f"party:{p.short_name}", gettext("Team and %(party)s only") % {"party": p.name})
            for p in case.parties.all()
        ]
    return choices


class NoteForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        label=_("Note"),
        help_text=_("Markdown: **bold**, lists, links."),
    )
    visibility = forms.ChoiceField(label=_("Who can read it"))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "visibility", forms.ChoiceField).choices = visibility_choices(case)


class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, label=_("Search"))
