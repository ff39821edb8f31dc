"""The profile questions Step 1.2 asks about each kind of actor.

An actor's `profile` holds answers keyed by these field keys, each an object: the text and
where it came from (source, date of the information, confidence, alleged by). The allowed keys
depend on its kind (and, for potential spoilers, the spoiler questions). Choice fields list
their allowed values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peacetrack.analysis.models.actors import ActorKind
from peacetrack.cases.records import Confidence

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class ProfileField:
    key: str
    label: StrOrPromise
    help: StrOrPromise = ""
    choices: tuple[tuple[str, StrOrPromise], ...] = ()


GROUP = (
    ProfileField("self_definition", _("How it defines itself")),
    ProfileField(
        "constituency",
        _("Who it speaks for"),
        _("Which community, and what share of the population."),
    ),
    ProfileField(
        "constituency_link", _("Tie to its constituency"), _("How strong and how real the link is.")
    ),
    ProfileField(
        "structure", _("Chain of command"), _("Hierarchy, and whether it is stable and effective.")
    ),
    ProfileField(
        "decision_making",
        _("How decisions are made"),
        _("Who takes part; how concentrated power is."),
    ),
    ProfileField("cohesion", _("Cohesion and factions"), _("Existing or possible splits.")),
    ProfileField(
        "capacity", _("Capacity to negotiate and deliver"), _("Skills, resources, discipline.")
    ),
)
LEADER = (
    ProfileField(
        "authority_basis",
        _("Basis of authority"),
        choices=(
            ("military", _("Military prowess")),
            ("political", _("Political skill")),
            ("popular", _("Popular following")),
            ("post_conflict", _("Prospect of leading after the war")),
            ("religious", _("Religious standing")),
            ("other", _("Other")),
        ),
    ),
    ProfileField("accountability", _("Accountable to whom, and how")),
    ProfileField("insulation", _("Insulation from the conflict's costs")),
    ProfileField("succession", _("What a change of leader would mean")),
    ProfileField(
        "independence", _("Independence from the top leadership"), _("For mid-level leaders.")
    ),
    ProfileField(
        "networks", _("Social networks"), _("Business, professions, churches, academia, arts.")
    ),
)
CIVIL_SOCIETY = (
    ProfileField("focus", _("What it works on")),
    ProfileField("reach", _("Reach and membership")),
    ProfileField("stance", _("Relationship to the parties")),
    ProfileField("capacity", _("Capacity and credibility")),
)
POPULACE = (
    ProfileField("security", _("Security situation")),
    ProfileField("living_conditions", _("Living conditions")),
    ProfileField(
        "displacement", _("Refugees and displaced people"), _("Numbers, where, conditions.")
    ),
    ProfileField("grievances", _("Grievances and demands")),
)
OUTSIDE_POWER = (
    ProfileField("interest", _("Interest in the conflict")),
    ProfileField("leverage", _("Leverage it brings")),
    ProfileField(
        "guarantor",
        _("Possible guarantor of an agreement"),
        choices=(
            ("yes", _("Yes")),
            ("maybe", _("Maybe")),
            ("no", _("No")),
            ("unknown", _("Unknown")),
        ),
    ),
    ProfileField("ally_of", _("Ally of")),
    ProfileField("adversary_of", _("Adversary of")),
)
DIASPORA = (
    ProfileField("size", _("Size")),
    ProfileField("concentration", _("Where it is concentrated")),
    ProfileField("ties", _("Ties to the homeland and the parties")),
    ProfileField("sends", _("What it sends"), _("Money, arms, political support, ideas.")),
)
INGO = (
    ProfileField("presence", _("How long it has been present")),
    ProfileField("local_ties", _("Local ties")),
    ProfileField(
        "trust",
        _("Trusted by"),
        choices=(
            ("both", _("Both sides")),
            ("one", _("One side")),
            ("neither", _("Neither side")),
            ("unknown", _("Unknown")),
        ),
    ),
)
MEDIA = (
    ProfileField("controlled_by", _("Who controls it")),
    ProfileField("role", _("Role in the conflict")),
    ProfileField("coverage", _("Quality of its coverage")),
)
SPOILER = (
    ProfileField("spoiler_interests", _("Why it might wreck a settlement")),
    ProfileField("spoiler_support", _("Support it could command")),
    ProfileField("resource_channels", _("Channels for resources to keep fighting")),
)

BY_KIND: dict[str, tuple[ProfileField, ...]] = {
    ActorKind.CONFLICT_PARTY: GROUP,
    ActorKind.POLITICAL_WING: GROUP,
    ActorKind.MILITARY_WING: GROUP,
    ActorKind.FACTION: GROUP,
    ActorKind.TOP_LEADER: LEADER,
    ActorKind.MID_LEADER: LEADER,
    ActorKind.CIVIL_SOCIETY: CIVIL_SOCIETY,
    ActorKind.POPULACE_GROUP: POPULACE,
    ActorKind.STATE: OUTSIDE_POWER,
    ActorKind.INTERNATIONAL_ORG: OUTSIDE_POWER,
    ActorKind.DIASPORA: DIASPORA,
    ActorKind.INGO: INGO,
    ActorKind.MEDIA: MEDIA,
    ActorKind.OTHER: (ProfileField("notes", "Notes"),),
}

MAX_ANSWER = 2000


def profile_fields(kind: str, *, spoiler: bool) -> tuple[ProfileField, ...]:
    return BY_KIND.get(kind, ()) + (SPOILER if spoiler else ())


PROVENANCE_KEYS = ("source_note", "information_date", "confidence", "alleged_by")
PROVENANCE_LENGTHS = {"source_note": 500, "alleged_by": 200}


def answer_text(answer: object) -> str:
    """The text of a stored answer (an object; a plain string in older audit records)."""
    if isinstance(answer, dict):
        return str(answer.get("text", ""))
    return "" if answer is None else str(answer)


def _answer_provenance(key: str, answer: dict[str, object]) -> dict[str, str]:
    """The answer's provenance values, checked; empty ones left out. Raises ValueError."""
    found: dict[str, str] = {}
    for name in PROVENANCE_KEYS:
        value = answer.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, datetime.date) and name == "information_date":
            value = value.isoformat()
        if not isinstance(value, str):
            raise ValueError(
                gettext("The answer to '%(key)s': '%(name)s' must be text.")
                % {"key": key, "name": name}
            )
        value = value.strip()
        if name in PROVENANCE_LENGTHS and len(value) > PROVENANCE_LENGTHS[name]:
            raise ValueError(
                gettext("The answer to '%(key)s': '%(name)s' is over %(max)d characters.")
                % {"key": key, "name": name, "max": PROVENANCE_LENGTHS[name]}
            )
        if name == "confidence" and value not in Confidence.values:
            raise ValueError(
                gettext("The answer to '%(key)s': the confidence must be one of %(keys)s.")
                % {"key": key, "keys": ", ".join(Confidence.values)}
            )
        if name == "information_date":
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                raise ValueError(
                    gettext("The answer to '%(key)s': %(value)r is not a date (YYYY-MM-DD).")
                    % {"key": key, "value": value}
                ) from None
            if day > timezone.localdate():
                raise ValueError(
                    gettext(
                        "The answer to '%(key)s': the date of the information cannot be in "
                        "the future."
                    )
                    % {"key": key}
                )
            value = day.isoformat()
        if value:
            found[name] = value
    return found


