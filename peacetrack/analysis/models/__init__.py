"""Step 1 records. Every one is case-scoped, carries a visibility and serves a methodology task."""

from peacetrack.analysis.models.actors import NEGATIVE_TIE_KINDS, Actor, ActorKind, Tie, TieKind
from peacetrack.analysis.models.context import (
    Institution,
    IntractabilityAssessment,
)
from peacetrack.analysis.models.history import HistoryEvent, MediationAttempt
from peacetrack.analysis.models.issues import Beneficiary, ContestedIssue, Position
from peacetrack.analysis.models.lineage import ActorChange, ChangeKind
from peacetrack.analysis.models.lists import ExtensibleList, ListItem
from peacetrack.analysis.models.power import LeverageSource, Resource, StrengthAssessment

__all__ = [
    "NEGATIVE_TIE_KINDS",
    "Actor",
    "ActorChange",
    "ActorKind",
    "Beneficiary",
    "ChangeKind",
    "ContestedIssue",
    "ExtensibleList",
    "HistoryEvent",
    "Institution",
    "IntractabilityAssessment",
    "LeverageSource",
    "ListItem",
    "MediationAttempt",
    "Position",
    "Resource",
    "StrengthAssessment",
    "Tie",
    "TieKind",
]
