"""The actor's own pages and sections: its profile questions (analysis/profiles.py), the ties
and resources on its page, and the profile asked for right after an actor is added. Declared as
hooks of the actors' RecordType (registry.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from peacetrack.accounts.types import person_of
from peacetrack.analysis import services
from peacetrack.analysis.access import record_get_for_user, records_visible
from peacetrack.analysis.display import record_url
from peacetrack.analysis.lineage import lineage_of
from peacetrack.analysis.models import Actor, Position, Resource, StrengthAssessment, Tie
from peacetrack.analysis.profiles import PROVENANCE_KEYS, profile_fields
from peacetrack.analysis.registry import BY_MODEL, RECORD_TYPES
from peacetrack.cases.access import CaseAccess
from peacetrack.cases.forms import DateInput, show_service_errors, versioned
from peacetrack.cases.records import Confidence
from peacetrack.paging import page_for_request


class ProfileForm(forms.Form):
    """The profile questions of an actor's kind, each answer with where it came from
    (`<key>__source_note`, `<key>__information_date`, `<key>__confidence`,
    `<key>__alleged_by`)."""

    questions: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key in self.questions:
            if cleaned.get(key):
                continue
            if any(cleaned.get(f"{key}__{name}") for name in PROVENANCE_KEYS):
                self.add_error(key, _("Write the answer, or clear where it came from."))
        return cleaned

    def answers(self) -> dict[str, dict[str, Any]]:
        """The answers given, as the service takes them."""
        found: dict[str, dict[str, Any]] = {}
        for key in self.questions:
            text = self.cleaned_data.get(key)
            if not text:
                continue
            answer: dict[str, Any] = {"text": text}
            for name in PROVENANCE_KEYS:
                value = self.cleaned_data.get(f"{key}__{name}")
                if value:
                    answer[name] = value.isoformat() if isinstance(value, datetime.date) else value
            found[key] = answer
        return found

    def grouped(self) -> list[tuple[forms.BoundField, list[forms.BoundField], bool]]:
        """Per question: its answer field, its source fields, and whether to show them open
        (something is recorded or refused there)."""
        groups = []
        for key in self.questions:
            sources = [self[f"{key}__{name}"] for name in PROVENANCE_KEYS]
            shown = any(f.value() or f.errors for f in sources)
            groups.append((self[key], sources, shown))
        return groups


def _source_fields(form: ProfileForm, key: str, answer: dict[str, Any]) -> None:
    form.fields[f"{key}__source_note"] = forms.CharField(
        label=_("Source of the information"), required=False, max_length=500
    )
    form.fields[f"{key}__information_date"] = forms.DateField(
        label=_("Date of the information"), required=False, widget=DateInput
    )
    form.fields[f"{key}__confidence"] = forms.ChoiceField(
        label=_("Confidence"), required=False, choices=[("", "—"), *Confidence.choices]
    )
    form.fields[f"{key}__alleged_by"] = forms.CharField(
        label=_("Alleged by"), required=False, max_length=200
    )
    for name in PROVENANCE_KEYS:
        form.initial[f"{key}__{name}"] = answer.get(name, "")


def profile_form(actor: Actor, data: Any = None) -> ProfileForm:
    form = versioned(ProfileForm(data=data, prefix="profile"), actor.version)
    questions = profile_fields(actor.kind, spoiler=actor.potential_spoiler)
    form.questions = tuple(field.key for field in questions)
    for field in questions:
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
        answer = _answer(actor.profile.get(field.key))
        form.initial[field.key] = answer.get("text", "")
        _source_fields(form, field.key, answer)
    return form


def _answer(stored: Any) -> dict[str, Any]:
    """A stored answer as an object (older rows may hold a plain string)."""
    if isinstance(stored, dict):
        return stored
    return {"text": stored} if stored else {}


def answer_source(answer: dict[str, Any]) -> str:
    """Where an answer came from, in one line ("Field report · 12 March 2026 · low
    confidence · alleged by the army"); empty if nothing is recorded."""
    parts = []
    if answer.get("source_note"):
        parts.append(str(answer["source_note"]))
    day = answer.get("information_date")
    if day:
        try:
            parts.append(date_format(datetime.date.fromisoformat(str(day)), "DATE_FORMAT"))
        except ValueError:
            parts.append(str(day))
    if answer.get("confidence") in Confidence.values:
        parts.append(
            _("%(confidence)s confidence")
            % {"confidence": str(Confidence(answer["confidence"]).label).lower()}
        )
    if answer.get("alleged_by"):
        parts.append(_("alleged by %(who)s") % {"who": answer["alleged_by"]})
    return " · ".join(parts)


def _unconfirmed(answer: dict[str, Any]) -> bool:
    return answer.get("confidence") == Confidence.LOW or bool(answer.get("alleged_by"))


#: The ties an actor's page opens with; the others are a click away.
ACTOR_TIES = 20


def actor_detail(request: HttpRequest, access: CaseAccess, record: Actor) -> dict[str, Any]:
    """The actor's page: its profile answers (each with where it came from), its ties (the
    first ACTOR_TIES, then a page at a time) and its resources."""
    profile = []
    for field in profile_fields(record.kind, spoiler=record.potential_spoiler):
        answer = _answer(record.profile.get(field.key))
        text = answer.get("text", "")
        if text and field.choices:
            text = str(dict(field.choices).get(text, text))
        profile.append((field.label, text, answer_source(answer), _unconfirmed(answer)))
    return {
        "profile": profile,
        "detail_actions": "analysis/_actor_actions.html",
        "detail_sections": "analysis/_actor_sections.html",
        "ties": page_for_request(
            request,
            records_visible(BY_MODEL[Tie], access.membership).filter(
                Q(source=record) | Q(target=record)
            ),
            first_limit=ACTOR_TIES,
            param="ties",
            label=_("More ties"),
            anchor="ties",
        ),
        "resources": list(
            records_visible(BY_MODEL[Resource], access.membership).filter(actor=record)
        ),
        # Its analysis as a party's actor or as a stakeholder (Step 1.1.2, 1.4.2).
        "positions": list(
            records_visible(BY_MODEL[Position], access.membership).filter(actor=record)
        ),
        "strength": list(
            records_visible(BY_MODEL[StrengthAssessment], access.membership).filter(actor=record)
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
                values={"profile": form.answers()},
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
