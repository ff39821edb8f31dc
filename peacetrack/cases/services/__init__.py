"""Every write to a case goes through these functions: one transaction, one audit event each.

Views, the API, the CLI and the case-file import call them; none of them calls .save().
One module per topic; this package names them all, so callers write `services.party_create`.
"""

from peacetrack.cases.services.cases import (
    CASE_FIELDS,
    case_create,
    case_delete,
    case_update,
    case_values_check,
)
from peacetrack.cases.services.checkpoints import checkpoint_tick, checkpoint_untick
from peacetrack.cases.services.members import member_change_role, member_remove, member_role_check
from peacetrack.cases.services.notes import (
    NOTE_FIELDS,
    note_add,
    note_delete,
    note_update,
    note_values_check,
)
from peacetrack.cases.services.parties import (
    PARTY_FIELDS,
    party_create,
    party_update,
    party_values_check,
)
from peacetrack.cases.services.tasks import PROGRESS_FIELDS, task_update

__all__ = [
    "CASE_FIELDS",
    "NOTE_FIELDS",
    "PARTY_FIELDS",
    "PROGRESS_FIELDS",
    "case_create",
    "case_delete",
    "case_update",
    "case_values_check",
    "checkpoint_tick",
    "checkpoint_untick",
    "member_change_role",
    "member_remove",
    "member_role_check",
    "note_add",
    "note_delete",
    "note_update",
    "note_values_check",
    "party_create",
    "party_update",
    "party_values_check",
    "task_update",
]
