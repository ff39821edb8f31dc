"""Every write to a case goes through these functions: one transaction, one audit event each.

Views, the API, the CLI and the case-file import call them; none of them calls .save().
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peacetrack.accounts.services import profile_of
from peacetrack.audit.models import CaseVisit
from peacetrack.audit.services import audit_record, snapshot
from peacetrack.cases import actions
from peacetrack.cases.models import (
    Case,
    CaseStatus,
    CaseType,
    Membership,
    Party,
    PartyKind,
    Role,
    TaskNote,
    TaskProgress,
    TaskStatus,
    Visibility,
)
from peacetrack.cases.visibility import visibility_error
from peacetrack.methodology.loader import get_methodology

CASE_FIELDS = [
    "title",
    "conflict",
    "region",
    "case_type",
    "mandate_summary",
    "mandate_visibility",
    "mandate_visibility_party",
    "sponsor",
    "status",
    "started_on",
    "ended_on",
]
PARTY_FIELDS = [
    "short_name",
    "name",
    "kind",
    "description",
    "description_visibility",
    "description_visibility_party",
]
PROGRESS_FIELDS = ["task_key", "status", "owner", "due_on", "na_reason"]
NOTE_FIELDS = ["task_key", "body", "visibility", "visibility_party"]


def _check_case_fields(values: dict[str, Any], *, case_id: int | None = None) -> None:
    errors: dict[str, str] = {}
    wrong_visibility = visibility_error(
        case_id or 0, values["mandate_visibility"], values["mandate_visibility_party"]
    )
    if wrong_visibility:
        errors["mandate_visibility"] = wrong_visibility
    if not str(values.get("title") or "").strip():
        errors["title"] = "A case needs a title."
    if not str(values.get("conflict") or "").strip():
        errors["conflict"] = "Name the conflict."
    if values.get("case_type") not in CaseType.values:
        errors["case_type"] = f"Case type must be one of {', '.join(CaseType.values)}."
    if values.get("status") not in CaseStatus.values:
        errors["status"] = f"Status must be one of {', '.join(CaseStatus.values)}."
    started, ended = values.get("started_on"), values.get("ended_on")
    if started and ended and ended < started:
        errors["ended_on"] = "The end date is before the start date."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_create(
    *,
    creator: Any,
    title: str,
    conflict: str,
    region: str = "",
    case_type: str = CaseType.INTRASTATE,
    mandate_summary: str = "",
    mandate_visibility: str = Visibility.TEAM,
    mandate_visibility_party: Party | None = None,
    sponsor: str = "",
    status: str = CaseStatus.EXPLORING,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
) -> Case:
    """Open a case; its creator (a case organiser) becomes lead mediator; every methodology
    task starts at 'not started'. The mandate summary is the team's until shared (a new case
    has no party yet, so it cannot be shared with one party before case_update)."""
    if not profile_of(creator).is_organiser:
        raise ValidationError(_("Only case organisers may open cases: ask a site administrator."))
    values = dict(
        title=title.strip(),
        conflict=conflict.strip(),
        region=region.strip(),
        case_type=case_type,
        mandate_summary=mandate_summary,
        mandate_visibility=mandate_visibility,
        mandate_visibility_party=mandate_visibility_party,
        sponsor=sponsor.strip(),
        status=status,
        started_on=started_on,
        ended_on=ended_on,
    )
    _check_case_fields(values)
    case = Case.objects.create(**values)
    Membership.objects.create(case=case, user=creator, role=Role.LEAD)
    TaskProgress.objects.bulk_create(
        TaskProgress(case=case, task_key=key) for key in get_methodology().task_keys()
    )
    audit_record(
        actor=creator,
        action=actions.CASE_CREATE,
        obj=case,
        case_id=case.pk,
        after=snapshot(case, CASE_FIELDS),
        summary=f"Opened case {case.title}",
    )
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, **changes: Any) -> Case:
    unknown = set(changes) - set(CASE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown case fields: {', '.join(sorted(unknown))}")
    before = snapshot(case, CASE_FIELDS)
    values = {**{f: getattr(case, f) for f in CASE_FIELDS}, **changes}
    for key in ("title", "conflict", "region", "sponsor"):
        values[key] = str(values[key] or "").strip()
    _check_case_fields(values, case_id=case.pk)
    for key, value in values.items():
        setattr(case, key, value)
    case.save()
    audit_record(
        actor=actor,
        action=actions.CASE_UPDATE,
        obj=case,
        case_id=case.pk,
        before=before,
        after=snapshot(case, CASE_FIELDS),
        summary="Updated case details",
    )
    return case


def _check_party(
    case: Case,
    values: dict[str, Any],
    *,
    exclude_id: int | None = None,
    taken: Callable[[str], bool] | None = None,
) -> None:
    """`taken(short_name)` says whether another party already uses the name: by default, on
    the case in the database (the case-file import checks within its file instead)."""
    errors: dict[str, str] = {}
    short_name = values["short_name"]
    if not short_name:
        errors["short_name"] = "A party needs a short name (e.g. GOV)."
    elif not all(ch.isalnum() or ch in "-_" for ch in short_name):
        errors["short_name"] = "Use letters, digits, '-' or '_' only in the short name."
    elif (
        taken(short_name)
        if taken is not None
        else Party.objects.filter(case=case, short_name__iexact=short_name)
        .exclude(pk=exclude_id or 0)
        .exists()
    ):
        errors["short_name"] = f"Another party of this case is already called {short_name}."
    if not values["name"]:
        errors["name"] = "A party needs a name."
    if values["kind"] not in PartyKind.values:
        errors["kind"] = f"Kind must be one of {', '.join(PartyKind.values)}."
    wrong_visibility = visibility_error(
        case.pk, values["description_visibility"], values["description_visibility_party"]
    )
    if wrong_visibility:
        errors["description_visibility"] = wrong_visibility
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def party_create(
    *,
    actor: Any,
    case: Case,
    short_name: str,
    name: str,
    kind: str = PartyKind.OTHER,
    description: str = "",
    description_visibility: str = Visibility.TEAM,
    description_visibility_party: Party | None = None,
) -> Party:
    """Add a party. Its description is the team's until shared (`description_visibility`);
    it can be shared with this very party only once the party exists (party_update)."""
    values = dict(
        short_name=short_name.strip(),
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        description_visibility=description_visibility,
        description_visibility_party=description_visibility_party,
    )
    _check_party(case, values)
    party = Party.objects.create(case=case, **values)
    audit_record(
        actor=actor,
        action=actions.PARTY_CREATE,
        obj=party,
        case_id=case.pk,
        after=snapshot(party, PARTY_FIELDS),
        summary=f"Added party {party.short_name}",
    )
    return party


@transaction.atomic
def party_update(*, actor: Any, party: Party, **changes: Any) -> Party:
    unknown = set(changes) - set(PARTY_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown party fields: {', '.join(sorted(unknown))}")
    before = snapshot(party, PARTY_FIELDS)
    values = {**{f: getattr(party, f) for f in PARTY_FIELDS}, **changes}
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    _check_party(party.case, values, exclude_id=party.pk)
    for key, value in values.items():
        setattr(party, key, value)
    party.save()
    audit_record(
        actor=actor,
        action=actions.PARTY_UPDATE,
        obj=party,
        case_id=party.case_id,
        before=before,
        after=snapshot(party, PARTY_FIELDS),
        summary=f"Updated party {party.short_name}",
    )
    return party


def _member_snapshot(member: Membership) -> dict[str, Any]:
    return {"user": member.user.email, "role": member.role, "party": member.party_id}


def member_role_check(case: Case, role: str, party: Party | None) -> None:
    """A role the case knows; a party for a delegate and only for a delegate."""
    if role not in Role.values:
        raise ValidationError({"role": f"Role must be one of {', '.join(Role.values)}."})
    if role == Role.DELEGATE and party is None:
        raise ValidationError({"party": "A party delegate must be bound to a party."})
    if role != Role.DELEGATE and party is not None:
        raise ValidationError({"party": "Only party delegates are bound to a party."})
    if party is not None and party.case_id != case.pk:
        raise ValidationError({"party": "That party belongs to another case."})


def _check_keeps_a_lead(member: Membership, new_role: str | None) -> None:
    if member.role == Role.LEAD and new_role != Role.LEAD:
        leads = Membership.objects.filter(case_id=member.case_id, role=Role.LEAD).count()
        if leads <= 1:
            raise ValidationError(
                {"role": "A case needs a lead mediator: make someone else lead first."}
            )


@transaction.atomic
def member_change_role(
    *, actor: Any, member: Membership, role: str, party: Party | None = None
) -> Membership:
    member_role_check(member.case, role, party)
    _check_keeps_a_lead(member, role)
    before = _member_snapshot(member)
    member.role = role
    member.party = party
    member.save(update_fields=["role", "party"])
    audit_record(
        actor=actor,
        action=actions.MEMBER_CHANGE_ROLE,
        obj=member,
        case_id=member.case_id,
        before=before,
        after=_member_snapshot(member),
        summary=f"{member.user.email} is now {member.get_role_display()}",
    )
    return member


@transaction.atomic
def member_remove(*, actor: Any, member: Membership) -> None:
    _check_keeps_a_lead(member, None)
    before = _member_snapshot(member)
    audit_record(
        actor=actor,
        action=actions.MEMBER_REMOVE,
        obj=member,
        case_id=member.case_id,
        before=before,
        summary=f"Removed {member.user.email}",
    )
    member.delete()


def _team_user_ids(case: Case) -> set[int]:
    return set(
        Membership.objects.filter(
            case=case, role__in=[Role.LEAD, Role.MEMBER, Role.OBSERVER]
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def task_update(
    *,
    actor: Any,
    progress: TaskProgress,
    status: str,
    owner: Any = None,
    due_on: datetime.date | None = None,
    na_reason: str = "",
) -> TaskProgress:
    """Change a task's status, owner, due date; 'not applicable' needs a reason."""
    errors: dict[str, str] = {}
    na_reason = na_reason.strip()
    if status not in TaskStatus.values:
        errors["status"] = f"Status must be one of {', '.join(TaskStatus.values)}."
    if status == TaskStatus.NOT_APPLICABLE and not na_reason:
        errors["na_reason"] = "Say why this task does not apply to the case."
    if status != TaskStatus.NOT_APPLICABLE:
        na_reason = ""
    if owner is not None and owner.pk not in _team_user_ids(progress.case):
        errors["owner"] = "The owner must be on the mediation team of this case."
    if errors:
        raise ValidationError(errors)
    before = _progress_snapshot(progress)
    progress.status = status
    progress.owner = owner
    progress.due_on = due_on
    progress.na_reason = na_reason
    progress.save()
    after = _progress_snapshot(progress)
    if before != after:
        audit_record(
            actor=actor,
            action=actions.TASK_UPDATE,
            obj=progress,
            case_id=progress.case_id,
            before=before,
            after=after,
            summary=f"Task {progress.task_key}: {progress.get_status_display()}",
        )
    return progress


