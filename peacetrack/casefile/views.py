from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from peacetrack.accounts.access import organiser_required
from peacetrack.accounts.types import person_of
from peacetrack.casefile.errors import CaseAlreadyHere, CaseFileError, ImportRateLimited
from peacetrack.casefile.reading import check_size
from peacetrack.casefile.services import case_import_start


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Case file (.json)"),
        help_text=gettext_lazy("Exported from Peacetrack, on this server or another."),
    )
    as_copy = forms.BooleanField(
        required=False,
        label=gettext_lazy("If this case is already on the server, import it as a copy"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_case(request: HttpRequest) -> HttpResponse:
    """Import a case file as a new case (journey 6: from a laptop to the team server). A file
    that is plainly not a case file is refused here; the import itself runs in the background
    and its job page shows how far it has got, then the new case or what was wrong."""
    organiser_required(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    already_here = False
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)
            job = case_import_start(
                raw=upload.read(), user=person_of(request), as_copy=form.cleaned_data["as_copy"]
            )
        except CaseFileError as exc:
            problems = exc.lines
            already_here = isinstance(exc, CaseAlreadyHere)
            status = 429 if isinstance(exc, ImportRateLimited) else 422
        else:
            return redirect("jobs:detail", job_id=job.public_id)
    return render(
        request,
        "casefile/import.html",
        {"form": form, "problems": problems, "already_here": already_here},
        status=status,
    )
