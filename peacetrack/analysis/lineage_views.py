"""Pages for splits and mergers of actors (on the actor's page) and for the team's own list
items (reached from the lists that use them). Thin: parse, check access, call lineage.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from peacetrack.accounts.types import person_of
from peacetrack.analysis import lineage
from peacetrack.analysis.access import record_get_for_user, records_visible
from peacetrack.analysis.display import record_url
from peacetrack.analysis.lists import builtin_items, own_items
from peacetrack.analysis.models import Actor, ActorChange, ActorKind, ExtensibleList
from peacetrack.analysis.registry import BY_MODEL, RECORD_TYPES
from peacetrack.cases.access import CaseAccess, case_get_for_user
from peacetrack.cases.forms import show_service_errors, visibility_choices

DATE_HELP = gettext_lazy(
    "A year (1999), a month (1999-07) or a day (1999-07-14); add ~ if it is approximate (1999~)."
)


def _actors(access: CaseAccess) -> Any:
    return records_visible(BY_MODEL[Actor], access.membership).order_by("name", "id")


def _names(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SplitForm(forms.Form):
    date = forms.CharField(label=gettext_lazy("Date"), max_length=12, help_text=DATE_HELP)
    new_names = forms.CharField(
        label=gettext_lazy("New actors it became"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One name a line; each becomes an actor of this case."),
    )
    new_kind = forms.ChoiceField(label=gettext_lazy("Kind of the new actors"), choices=())
    successors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Existing actors it became"),
        queryset=Actor.objects.none(),
        to_field_name="public_id",
        required=False,
    )
    description = forms.CharField(
        label=gettext_lazy("What happened"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, access: CaseAccess, record: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successors"].queryset = _actors(access).exclude(pk=record.pk)  # type: ignore[attr-defined]
        self.fields["new_kind"].choices = ActorKind.choices  # type: ignore[attr-defined]
        self.fields["new_kind"].initial = (
            ActorKind.FACTION if record.kind == ActorKind.CONFLICT_PARTY else record.kind
        )


class MergeForm(forms.Form):
    date = forms.CharField(label=gettext_lazy("Date"), max_length=12, help_text=DATE_HELP)
    merging = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Actors that merge with it"),
        queryset=Actor.objects.none(),
        to_field_name="public_id",
    )
    into = forms.ModelChoiceField(
        label=gettext_lazy("They become an existing actor"),
        queryset=Actor.objects.none(),
        to_field_name="public_id",
        required=False,
    )
    new_name = forms.CharField(
        label=gettext_lazy("…or a new actor named"), max_length=200, required=False
    )
    new_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of the new actor"), choices=ActorKind.choices
    )
    description = forms.CharField(
        label=gettext_lazy("What happened"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(label=gettext_lazy("Who can read it"), choices=())

    def __init__(self, access: CaseAccess, record: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = _actors(access).exclude(pk=record.pk)
        self.fields["merging"].queryset = others  # type: ignore[attr-defined]
        self.fields["into"].queryset = others  # type: ignore[attr-defined]
        self.fields["new_kind"].initial = record.kind
        self.fields["visibility"].choices = visibility_choices(access.case)  # type: ignore[attr-defined]
        self.fields["visibility"].initial = record.visibility_code


# What each change page does with its valid form: call its lineage service.
ChangeService = Callable[[CaseAccess, Actor, dict[str, Any], Any], ActorChange]


def _change_page(
    request: HttpRequest,
    case_id: str,
    record_id: str,
    *,
    form_class: type[SplitForm | MergeForm],
    service: ChangeService,
    heading: str,
    intro: str,
) -> HttpResponse:
    """A split or merger recorded from the actor's page: the form, the service, and back to
    the actor with the change named."""
    access, _rtype, record = record_get_for_user(
        request.user, case_id, "actors", record_id, write=True
    )
    assert isinstance(record, Actor)
    form = form_class(access, record, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = service(access, record, form.cleaned_data, person_of(request))
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(
                request, _("Recorded: %(change)s.") % {"change": lineage.change_title(change)}
            )
            return redirect(record_url(record))
    return render(
        request,
        "analysis/change_form.html",
        {
            "access": access,
            "case": access.case,
            "record_types": RECORD_TYPES,
            "rtype": BY_MODEL[Actor],
            "record": record,
            "form": form,
            "heading": heading % {"name": record.name},
            "intro": intro,
        },
    )


def _split(access: CaseAccess, record: Actor, data: dict[str, Any], person: Any) -> ActorChange:
    return lineage.actor_split(
        actor=person,
        predecessor=record,
        date=data["date"],
        successors=list(data["successors"]),
        new_names=_names(data["new_names"]),
        new_kind=data["new_kind"],
        description=data["description"],
    )


def _merge(access: CaseAccess, record: Actor, data: dict[str, Any], person: Any) -> ActorChange:
    return lineage.actor_merge(
        actor=person,
        case=access.case,
        merging=[record, *data["merging"]],
        date=data["date"],
        into=data["into"],
        new_name=data["new_name"],
        new_kind=data["new_kind"],
        description=data["description"],
        visibility=data["visibility"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_split(request: HttpRequest, case_id: str, record_id: str) -> HttpResponse:
    return _change_page(
        request,
        case_id,
        record_id,
        form_class=SplitForm,
        service=_split,
        heading=_("Record a split of %(name)s"),
        intro=_(
            "The actor becomes two or more actors on a date. It stays in the record, marked as "
            "no longer existing after that date; the history names it."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_merge(request: HttpRequest, case_id: str, record_id: str) -> HttpResponse:
    return _change_page(
        request,
        case_id,
        record_id,
        form_class=MergeForm,
        service=_merge,
        heading=_("Record a merger of %(name)s"),
        intro=_(
            "Several actors become one on a date. They stay in the record, marked as no longer "
            "existing after that date."
        ),
    )


class ListItemForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def list_items(request: HttpRequest, case_id: str, list_key: str) -> HttpResponse:
    """One extensible list: the handbook's items and the team's own, with a form to add one
    (team members with write access only)."""
    if list_key not in ExtensibleList.values:
        raise Http404
    access = case_get_for_user(request.user, case_id, write=True)
    form = ListItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = lineage.list_item_create(
                actor=person_of(request),
                case=access.case,
                list_key=list_key,
                label=form.cleaned_data["label"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Added %(label)s to the list.") % {"label": item.label})
            return redirect(request.path)
    back = next(
        (rtype for rtype in RECORD_TYPES if list_key in rtype.payload.extensible().values()),
        None,
    )
    return render(
        request,
        "analysis/list_items.html",
        {
            "access": access,
            "case": access.case,
            "record_types": RECORD_TYPES,
            "list_title": ExtensibleList(list_key).label,
            "builtin": builtin_items(list_key),
            "own": own_items(access.case.pk, list_key),
            "form": form,
            "back": back,
        },
    )
