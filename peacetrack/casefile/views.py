from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from peacetrack.accounts.access import organiser_required
from peacetrack.casefile.errors import CaseFileError
from peacetrack.casefile.services import case_import_for_user


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Case file (.json)", help_text="Exported from Peacetrack, on this server or another."
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_case(request: HttpRequest) -> HttpResponse:
    """Import a case file as a new case (journey 6: from a laptop to the team server)."""
    organiser_required(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.CASEFILE_MAX_BYTES
        try:
            if upload.size > limit:
                raise CaseFileError(f"the file is larger than the {limit // 2**20} MB limit")
            case = case_import_for_user(raw=upload.read(), user=request.user)
        except CaseFileError as exc:
            form.add_error("file", f"Nothing was imported: {exc}.")
        else:
            messages.success(request, f"Imported “{case.title}”.")
            return redirect("cases:dashboard", case_id=case.pk)
    return render(request, "casefile/import.html", {"form": form})