def _progress_snapshot(progress: TaskProgress) -> dict[str, Any]:
    values = snapshot(progress, PROGRESS_FIELDS)
    values["owner"] = progress.owner.email if progress.owner else None
    return values


def _check_note(
    case: Case, task_key: str, body: str, visibility: str, visibility_party: Party | None
) -> None:
    errors: dict[str, str] = {}
    if task_key not in get_methodology().tasks:
        errors["task_key"] = f"There is no methodology task {task_key!r}."
    if not body.strip():
        errors["body"] = "The note is empty."
    elif len(body) > 20000:
        errors["body"] = "A note holds at most 20,000 characters."
    if visibility not in Visibility.values:
        errors["visibility"] = f"Visibility must be one of {', '.join(Visibility.values)}."
    elif visibility == Visibility.PARTY and visibility_party is None:
        errors["visibility"] = "Choose the party this note is shared with."
    elif visibility != Visibility.PARTY and visibility_party is not None:
        errors["visibility"] = "Only a note shared with one party names a party."
    if visibility_party is not None and visibility_party.case_id != case.pk:
        errors["visibility"] = "That party belongs to another case."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def note_add(
    *,
    actor: Any,
    case: Case,
    task_key: str,
    body: str,
    visibility: str = Visibility.TEAM,
    visibility_party: Party | None = None,
    created_at: datetime.datetime | None = None,
    author: Any = None,
) -> TaskNote:
    """Add a note to a task. `author` defaults to the actor (imports keep the original one)."""
    _check_note(case, task_key, body, visibility, visibility_party)
    note = TaskNote.objects.create(
        case=case,
        task_key=task_key,
        body=body.strip(),
        visibility=visibility,
        visibility_party=visibility_party,
        author=author or actor,
        created_at=created_at or timezone.now(),
    )
    audit_record(
        actor=actor,
        action=actions.NOTE_ADD,
        obj=note,
        case_id=case.pk,
        after=snapshot(note, NOTE_FIELDS),
        summary=f"Note on task {task_key}",
    )
    return note


