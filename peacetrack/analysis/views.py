"""Step-1 pages: overview, one list/detail/form set for every record type, the positions
matrix and the actor map. Thin: parse, check access, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from peacetrack.accounts.types import person_of
from peacetrack.analysis import services
from peacetrack.analysis.access import record_get_for_user
from peacetrack.analysis.display import cell, record_url, title
from peacetrack.analysis.forms import (
    YearRangeForm,
    provenance_fields,
    record_form,
    record_initial,
    record_values,
)
from peacetrack.analysis.hooks import PARTY_OR_STAKEHOLDER, step_charts
from peacetrack.analysis.lists import case_items
from peacetrack.analysis.map_figure import map_page_parts
from peacetrack.analysis.map_render import actor_map_png, actor_map_svg
from peacetrack.analysis.models import ExtensibleList, Position
from peacetrack.analysis.network_cache import actor_map_parts
from peacetrack.analysis.registry import BY_MODEL, RECORD_TYPES, RecordType, record_type
from peacetrack.analysis.selectors import (
    actor_network,
    filtered_records,
    network_as_of,
    positions_matrix,
    record_counts,
    relation_options,
)
from peacetrack.audit.selectors import history as audit_history
from peacetrack.audit.trail import trail_entries
from peacetrack.cases.access import CaseAccess, case_get_for_user
from peacetrack.cases.deletion import deletion_preview
from peacetrack.cases.forms import show_service_errors, versioned
from peacetrack.cases.people import People
from peacetrack.cases.records import UNCONFIRMED_MEANING
from peacetrack.cases.widening import widening_to_confirm
from peacetrack.methodology.loader import get_methodology
from peacetrack.paging import page_for_request


def _context(access: CaseAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "case": access.case, "record_types": RECORD_TYPES, **extra}


@login_required
def overview(request: HttpRequest, case_id: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id)
    counts = record_counts(access)
    sections = [
        (
            activity,
            [
                (rtype, counts[rtype.slug])
                for rtype in RECORD_TYPES
                if rtype.activity == activity.key
            ],
        )
        for activity in get_methodology().step("1").activities
    ]
    # the timeline's years: ?from=1990&to=2024 (a form that works without JavaScript)
    years = YearRangeForm({"start": request.GET.get("from"), "end": request.GET.get("to")})
    return render(
        request,
        "analysis/overview.html",
        _context(
            access,
            sections=sections,
            years=years.years(),
            **step_charts(access, years=years.years()),
        ),
    )


@login_required
def record_list(request: HttpRequest, case_id: str, slug: str) -> HttpResponse:
    rtype = record_type(slug)
    access = case_get_for_user(request.user, case_id)
    records, applied = filtered_records(rtype, access, request.GET)
    page = page_for_request(request, records)
    rows = [
        (
            record,
            title(record),
            record_url(record),
            [cell(rtype, record, name) for name in rtype.columns],
        )
        for record in page.items
    ]
    filters = []
    for name in rtype.filters:
        field = rtype.field(name)
        list_key = rtype.payload.extensible().get(name)
        if list_key is not None:
            options = [(i.key, i.title) for i in case_items(access.case.pk, list_key)]
        elif field.is_relation:
            options = relation_options(rtype, name, access)
        else:
            options, _is_list = rtype.filter_options(name)
        filters.append((name, str(field.verbose_name).capitalize(), options, applied.get(name, "")))
    if provenance_fields(rtype):
        filters.extend(_provenance_filters(applied))
    extra = rtype.list_extra(access) if rtype.list_extra is not None else {}
    # the lists its records take items from, which the team can extend
    extra["own_lists"] = [
        (key, ExtensibleList(key).label)
        for key in dict.fromkeys(rtype.payload.extensible().values())
    ]
    if rtype.handbook_list:
        # Every item of the handbook's list, answered or still open (one record per item).
        items = case_items(access.case.pk, rtype.handbook_list)
        answered = {
            getattr(record, rtype.list_field): record
            for record in records.filter(
                **{f"{rtype.list_field}__in": [item.key for item in items]}
            )
        }
        extra["checklist"] = [(item, answered.get(item.key)) for item in items]
    return render(
        request,
        "analysis/list.html",
        _context(
            access,
            rtype=rtype,
            rows=rows,
            page=page,
            filters=filters,
            applied=applied,
            headings=[str(rtype.field(n).verbose_name).capitalize() for n in rtype.columns],
            unconfirmed_meaning=UNCONFIRMED_MEANING if provenance_fields(rtype) else "",
            **extra,
        ),
    )


OLDER_THAN_CHOICES = (3, 6, 12, 24)


def _provenance_filters(applied: dict[str, str]) -> list[tuple[str, str, list[Any], str]]:
    """The filters on where facts came from (selectors.provenance_filtered)."""
    months = sorted(
        {
            *OLDER_THAN_CHOICES,
            *([int(applied["older_than"][1:-1])] if "older_than" in applied else []),
        }
    )
    return [
        (
            "unconfirmed",
            _("Confirmation"),
            [("yes", _("Unconfirmed only"))],
            applied.get("unconfirmed", ""),
        ),
        (
            "older_than",
            _("Information older than"),
            [(f"P{n}M", ngettext("%(n)d month", "%(n)d months", n) % {"n": n}) for n in months],
            applied.get("older_than", ""),
        ),
    ]


def _created(request: HttpRequest, rtype: RecordType, record: Any) -> HttpResponse:
    if rtype.created is not None:  # the type says where to go next
        return rtype.created(request, record)
    messages.success(
        request,
        _("Added %(kind)s: %(name)s.") % {"kind": rtype.singular, "name": title(record)},
    )
    if "another" in request.POST:
        return redirect("analysis:create", case_id=record.case.public_id, slug=rtype.slug)
    return redirect(record_url(record))


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, case_id: str, slug: str) -> HttpResponse:
    rtype = record_type(slug)
    access = case_get_for_user(request.user, case_id, write=True)
    form = record_form(
        rtype,
        access.case,
        request.POST or None,
        initial={"visibility": "team", **request.GET.dict()},
    )
    widening = ""
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["visibility"]
        try:
            widening = widening_to_confirm(access.case, before=None, code=code, data=request.POST)
            if not widening:
                record = services.record_create(
                    actor=person_of(request),
                    case=access.case,
                    rtype=rtype,
                    values=record_values(rtype, form),
                )
                return _created(request, rtype, record)
        except ValidationError as exc:
            show_service_errors(form, exc)
    return render(
        request,
        "analysis/form.html",
        _context(
            access,
            rtype=rtype,
            form=form,
            creating=True,
            widening=widening,
            provenance=provenance_fields(rtype),
        ),
    )


@login_required
def record_detail(request: HttpRequest, case_id: str, slug: str, record_id: str) -> HttpResponse:
    access, rtype, record = record_get_for_user(request.user, case_id, slug, record_id)
    fields = [cell(rtype, record, name) for name in rtype.fields]
    provenance = [cell(rtype, record, name) for name in provenance_fields(rtype)]
    extra = rtype.detail_extra(request, access, record) if rtype.detail_extra is not None else {}
    people = People(access.membership)
    history = []
    if access.membership.is_team:
        history = trail_entries(audit_history(record), readers=people)
    return render(
        request,
        "analysis/detail.html",
        _context(
            access,
            rtype=rtype,
            record=record,
            title=title(record),
            fields=fields,
            provenance=provenance,
            provenance_stated=any(c.text not in ("", "—") for c in provenance),
            unconfirmed_meaning=UNCONFIRMED_MEANING,
            history=history,
            people=people,
            task=get_methodology().task(record.task_key),
            **extra,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, case_id: str, slug: str, record_id: str) -> HttpResponse:
    access, rtype, record = record_get_for_user(request.user, case_id, slug, record_id, write=True)
    form = versioned(
        record_form(
            rtype, access.case, request.POST or None, initial=record_initial(rtype, record)
        ),
        record.version,
    )
    widening = ""
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["visibility"]
        try:
            widening = widening_to_confirm(access.case, before=record, code=code, data=request.POST)
            if not widening:
                services.record_update(
                    actor=person_of(request),
                    record=record,
                    rtype=rtype,
                    values=record_values(rtype, form),
                    expected_version=form.cleaned_data.get("version"),
                )
                messages.success(request, _("Saved %(name)s.") % {"name": title(record)})
                return redirect(record_url(record))
        except ValidationError as exc:
            show_service_errors(form, exc)
    return render(
        request,
        "analysis/form.html",
        _context(
            access,
            rtype=rtype,
            form=form,
            record=record,
            title=title(record),
            widening=widening,
            provenance=provenance_fields(rtype),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, case_id: str, slug: str, record_id: str) -> HttpResponse:
    """GET: what goes with the record, to confirm; POST: delete it."""
    access, rtype, record = record_get_for_user(request.user, case_id, slug, record_id, write=True)
    name = title(record)
    if request.method == "POST":
        try:
            services.record_delete(actor=person_of(request), record=record, rtype=rtype)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(record_url(record))
        messages.success(
            request, _("Deleted %(kind)s: %(name)s.") % {"kind": rtype.singular, "name": name}
        )
        return redirect("analysis:list", case_id=access.case.public_id, slug=slug)
    return render(
        request,
        "confirm_delete.html",
        _context(
            access,
            kind=rtype.label,
            name=name,
            preview=deletion_preview(record, access.membership),
            cancel_url=record_url(record),
        ),
    )


@login_required
def matrix(request: HttpRequest, case_id: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id)
    return render(
        request,
        "analysis/matrix.html",
        _context(
            access,
            rtype=BY_MODEL[Position],
            party_or_stakeholder=PARTY_OR_STAKEHOLDER,
            **positions_matrix(access),
        ),
    )


@login_required
def actor_map(request: HttpRequest, case_id: str) -> HttpResponse:
    access = case_get_for_user(request.user, case_id)
    as_of, as_of_error = None, ""
    try:  # a date that is not one shows today's map, with the reason
        as_of = network_as_of(request.GET.get("as_of"))
    except ValueError as exc:
        as_of_error = str(exc)
    parts, freshness = actor_map_parts(
        access, as_of=as_of, render=lambda network: map_page_parts(access, network, request=request)
    )
    return render(
        request,
        "analysis/map.html",
        _context(
            access,
            parts=parts,
            freshness=freshness,
            as_of=as_of,
            as_of_value=str(request.GET.get("as_of", ""))[:20],
            as_of_error=as_of_error,
        ),
    )


@login_required
def actor_map_image(request: HttpRequest, case_id: str, fmt: str) -> HttpResponse:
    """The actor map as an SVG or PNG file, drawn on the server (for briefings and exports);
    the same access and the same network as the map page. ?colour=camp colours by camp."""
    access = case_get_for_user(request.user, case_id)
    network = actor_network(access)
    colour_by = "camp" if request.GET.get("colour") == "camp" else "side"
    if fmt == "png":
        body: str | bytes = actor_map_png(network, colour_by=colour_by)
        content_type = "image/png"
    else:
        body = actor_map_svg(network, colour_by=colour_by)
        content_type = "image/svg+xml; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    name = f"actor-map-{access.case.public_id}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
