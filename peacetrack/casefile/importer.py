"""Reading a case file into a new case: all or nothing for the importing user, never a long
lock for anyone else.

1. Read and check the whole file outside any transaction (reading.py: size, depth, items per
   list, JSON, schema version and upgrade, JSON Schema), then every rule the services apply,
   building every record unsaved. All problems found (up to CASEFILE_MAX_PROBLEMS) are
   reported together, each with its place in the file.
2. Write in short transactions (bulk inserts of CASEFILE_WRITE_CHUNK rows) into a case marked
   `importing`, which no page, list, search or API shows (cases.models.CaseManager).
3. In one last short transaction: the members, one audit event for the whole import (by the
   importing user, with what it created), and the case becomes visible. If anything fails on
   the way, the half-written case is removed.

Authors and owners named in the file are kept as text (`stated_author`, `stated_owner`), the
record's stated origin. The import creates and attaches no account: the importing user is the
lead, the file's other members become invitations (peacetrack/invitations), and what they are
stated to have written or to own becomes theirs when they accept.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peacetrack.accounts.emails import email_normalize
from peacetrack.accounts.services import profile_of
from peacetrack.accounts.types import Person
from peacetrack.audit.services import audit_record
from peacetrack.casefile.actions import CASE_IMPORT
from peacetrack.casefile.checking import prepare, share_with_one_party
from peacetrack.casefile.errors import CaseAlreadyHere, CaseFileError
from peacetrack.casefile.reading import read
from peacetrack.casefile.sections import WRITING_STARTS, ImportContext, Progress, sections
from peacetrack.cases.models import (
    Case,
    Membership,
    Party,
    Role,
    new_case_uid,
)
from peacetrack.invitations.services import invitation_create, stated_origin_link

logger = logging.getLogger(__name__)


def case_import(
    raw: bytes,
    *,
    actor: Person,
    as_copy: bool = False,
    date_shift: datetime.timedelta | None = None,
    progress: Progress | None = None,
) -> Case:
    """Create a new case from a case file, or raise CaseFileError listing what is wrong.

    The importing user (a case organiser) becomes the case's lead mediator. An import never
    creates or attaches accounts: the file's other members become invitations the lead may
    send, and authors and owners named in the file are kept as text until they join.

    as_copy: the file's case is already here and `actor` is a member of it: import it anyway
    as a copy, with its own identifier and a title saying so.
    date_shift moves every date and time (used by the demo so that it always looks current).
    progress, if given, is called with the percent done and what the import is doing (a
    background job shows it); at 100 the case is there.
    """
    if not profile_of(actor).is_organiser:
        raise CaseFileError(_("only case organisers may import a case file"))
    if progress is not None:
        progress(0, _("Reading the file"))
    data = read(raw)
    if progress is not None:
        progress(5, _("Checking every record"))
    context = ImportContext(
        case=Case(), parties={}, shift=date_shift or datetime.timedelta(0), progress=progress
    )
    plan = prepare(data, context)
    _identify(context.case, data["case"].get("uid"), actor=actor, as_copy=as_copy)
    context.to_write = max(_rows(plan), 1)
    context.report(WRITING_STARTS)
    case = _write(data, plan, context, actor=actor)
    if progress is not None:
        progress(100, _("The case is imported"))
    return case


def _rows(plan: Any) -> int:
    """How many records a plan writes (its lists of records, however nested)."""
    if isinstance(plan, dict):
        return sum(_rows(value) for value in plan.values())
    return len(plan) if isinstance(plan, list) else 0


def already_here_check(data: dict[str, Any], *, actor: Person, as_copy: bool) -> None:
    """Raise CaseAlreadyHere now, before a background import is started, if the file's case
    is here and `actor` is a member of it (a cheap query; the import checks again)."""
    info = data["case"]
    _identify(Case(title=info["title"].strip()), info.get("uid"), actor=actor, as_copy=as_copy)


def _identify(case: Case, uid: str | None, *, actor: Person, as_copy: bool) -> None:
    """Keep the file's identifier unless the case is already here. Only a member of that
    case learns that it is (and may import a copy); anyone else gets a plain new case."""
    existing = Case.all_cases.filter(uid=uid).first() if uid else None
    if existing is None:
        case.uid = uid or new_case_uid()
        return
    case.uid = new_case_uid()
    if not Membership.objects.filter(case=existing, user_id=actor.pk).exists():
        return
    copy_title = _copy_title(case.title)
    if not as_copy:
        raise CaseAlreadyHere(title=existing.title, copy_title=copy_title)
    case.title = copy_title


def _copy_title(title: str) -> str:
    suffix = _(" (copy %(date)s)") % {"date": timezone.localdate().isoformat()}
    return title[: 200 - len(suffix)] + suffix


# --- 2. writing: short transactions into an invisible case --------------------------------


def _write(
    data: dict[str, Any], plan: dict[str, Any], context: ImportContext, *, actor: Person
) -> Case:
    remove_abandoned_imports()
    case = context.case
    try:
        with transaction.atomic():
            case.save()
        context.write("parties", plan["parties"])
        with transaction.atomic():
            share_with_one_party(data, case, context.parties)
        context.write("task progress", plan["progress"])
        context.write("ticked check-points", plan["checkpoints"])
        context.write("notes", plan["notes"])
        for section in sections():
            if section.key in plan:
                section.load(plan[section.key], context)
        with transaction.atomic():
            _import_members(
                case=case, actor=actor, members=data["members"], parties=context.parties
            )
            audit_record(
                actor=actor,
                action=CASE_IMPORT,
                obj=case,
                case_id=case.pk,
                # What it created: how many of each, and which (ranges of primary keys,
                # [first, last], by the same labels): one event, however large the file.
                after={
                    "uid": case.uid,
                    "created": dict(sorted(context.counts.items())),
                    "created_ids": dict(sorted(context.ids.items())),
                },
                summary=_("Imported case %(title)s from a case file") % {"title": case.title},
            )
            Case.all_cases.filter(pk=case.pk).update(importing=False)
    except BaseException as exc:
        _discard(case)
        if isinstance(exc, ValidationError):
            raise CaseFileError(
                _("the file was refused: %(reason)s") % {"reason": "; ".join(exc.messages)}
            ) from None
        raise
    case.refresh_from_db()
    return case


def _discard(case: Case) -> None:
    """Remove a half-written import. If even that fails, the case stays invisible and the
    next import removes it (remove_abandoned_imports)."""
    if case.pk is None:
        return
    try:
        with transaction.atomic():
            Case.all_cases.filter(pk=case.pk, importing=True).delete()
    except Exception:  # the original failure is what the caller must see
        logger.exception("could not remove the unfinished import of case %s", case.pk)


def remove_abandoned_imports() -> None:
    """Cases left importing by a process that died mid-import (older than a day)."""
    cutoff = timezone.now() - datetime.timedelta(hours=settings.CASEFILE_ABANDONED_HOURS)
    for case in Case.all_cases.filter(importing=True, created_at__lt=cutoff):
        with transaction.atomic():
            case.delete()


def _import_members(
    *, case: Case, actor: Person, members: list[dict[str, Any]], parties: dict[str, Party]
) -> None:
    """The importing user is the lead; every other member of the file becomes a pending,
    unsent invitation (an import never creates or attaches accounts). What the file says the
    importing user wrote or owns is theirs at once; the others' when they accept."""
    Membership.all_memberships.create(case=case, user=actor, role=Role.LEAD)
    importer_email = email_normalize(actor.email)
    for member in members:
        if email_normalize(member["email"]) == importer_email:
            continue
        invitation_create(
            inviter=actor,
            case=case,
            email=member["email"],
            role=Role(member["role"]),
            party=parties[member["party"]] if member.get("party") else None,
            name=member.get("name", ""),
            send=False,
        )
    stated_origin_link(case=case, user=actor, team=True)
