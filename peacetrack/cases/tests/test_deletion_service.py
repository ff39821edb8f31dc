"""Deleting a record with what depends on it, in every app (cases.deletion)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from peacetrack.analysis.models import Actor, Position
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create, record_update
from peacetrack.audit import actions as audit_actions
from peacetrack.audit.models import AuditEvent
from peacetrack.cases import actions as case_actions
from peacetrack.cases import services
from peacetrack.cases.concurrency import StaleEdit
from peacetrack.cases.deletion import record_delete_with_dependents
from peacetrack.cases.models import Membership, Party, TaskNote

pytestmark = pytest.mark.django_db


def _add(world, slug, **values):
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": "team", **values},
    )


@pytest.fixture
def party_delete_action(monkeypatch):
    """No page deletes a party; the test gives parties a delete action of their own to
    delete one record of the foundation whose dependents live in step 1."""
    action = audit_actions.Action(
        name="cases.party.delete", text="deleted the party %(name)s", kind=case_actions.PARTY
    )
    monkeypatch.setitem(audit_actions._ACTIONS, action.name, action)
    return action


def test_dependents_in_another_app_are_deleted_or_unlinked_and_each_audited(
    world, party_delete_action
):
    militia = services.party_create(
        actor=world.users["lead"], case=world.case, short_name="MIL", name="Militia"
    )
    issue = _add(world, "issues", title="Water", category="natural_resources")
    position = _add(
        world, "positions", actor=militia.standing_actor, issue=issue, position="All of it"
    )
    standing = militia.standing_actor
    commander = _add(world, "actors", name="Commander Ode", kind="top_leader", party=militia)

    militia_pk = militia.pk

    record_delete_with_dependents(actor=world.users["lead"], record=militia)

    assert not Party.objects.filter(pk=militia_pk).exists()
    # Its actor stays, a stakeholder now, with the analysis recorded for it.
    assert Position.objects.get(pk=position.pk).actor_id == standing.pk
    assert Actor.objects.get(pk=standing.pk).is_stakeholder
    commander_now = Actor.objects.get(pk=commander.pk)
    assert commander_now.party is None
    assert commander_now.version == commander.version + 1
    events = {(e.action, e.object_id): e for e in AuditEvent.objects.filter(case_id=world.case.pk)}
    assert ("analysis.actor.update", str(standing.pk)) in events
    unlinked = events[("analysis.actor.update", str(commander.pk))]
    assert (unlinked.before, unlinked.after) == ({"party": militia_pk}, {"party": None})
    assert ("cases.party.delete", str(militia_pk)) in events
    # Someone who opened the actor's form before the deletion is told what changed.
    with pytest.raises(StaleEdit, match="Party"):
        record_update(
            actor=world.users["member"],
            record=commander_now,
            rtype=BY_SLUG["actors"],
            values={"description": "Stale"},
            expected_version=commander.version,
        )


def test_a_record_held_by_a_restricting_reference_is_refused_naming_what_holds_it(
    world, party_delete_action
):
    # party_a has a delegate and a note shared with it only: both hold it (RESTRICT).
    issue = _add(world, "issues", title="Land", category="territory")
    _add(world, "positions", actor=world.party_a.standing_actor, issue=issue, position="Keep it")
    counts = (
        Party.objects.count(),
        Membership.objects.count(),
        TaskNote.objects.count(),
        Position.objects.count(),
        AuditEvent.objects.count(),
    )

    with pytest.raises(ValidationError) as caught:
        record_delete_with_dependents(actor=world.users["lead"], record=world.party_a)

    message = " ".join(caught.value.messages)
    assert "cannot be deleted" in message
    assert "delegate_a@example.org" in message
    assert "Note on 1.1.1" in message
    assert counts == (
        Party.objects.count(),
        Membership.objects.count(),
        TaskNote.objects.count(),
        Position.objects.count(),
        AuditEvent.objects.count(),
    )
