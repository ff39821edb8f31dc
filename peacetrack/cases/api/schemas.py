"""The cases API's request and response bodies, and how records become them."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema

from peacetrack.api.etags import etag_of
from peacetrack.cases import services
from peacetrack.cases.access import (
    CaseAccess,
)
from peacetrack.cases.models import (
    Case,
    CaseStatus,
    CaseType,
    CheckpointTick,
    Membership,
    Party,
    PartyKind,
    Role,
    TaskNote,
    TaskProgress,
    TaskStatus,
)
from peacetrack.cases.people import People
from peacetrack.cases.visibility import (
    mandate_summary_for,
    may_read,
    party_description_for,
)
from peacetrack.methodology.loader import get_methodology

#: A visibility code as services take it: team, parties, track2, public or party:<short name>.
VISIBILITY = r"^(team|parties|track2|public|party:[^\x00]{1,30})$"
VISIBILITY_HELP = "team, parties, track2, public or party:<short name of a party of the case>"


def omissible(**constraints: Any) -> Any:
    """A field of a patch: left out, it keeps its value; sent, it must be a value (null is
    refused by the schema, not by the database)."""
    return Field(None, **constraints)


class CaseIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    conflict: str = Field(min_length=1, max_length=200)
    region: str = Field("", max_length=200)
    case_type: CaseType = CaseType.INTRASTATE
    mandate_summary: str = Field("", max_length=5000)
    mandate_visibility: str = Field(
        "team", pattern=VISIBILITY, description=f"Who reads the mandate summary: {VISIBILITY_HELP}"
    )
    sponsor: str = Field("", max_length=200)
    status: CaseStatus = CaseStatus.EXPLORING
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None


class CasePatch(Schema):
    """Only the fields sent change; text fields take a string (null is refused), dates take
    null to clear them."""

    title: str = omissible(min_length=1, max_length=200)
    conflict: str = omissible(min_length=1, max_length=200)
    region: str = omissible(max_length=200)
    case_type: CaseType = omissible()
    mandate_summary: str = omissible(max_length=5000)
    mandate_visibility: str = omissible(pattern=VISIBILITY, description=VISIBILITY_HELP)
    sponsor: str = omissible(max_length=200)
    status: CaseStatus = omissible()
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None


class CaseOut(Schema):
    id: str = Field(description="The case's public id (as in its URLs).")
    title: str
    conflict: str
    region: str
    case_type: str
    mandate_summary: str = Field(description="Empty if you may not read it.")
    mandate_visibility: str | None = Field(
        None, description="Who reads the mandate summary; null if you may not read it."
    )
    sponsor: str
    status: str
    started_on: datetime.date | None
    ended_on: datetime.date | None
    role: str
    progress_percent: int | None = Field(
        None, description="Share of applicable tasks done; only for the mediation team."
    )


class PartyIn(Schema):
    short_name: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=200)
    kind: PartyKind = PartyKind.OTHER
    description: str = Field("", max_length=2000)
    description_visibility: str = Field(
        "team", pattern=VISIBILITY, description=f"Who reads the description: {VISIBILITY_HELP}"
    )


class PartyPatch(Schema):
    short_name: str = omissible(min_length=1, max_length=30)
    name: str = omissible(min_length=1, max_length=200)
    kind: PartyKind = omissible()
    description: str = omissible(max_length=2000)
    description_visibility: str = omissible(pattern=VISIBILITY, description=VISIBILITY_HELP)


class PartyOut(Schema):
    id: str = Field(description="The party's public id.")
    short_name: str
    name: str
    kind: str
    description: str = Field(description="Empty if you may not read it.")
    description_visibility: str | None = Field(
        None, description="Who reads the description; null if you may not read it."
    )
    etag: str = Field(description="Send it in If-Match to change the party.")


class MemberPatch(Schema):
    role: Role
    party_id: str | None = Field(None, description="A party's public id (delegates only).")


class MemberOut(Schema):
    id: str = Field(description="The membership's public id.")
    email: str
    name: str
    role: str
    party_id: str | None = Field(description="The delegate's party (its public id).")
    etag: str = Field(description="Send it in If-Match to change or remove the membership.")


class CheckpointOut(Schema):
    index: int = Field(description="Its place in the task's list of check-points, from 0.")
    text: str
    ticked: bool
    ticked_by: str | None = Field(
        description="E-mail of whoever ticked it (or the name an imported case file gave)."
    )
    ticked_at: datetime.datetime | None


class TaskOut(Schema):
    key: str
    status: str
    owner: str | None
    due_on: datetime.date | None
    na_reason: str
    checkpoints: list[CheckpointOut]


class TaskPatch(Schema):
    status: TaskStatus = omissible()
    owner: str | None = Field(
        None, max_length=254, description="E-mail of a team member, or null to clear."
    )
    due_on: datetime.date | None = None
    na_reason: str = omissible(max_length=500)


class NoteIn(Schema):
    task: str = Field(max_length=10, description="A task key of the methodology, e.g. 1.1.1.")
    body: str = Field(min_length=1, max_length=20000)
    visibility: str = Field("team", pattern=VISIBILITY, description=VISIBILITY_HELP)


class NoteOut(Schema):
    id: str = Field(description="The note's public id.")
    task: str
    author: str | None = Field(
        None, description="The author's e-mail, or null if you may not see who wrote it."
    )
    author_name: str = Field(
        description='The author\'s name, or "the mediation team" if you may not see them.'
    )
    visibility: str
    body: str
    created_at: datetime.datetime


def case_out(access: CaseAccess, percent: int | None) -> dict[str, Any]:
    case = access.case
    mandate = mandate_summary_for(access.membership, case)
    readable = may_read(
        access.membership, case.mandate_visibility, case.mandate_visibility_party_id
    )
    return {
        **{f: getattr(case, f) for f in services.CASE_FIELDS if not f.startswith("mandate_")},
        "mandate_summary": mandate,
        "mandate_visibility": case.mandate_visibility_code if readable else None,
        "id": case.public_id,
        "role": access.membership.role,
        "progress_percent": percent if access.membership.is_team else None,
    }


def member_out(member: Membership) -> dict[str, Any]:
    return {
        "id": member.public_id,
        "email": member.user.email,
        "name": f"{member.user.first_name} {member.user.last_name}".strip(),
        "role": member.role,
        "party_id": member.party.public_id if member.party else None,
        "etag": etag_of(member),
    }


def checkpoint_out(index: int, text: str, tick: CheckpointTick | None) -> dict[str, Any]:
    return {
        "index": index,
        "text": text,
        "ticked": tick is not None,
        "ticked_by": None
        if tick is None
        else (tick.ticked_by.email if tick.ticked_by else (tick.stated_ticked_by or None)),
        "ticked_at": tick.ticked_at if tick is not None else None,
    }


def task_out(progress: TaskProgress, ticks: dict[int, CheckpointTick]) -> dict[str, Any]:
    """`ticks`: the task's ticked check-points on this case, by index."""
    texts = get_methodology().task(progress.task_key).checkpoints
    return {
        "key": progress.task_key,
        "status": progress.status,
        "owner": progress.owner.email if progress.owner else None,
        "due_on": progress.due_on,
        "na_reason": progress.na_reason,
        "checkpoints": [
            checkpoint_out(index, text, ticks.get(index)) for index, text in enumerate(texts)
        ],
    }


def party_out(membership: Membership, party: Party) -> dict[str, Any]:
    readable = may_read(
        membership, party.description_visibility, party.description_visibility_party_id
    )
    return {
        "id": party.public_id,
        "short_name": party.short_name,
        "name": party.name,
        "kind": party.kind,
        "description": party_description_for(membership, party),
        "description_visibility": party.description_visibility_code if readable else None,
        "etag": etag_of(party),
    }


def note_out(note: TaskNote, people: People) -> dict[str, Any]:
    return {
        "id": note.public_id,
        "task": note.task_key,
        "author": people.email(note.author),
        "author_name": people.label(note.author),
        "visibility": note.visibility_code,
        "body": note.body,
        "created_at": note.created_at,
    }


def payload_party(case: Case, party_id: str | None) -> Party | None:
    """A party of `case` named in a payload by its public id, or a clear error."""
    if party_id is None:
        return None
    party = Party.objects.filter(case=case, public_id=party_id).first()
    if party is None:
        raise ValidationError({"party_id": _("No party with that id on this case.")})
    return party