@transaction.atomic
def note_update(
    *,
    actor: Any,
    note: TaskNote,
    body: str,
    visibility: str,
    visibility_party: Party | None = None,
) -> TaskNote:
    _check_note(note.case, note.task_key, body, visibility, visibility_party)
    before = snapshot(note, NOTE_FIELDS)
    note.body = body.strip()
    note.visibility = visibility
    note.visibility_party = visibility_party
    note.save()
    audit_record(
        actor=actor,
        action=actions.NOTE_UPDATE,
        obj=note,
        case_id=note.case_id,
        before=before,
        after=snapshot(note, NOTE_FIELDS),
        summary=f"Edited note on task {note.task_key}",
    )
    return note


@transaction.atomic
def note_delete(*, actor: Any, note: TaskNote) -> None:
    audit_record(
        actor=actor,
        action=actions.NOTE_DELETE,
        obj=note,
        case_id=note.case_id,
        before=snapshot(note, NOTE_FIELDS),
        summary=f"Deleted note on {note.task_key}",
    )
    note.delete()


@transaction.atomic
def case_delete(*, actor: Any, case: Case) -> None:
    """Remove a case and everything on it. The audit trail keeps the record of it."""
    audit_record(
        actor=actor,
        action=actions.CASE_DELETE,
        obj=case,
        case_id=case.pk,
        before=snapshot(case, CASE_FIELDS),
        summary=f"Deleted case {case.title}",
    )
    CaseVisit.objects.filter(case=case).delete()  # not records: no audit event each
    # Records shared with one party point at it with RESTRICT: they go with the case.
    case.delete()
