"""The parties to the conflict.

Thin: parse, check access, call a service, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from peacetrack.accounts.types import person_of
from peacetrack.cases import services
from peacetrack.cases.access import (
    case_get_for_user,
    party_get_for_user,
)
from peacetrack.cases.forms import (
    PartyForm,
    show_service_errors,
    versioned,
)
from peacetrack.cases.visibility import party_description_for
from peacetrack.paging import page_for_request


@login_required
@require_http_methods(["GET", "POST"])
def parties(request: HttpRequest, case_id: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id, write=request.method == "POST")
    form = PartyForm(request.POST or None, case=access.case)
    if request.method == "POST" and form.is_valid():
        try:
            party = services.party_create(
                actor=person_of(request), case=access.case, **form.cleaned_data
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Added %(name)s.") % {"name": party.name})
            return redirect("cases:parties", case_id=access.case.public_id)
    page = page_for_request(
        request, access.case.parties.select_related("description_visibility_party")
    )
    return render(
        request,
        "cases/parties.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "parties": [
                (party, party_description_for(access.membership, party)) for party in page.items
            ],
            "page": page,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, case_id: str, party_id: str) -> HttpResponse:
    access, party = party_get_for_user(request.user, case_id, party_id, write=True)
    initial = {f: getattr(party, f) for f in ("short_name", "name", "kind", "description")}
    initial["description_visibility"] = party.description_visibility_code
    form = versioned(
        PartyForm(request.POST or None, initial=initial, case=access.case), party.version
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = form.cleaned_data.pop("version", None)
            services.party_update(
                actor=person_of(request), party=party, expected_version=version, **form.cleaned_data
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": party.name})
            return redirect("cases:parties", case_id=access.case.public_id)
    return render(
        request,
        "cases/party_form.html",
        {"access": access, "case": access.case, "form": form, "party": party},
    )
