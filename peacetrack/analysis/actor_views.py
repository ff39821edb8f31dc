"""The actor's own pages and sections: its profile questions (analysis/profiles.py), the ties
and resources on its page, and the profile asked for right after an actor is added. Declared as
hooks of the actors' RecordType (registry.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from peacetrack.accounts.types import person_of
from peacetrack.analysis import services
from peacetrack.analysis.access import record_get_for_user, records_visible
from peacetrack.analysis.display import record_url
from peacetrack.analysis.lineage import lineage_of
from peacetrack.analysis.models import Actor, Resource, Tie
from peacetrack.analysis.profiles import profile_fields
from peacetrack.analysis.registry import BY_MODEL, RECORD_TYPES
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.forms import show_service_errors, versioned


def profile_form(actor: Actor, data: Any = None) -> forms.Form:
    form = versioned(forms.Form(data=data, prefix="profile"), actor.version)
    for field in profile_fields(actor.kind, spoiler=actor.potential_spoiler):
        if field.choices:
            form.fields[field.key] = forms.ChoiceField(
                label=field.label,
                help_text=field.help,
                required=False,
                choices=[("", "—"), *field.choices],
            )
        else:
            form.fields[field.key] = forms.CharField(
                label=field.label,
                help_text=field.help,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        form.initial[field.key] = actor.profile.get(field.key, "")
    return form


def actor_detail(access: CaseAccess, record: Actor) -> dict[str, Any]:
    """The actor's page: its profile answers, its ties and its resources."""
    form = profile_form(record)
    return {
        "profile": [(form.fields[key].label, record.profile.get(key, "")) for key in form.fields],
        "detail_actions": "analysis/_actor_actions.html",
        "detail_sections": "analysis/_actor_sections.html",
        "ties": list(
            records_visible(BY_MODEL[Tie], access.membership).filter(
                Q(source=record) | Q(target=record)
            )
        ),
        "resources": list(
            records_visible(BY_MODEL[Resource], access.membership).filter(actor=record)
        ),
        "lineage": lineage_of(access.membership, record),
    }


def actor_created(request: HttpRequest, record: Actor) -> HttpResponse:
    """After an actor is added: its profile questions."""
    messages.success(
        request,
        _("Added %(name)s. Now answer the profile questions for a %(kind)s.")
        % {"name": record.name, "kind": record.get_kind_display().lower()},
    )
    return redirect(
        "analysis:actor_profile", case_id=record.case.public_id, record_id=record.public_id
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_profile(request: HttpRequest, case_id: str, record_id: str) -> HttpResponse:
    rtype = BY_MODEL[Actor]
    access, _rtype, record = record_get_for_user(
        request.user, case_id, rtype.slug, record_id, write=True
    )
    assert isinstance(record, Actor)
    form = profile_form(record, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = form.cleaned_data.pop("version", None)
            services.record_update(
                actor=person_of(request),
                record=record,
                rtype=rtype,
                values={"profile": {k: v for k, v in form.cleaned_data.items() if v}},
                expected_version=version,
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Saved the profile of %(name)s.") % {"name": record.name})
            return redirect(record_url(record))
    return render(
        request,
        "analysis/profile_form.html",
        {
            "access": access,
            "case": access.case,
            "record_types": RECORD_TYPES,
            "rtype": rtype,
            "form": form,
            "record": record,
        },
    )
