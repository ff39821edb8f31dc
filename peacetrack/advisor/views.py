"""The findings pages: a case's findings (filtered, in pages), one finding, and the team's
acknowledgements, dismissals and reopenings.

Thin: access (advisor.access), the findings (advisor.selectors), a service, render.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from peacetrack.accounts.types import person_of
from peacetrack.advisor import services
from peacetrack.advisor.access import finding_get, findings_access
from peacetrack.advisor.display import finding_rows
from peacetrack.advisor.engine import DISMISSED, PENDING, Finding
from peacetrack.advisor.forms import DismissForm, FindingFilterForm, findings_filtered
from peacetrack.advisor.selectors import findings_for
from peacetrack.cases.access import CaseAccess
from peacetrack.paging import BAD_CURSOR, Page

#: Findings on one page of the list (each shows its reasons in full).
PER_PAGE = 20
_SALT = "peacetrack.advisor.findings"


def _url(request: HttpRequest, param: str, cursor: str | None, anchor: str) -> str:
    query = request.GET.copy()
    query.pop(param, None)
    if cursor:
        query[param] = cursor
    encoded = query.urlencode()
    return f"{request.path}?{encoded}#{anchor}" if encoded else f"{request.path}#{anchor}"


def _page(
    request: HttpRequest,
    findings: Sequence[Finding],
    *,
    param: str,
    anchor: str,
    name: str,
    limit: int | None = None,
) -> Page[Finding]:
    """One page of findings computed in memory: the cursor is the signed key of the finding
    after which the page goes on. A cursor whose finding is gone (its facts changed) or that
    was not made here shows the first page, with a message (paging.py does the same)."""
    limit = limit or PER_PAGE
    cursor = request.GET.get(param) or None
    start, error = 0, ""
    if cursor:
        try:
            after = signing.loads(cursor, salt=_SALT)
            start = next(i for i, f in enumerate(findings) if f.key == after) + 1
        except (signing.BadSignature, StopIteration, TypeError):
            start, error = 0, str(BAD_CURSOR)
    items = list(findings[start : start + limit])
    following = None
    if start + limit < len(findings):
        following = signing.dumps(items[-1].key, salt=_SALT)
    return Page(
        items=items,
        next=following,
        count=len(findings),
        count_capped=False,
        is_first=start == 0,
        next_url=_url(request, param, following, anchor) if following else "",
        first_url=_url(request, param, None, anchor),
        error=error,
        label=gettext("More findings"),
        name=name,
    )


@login_required
def findings(request: HttpRequest, case_id: str) -> HttpResponse:
    access = findings_access(request.user, case_id)
    form = FindingFilterForm(request.GET)
    ignored = form.ignored()
    if ignored:
        messages.warning(
            request,
            gettext("Filters not understood were left out: %(filters)s.")
            % {"filters": ", ".join(ignored)},
        )
    applied = form.applied()
    everything = findings_for(access=access)
    shown = findings_filtered(everything, applied)
    current = [f for f in shown if f.status != DISMISSED]
    dismissed = [f for f in shown if f.status == DISMISSED]
    current_page = _page(
        request, current, param="cursor", anchor="current", name=gettext("Pages of findings")
    )
    dismissed_page = _page(
        request,
        dismissed,
        param="dismissed",
        anchor="dismissed",
        name=gettext("Pages of dismissed findings"),
    )
    return render(
        request,
        "advisor/findings.html",
        {
            **_context(access),
            "filters": form.choices(),
            "applied": applied,
            "total": len(everything),
            "current": current_page,
            "current_rows": finding_rows(access, current_page.items),
            "dismissed": dismissed_page,
            "dismissed_rows": finding_rows(access, dismissed_page.items),
            "pending": sum(f.status == PENDING for f in everything),
        },
    )


def _context(access: CaseAccess) -> dict[str, Any]:
    return {"access": access, "case": access.case}


def _finding_page(
    request: HttpRequest, access: CaseAccess, finding: Finding, form: DismissForm | None = None
) -> HttpResponse:
    (row,) = finding_rows(access, [finding])
    return render(
        request,
        "advisor/finding.html",
        {
            **_context(access),
            "row": row,
            "finding": finding,
            "dismiss_form": form or DismissForm(),
            "can_act": access.membership.can_write and finding.status != PENDING,
        },
    )


@login_required
def finding_detail(request: HttpRequest, case_id: str, key: str) -> HttpResponse:
    access = findings_access(request.user, case_id)
    return _finding_page(request, access, finding_get(access, key))


def _back(access: CaseAccess, finding: Finding) -> HttpResponse:
    return redirect("advisor:finding", case_id=access.case.public_id, key=finding.key)


def _acted_on(request: HttpRequest, case_id: str, key: str) -> tuple[CaseAccess, Finding] | None:
    """The finding a writer acts on; None (with a message) while it is being computed."""
    access = findings_access(request.user, case_id, write=True)
    finding = finding_get(access, key)
    if finding.status == PENDING:
        messages.warning(request, gettext("This finding is being computed: try again shortly."))
        return None
    return access, finding


@login_required
@require_POST
def finding_acknowledge(request: HttpRequest, case_id: str, key: str) -> HttpResponse:
    acted = _acted_on(request, case_id, key)
    if acted is None:
        return redirect("advisor:finding", case_id=case_id, key=key)
    access, finding = acted
    services.finding_acknowledge(case=access.case, user=person_of(request), finding=finding)
    messages.success(request, gettext("Acknowledged: the finding stays in the open work."))
    return _back(access, finding)


@login_required
@require_POST
def finding_dismiss(request: HttpRequest, case_id: str, key: str) -> HttpResponse:
    acted = _acted_on(request, case_id, key)
    if acted is None:
        return redirect("advisor:finding", case_id=case_id, key=key)
    access, finding = acted
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.finding_dismiss(
                case=access.case,
                user=person_of(request),
                finding=finding,
                reason=form.cleaned_data["reason"],
            )
        except ValueError:
            form.add_error("reason", gettext("Say why the finding does not apply."))
        else:
            messages.success(
                request,
                gettext(
                    "Dismissed. The finding is listed with the dismissed ones, and comes back "
                    "if the facts behind it change."
                ),
            )
            return _back(access, finding)
    return _finding_page(request, access, finding, form)


@login_required
@require_POST
def finding_reopen(request: HttpRequest, case_id: str, key: str) -> HttpResponse:
    acted = _acted_on(request, case_id, key)
    if acted is None:
        return redirect("advisor:finding", case_id=case_id, key=key)
    access, finding = acted
    services.finding_reopen(case=access.case, user=person_of(request), finding=finding)
    messages.success(request, gettext("Reopened: the finding is open again."))
    return _back(access, finding)
