from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from peacetrack.accounts.types import person_of
from peacetrack.advisor.briefing.access import briefing_access
from peacetrack.advisor.briefing.forms import BriefingForm
from peacetrack.advisor.briefing.jobs import BRIEFING_JOB
from peacetrack.advisor.briefing.sections import sections
from peacetrack.jobs.services import job_start


@login_required
@require_http_methods(["GET", "POST"])
def briefing(request: HttpRequest, case_id: str) -> HttpResponse:
    """Choose a format; the briefing is made in the background and its job page shows how far
    it has got, then the download."""
    access = briefing_access(request.user, case_id)
    form = BriefingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = job_start(
            case=access.case,
            user=person_of(request),
            kind=BRIEFING_JOB.key,
            params={"format": form.cleaned_data["format"]},
        )
        return redirect("jobs:detail", job_id=job.public_id)
    return render(
        request,
        "advisor/briefing/page.html",
        {"access": access, "case": access.case, "form": form, "sections": sections()},
        status=422 if form.is_bound else 200,
    )