def clean_profile(kind: str, spoiler: bool, profile: object) -> dict[str, dict[str, str]]:
    """Validate answers for this kind; return them without empty ones, each as an object
    {"text": ..., and where it came from: "source_note", "information_date", "confidence",
    "alleged_by"}. A plain string is shorthand for {"text": ...}. Raises ValueError."""
    if not isinstance(profile, dict):
        raise ValueError(gettext("The profile must be an object of answers."))
    fields = {f.key: f for f in profile_fields(kind, spoiler=spoiler)}
    cleaned: dict[str, dict[str, str]] = {}
    for key, value in profile.items():
        if key not in fields:
            allowed = ", ".join(fields) or gettext("none")
            raise ValueError(
                gettext(
                    "'%(key)s' is not a profile question for this kind of actor "
                    "(allowed: %(allowed)s)."
                )
                % {"key": key, "allowed": allowed}
            )
        if hasattr(value, "model_dump"):  # an answer already made (ProfileAnswer)
            value = value.model_dump(mode="json")
        answer: dict[str, object] = {"text": value} if isinstance(value, str) else {}
        if isinstance(value, dict):
            unknown = set(value) - {"text", *PROVENANCE_KEYS}
            if unknown:
                raise ValueError(
                    gettext(
                        "The answer to '%(key)s' holds %(names)s; an answer holds text, "
                        "source_note, information_date, confidence and alleged_by."
                    )
                    % {"key": key, "names": ", ".join(sorted(map(str, unknown)))}
                )
            answer = value
        elif value is not None and not isinstance(value, str):
            raise ValueError(gettext("The answer to '%(key)s' must be text.") % {"key": key})
        text = answer.get("text")
        if text in (None, ""):
            continue
        if not isinstance(text, str):
            raise ValueError(gettext("The answer to '%(key)s' must be text.") % {"key": key})
        if len(text) > MAX_ANSWER:
            raise ValueError(
                gettext("The answer to '%(key)s' is over %(max)d characters.")
                % {"key": key, "max": MAX_ANSWER}
            )
        choices = fields[key].choices
        if choices and text not in dict(choices):
            raise ValueError(
                gettext("'%(value)s' is not an allowed answer to '%(key)s' (use %(keys)s).")
                % {"value": text, "key": key, "keys": ", ".join(dict(choices))}
            )
        if not text.strip():
            continue
        cleaned[key] = {"text": text.strip(), **_answer_provenance(key, answer)}
    return cleaned
