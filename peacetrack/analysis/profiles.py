"""The profile questions Step 1.2 asks about each kind of actor.

An actor's `profile` holds answers keyed by these field keys; the allowed keys depend on its kind
(and, for potential spoilers, the spoiler questions). Choice fields list their allowed values.
"""

from __future__ import annotations

from dataclasses import dataclass

from peacetrack.analysis.models.actors import ActorKind


@dataclass(frozen=True)
class ProfileField:
    key: str
    label: str
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()


GROUP = (
    ProfileField("self_definition", "How it defines itself"),
    ProfileField(
        "constituency", "Who it speaks for", "Which community, and what share of the population."
    ),
    ProfileField(
        "constituency_link", "Tie to its constituency", "How strong and how real the link is."
    ),
    ProfileField(
        "structure", "Chain of command", "Hierarchy, and whether it is stable and effective."
    ),
    ProfileField(
        "decision_making", "How decisions are made", "Who takes part; how concentrated power is."
    ),
    ProfileField("cohesion", "Cohesion and factions", "Existing or possible splits."),
    ProfileField("capacity", "Capacity to negotiate and deliver", "Skills, resources, discipline."),
)
LEADER = (
    ProfileField(
        "authority_basis",
        "Basis of authority",
        choices=(
            ("military", "Military prowess"),
            ("political", "Political skill"),
            ("popular", "Popular following"),
            ("post_conflict", "Prospect of leading after the war"),
            ("religious", "Religious standing"),
            ("other", "Other"),
        ),
    ),
    ProfileField("accountability", "Accountable to whom, and how"),
    ProfileField("insulation", "Insulation from the conflict's costs"),
    ProfileField("succession", "What a change of leader would mean"),
    ProfileField("independence", "Independence from the top leadership", "For mid-level leaders."),
    ProfileField("networks", "Social networks", "Business, professions, churches, academia, arts."),
)
CIVIL_SOCIETY = (
    ProfileField("focus", "What it works on"),
    ProfileField("reach", "Reach and membership"),
    ProfileField("stance", "Relationship to the parties"),
    ProfileField("capacity", "Capacity and credibility"),
)
POPULACE = (
    ProfileField("security", "Security situation"),
    ProfileField("living_conditions", "Living conditions"),
    ProfileField("displacement", "Refugees and displaced people", "Numbers, where, conditions."),
    ProfileField("grievances", "Grievances and demands"),
)
OUTSIDE_POWER = (
    ProfileField("interest", "Interest in the conflict"),
    ProfileField("leverage", "Leverage it brings"),
    ProfileField(
        "guarantor",
        "Possible guarantor of an agreement",
        choices=(("yes", "Yes"), ("maybe", "Maybe"), ("no", "No"), ("unknown", "Unknown")),
    ),
    ProfileField("ally_of", "Ally of"),
    ProfileField("adversary_of", "Adversary of"),
)
DIASPORA = (
    ProfileField("size", "Size"),
    ProfileField("concentration", "Where it is concentrated"),
    ProfileField("ties", "Ties to the homeland and the parties"),
    ProfileField("sends", "What it sends", "Money, arms, political support, ideas."),
)
INGO = (
    ProfileField("presence", "How long it has been present"),
    ProfileField("local_ties", "Local ties"),
    ProfileField(
        "trust",
        "Trusted by",
        choices=(
            ("both", "Both sides"),
            ("one", "One side"),
            ("neither", "Neither side"),
            ("unknown", "Unknown"),
        ),
    ),
)
MEDIA = (
    ProfileField("controlled_by", "Who controls it"),
    ProfileField("role", "Role in the conflict"),
    ProfileField("coverage", "Quality of its coverage"),
)
SPOILER = (
    ProfileField("spoiler_interests", "Why it might wreck a settlement"),
    ProfileField("spoiler_support", "Support it could command"),
    ProfileField("resource_channels", "Channels for resources to keep fighting"),
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


def clean_profile(kind: str, spoiler: bool, profile: object) -> dict[str, str]:
    """Validate answers for this kind; return them without empty values. Raises ValueError."""
    if not isinstance(profile, dict):
        raise ValueError("The profile must be an object of answers.")
    fields = {f.key: f for f in profile_fields(kind, spoiler=spoiler)}
    cleaned: dict[str, str] = {}
    for key, value in profile.items():
        if key not in fields:
            allowed = ", ".join(fields) or "none"
            raise ValueError(
                f"'{key}' is not a profile question for this kind of actor (allowed: {allowed})."
            )
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            raise ValueError(f"The answer to '{key}' must be text.")
        if len(value) > MAX_ANSWER:
            raise ValueError(f"The answer to '{key}' is over {MAX_ANSWER} characters.")
        choices = fields[key].choices
        if choices and value not in dict(choices):
            raise ValueError(
                f"'{value}' is not an allowed answer to '{key}' (use {', '.join(dict(choices))})."
            )
        cleaned[key] = value.strip()
    return cleaned
