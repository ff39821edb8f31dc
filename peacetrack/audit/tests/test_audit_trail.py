"""The audit trail is append-only, down to the database, and the lead can browse it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from peacetrack.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm(world):
    event = AuditEvent.objects.filter(case_id=world.case.pk).first()
    event.summary = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_raw_updates_and_deletes_of_audit_events(world):
    event_id = AuditEvent.objects.filter(case_id=world.case.pk).first().pk
    for sql in [
        "UPDATE audit_auditevent SET summary = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event_id])
    assert AuditEvent.objects.get(pk=event_id).summary != "x"


def test_the_lead_browses_the_case_trail_in_words_with_values_before_and_after(world):
    world.client("member").post(
        reverse("cases:task", args=[world.case.public_id, "1.2.1"]),
        {"status": "done", "owner": "", "due_on": "", "na_reason": ""},
    )
    page = world.client("lead").get(reverse("cases:audit", args=[world.case.public_id]))
    text = page.content.decode()
    assert "Updated task 1.2.1 Analyze the parties to the conflict" in text
    assert "<td>Member</td>" in text  # by name, not by e-mail
    assert "<strong>Status</strong>: Not started → Done" in text
    assert "not_started" not in text
    assert "accepted the invitation" in text


def test_the_trail_filters_by_record_type(world):
    page = world.client("lead").get(
        reverse("cases:audit", args=[world.case.public_id]), {"kind": "cases.party"}
    )
    text = page.content.decode()
    assert "Added the party GOV" in text
    assert "accepted the invitation" not in text


def test_a_team_member_cannot_open_the_trail(world):
    assert (
        world.client("member").get(reverse("cases:audit", args=[world.case.public_id])).status_code
        == 404
    )
