"""Who may see or change what on a case: one function per object type.

Each returns the object or raises Http404, so a user who may not see an object cannot tell it
from one that does not exist. Every page, API route and export goes through these. Objects are
named by their public id (cases/public_ids.py), never by their integer key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Q, QuerySet
from django.http import Http404

from peacetrack.accounts.types import Visitor
from peacetrack.cases.models import (
    Case,
    Membership,
    Party,
    Role,
    TaskNote,
    TaskProgress,
    VisibleRecord,
)
from peacetrack.cases.visibility import visible_to
from peacetrack.methodology.loader import get_methodology

# Whoever sent the request (accounts/types.py); the name other modules import.
User = Visitor
R = TypeVar("R", bound=VisibleRecord)


@dataclass(frozen=True)
class CaseAccess:
    case: Case
    membership: Membership


def case_get_for_user(
    user: User,
    case_id: str,
    *,
    write: bool = False,
    manage: bool = False,
    team: bool = False,
) -> CaseAccess:
    """The case (named by its public id) and the user's membership of it.

    write: the user edits case records (lead mediator or team member).
    manage: the user manages the case itself: members, audit trail (lead mediator only).
    team: the user is on the mediation team (lead, member, observer) — e.g. task progress.
    """
    if not user.is_authenticated:
        raise Http404
    try:
        membership = Membership.objects.select_related("case", "party").get(
            case__public_id=case_id, user_id=user.pk
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    if manage and not membership.is_lead:
        raise Http404
    if write and not membership.can_write:
        raise Http404
    if team and not membership.is_team:
        raise Http404
    return CaseAccess(case=membership.case, membership=membership)


def task_progress_get_for_user(
    user: User, case_id: str, task_key: str, *, write: bool = False
) -> tuple[CaseAccess, TaskProgress]:
    """Task progress is the team's working state: team roles only; writers to change it."""
    access = case_get_for_user(user, case_id, write=write, team=True)
    if task_key not in get_methodology().tasks:
        raise Http404
    progress = TaskProgress.objects.select_related("owner").get(case=access.case, task_key=task_key)
    return access, progress


def task_get_for_user(user: User, case_id: str, task_key: str) -> CaseAccess:
    """Any member may open a task page (guidance and what is shared with them)."""
    access = case_get_for_user(user, case_id)
    if task_key not in get_methodology().tasks:
        raise Http404
    return access


def note_get_for_user(
    user: User, case_id: str, note_id: str, *, write: bool = False
) -> tuple[CaseAccess, TaskNote]:
    """A note the user may read; with write, one they may also change (its author or the lead)."""
    access = case_get_for_user(user, case_id, write=write)
    try:
        note = visible_to(
            TaskNote.objects.select_related("visibility_party", "author"), access.membership
        ).get(public_id=note_id)
    except TaskNote.DoesNotExist:
        raise Http404 from None
    if write and not access.membership.is_lead and note.author_id != user.pk:
        raise Http404
    return access, note


def party_get_for_user(
    user: User, case_id: str, party_id: str, *, write: bool = False
) -> tuple[CaseAccess, Party]:
    access = case_get_for_user(user, case_id, write=write)
    try:
        party = Party.objects.get(case=access.case, public_id=party_id)
    except Party.DoesNotExist:
        raise Http404 from None
    return access, party


def membership_get_for_user(
    user: User, case_id: str, membership_id: str
) -> tuple[CaseAccess, Membership]:
    """Changing someone's membership is the lead mediator's job."""
    access = case_get_for_user(user, case_id, manage=True)
    try:
        member = Membership.objects.select_related("user", "party").get(
            case=access.case, public_id=membership_id
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    return access, member


def members_visible_query(membership: Membership) -> QuerySet[Membership]:
    """The team sees everyone; a delegate sees the mediators and their own delegation;
    a Track-II partner sees the mediators and themselves. Negotiators' identities are
    sensitive: one party's delegation is never shown to another party. The one rule for
    showing people: the members list and every author or actor name (cases/people.py)."""
    queryset = Membership.objects.filter(case_id=membership.case_id)
    if not membership.is_team:
        rule = Q(role__in=[Role.LEAD, Role.MEMBER]) | Q(pk=membership.pk)
        if membership.role == Role.DELEGATE:
            rule |= Q(role=Role.DELEGATE, party_id=membership.party_id)
        queryset = queryset.filter(rule)
    return queryset


def members_visible_to(membership: Membership) -> list[Membership]:
    return list(members_visible_query(membership).select_related("user", "party"))


def records_visible(
    model: type[R],
    membership: Membership,
    *,
    through: tuple[str, ...] = (),
    related: tuple[str, ...] = (),
) -> QuerySet[R]:
    """The records of `model` on the membership's case that it may read: the one rule every
    capability's lists, pages, search, exports and API use. `through` names foreign keys to
    other visible records (a record pointing at one the reader may not see stays hidden);
    `related` is loaded along (the case always is: every record's URL carries its public id)."""
    queryset = model._default_manager.select_related("case", "visibility_party", *related)
    return visible_to(queryset, membership, through=through)


def record_get_for_user(
    user: User,
    case_id: str,
    model: type[R],
    record_id: str,
    *,
    write: bool = False,
    through: tuple[str, ...] = (),
    related: tuple[str, ...] = (),
) -> tuple[CaseAccess, R]:
    """A record the user may read (with write: and change, as a lead mediator or team member);
    the same 404 for one that is missing, on another case, or not shared with the user."""
    access = case_get_for_user(user, case_id, write=write)
    try:
        record = records_visible(model, access.membership, through=through, related=related).get(
            public_id=record_id
        )
    except model.DoesNotExist:
        raise Http404 from None
    return access, record
