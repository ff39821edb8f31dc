"""How an import writes: in short chunks into a case nobody sees until it is complete, with
one audit event by the importing user; a failure half-way leaves nothing behind."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import Http404
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peacetrack.analysis.models import Actor, Tie
from peacetrack.audit.models import AuditEvent
from peacetrack.casefile.export import case_export
from peacetrack.casefile.importer import case_import
from peacetrack.cases import services
from peacetrack.cases.access import case_get_for_user
from peacetrack.cases.models import Case, Membership, Party, TaskNote, TaskProgress
from peacetrack.cases.selectors import memberships_of
from peacetrack.conftest import accept_invitation, make_organiser
from peacetrack.demo import DEMO_FILE
from peacetrack.invitations.models import Invitation


def _everything() -> dict[str, int]:
    return {
        "cases": Case.all_cases.count(),
        "parties": Party.objects.count(),
        "memberships": Membership.all_memberships.count(),
        "progress": TaskProgress.objects.count(),
        "notes": TaskNote.objects.count(),
        "actors": Actor.objects.count(),
        "ties": Tie.objects.count(),
        "audit": AuditEvent.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the failure is a SQLite trigger")
@pytest.mark.django_db(transaction=True)
@override_settings(CASEFILE_WRITE_CHUNK=10)
def test_a_failure_in_the_middle_of_writing_leaves_nothing_visible_and_nothing_behind():
    importer = make_organiser("importer@example.org")
    before = _everything()
    # A real failure of the database half-way through: after the case, its parties, notes
    # and actors were committed chunk by chunk, the 21st tie cannot be written.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TRIGGER tie_disk_full BEFORE INSERT ON analysis_tie "
            "WHEN (SELECT count(*) FROM analysis_tie) >= 20 "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    try:
        with pytest.raises(Exception, match="disk full"):
            case_import(DEMO_FILE.read_bytes(), actor=importer)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER tie_disk_full")
    assert _everything() == before
    assert list(memberships_of(importer)) == []


@pytest.mark.django_db
def test_a_case_being_imported_is_shown_nowhere(world):
    # The state an import is in between its chunks (only the importer can reach it).
    case = Case.all_cases.create(title="Half imported", conflict="x", importing=True)
    Membership.all_memberships.create(case=case, user=world.users["lead"], role="lead")
    lead = world.client("lead")
    assert [m.case_id for m in memberships_of(world.users["lead"])] == [world.case.pk]
    assert "Half imported" not in lead.get(reverse("cases:list")).content.decode()
    assert lead.get(reverse("cases:dashboard", args=[case.public_id])).status_code == 404
    assert lead.get(f"/api/v1/cases/{case.public_id}").status_code == 404
    assert "Half imported" not in lead.get("/api/v1/cases").content.decode()
    with pytest.raises(Http404):
        case_get_for_user(world.users["lead"], case.pk)
    assert not Case.objects.filter(pk=case.pk).exists()  # the CLI's case list reads this


@pytest.mark.django_db(transaction=True)
@override_settings(CASEFILE_WRITE_CHUNK=7)
def test_the_import_is_one_audit_event_by_the_importing_user_naming_what_it_created():
    importer = make_organiser("importer@example.org")
    data = json.loads(DEMO_FILE.read_text())
    case = case_import(DEMO_FILE.read_bytes(), actor=importer)
    # one event for the import; each member of the file becomes an invitation (their own)
    events = AuditEvent.objects.filter(case_id=case.pk).exclude(
        action="invitations.invitation.create"
    )
    assert [(e.action, e.actor_id) for e in events] == [("casefile.case.import", importer.pk)]
    invitations = AuditEvent.objects.filter(case_id=case.pk, action="invitations.invitation.create")
    assert invitations.count() == len(data["members"])  # the importer is not in the file
    created = events[0].after["created"]
    assert created["notes"] == len(data["notes"]) == TaskNote.objects.filter(case=case).count()
    assert created["analysis.ties"] == len(data["analysis"]["ties"])
    assert created["parties"] == len(data["parties"])
    assert not case.importing
    assert Case.objects.filter(pk=case.pk).exists()
    assert Membership.objects.get(case=case, user=importer).role == "lead"


@pytest.mark.django_db
def test_stated_authors_and_dates_are_kept_and_shown_to_the_mediation_team_only(world):
    data: dict[str, Any] = case_export(world.case)
    for note in data["notes"]:
        note["author"] = "Ana Stated-Author <ana@elsewhere.example>"
        note["created_at"] = "2020-05-04T10:00:00+00:00"
    data["tasks"] = [{"key": "1.1.1", "status": "in_progress", "owner": "Bo Stated-Owner"}]
    services.case_delete(actor=None, case=world.case)  # as if on another server
    case = case_import(json.dumps(data).encode(), actor=world.users["lead"])
    note = TaskNote.objects.get(case=case, body="Secret marker note-party_a")
    assert note.author is None
    assert note.stated_author == "Ana Stated-Author <ana@elsewhere.example>"
    assert note.created_at.isoformat() == "2020-05-04T10:00:00+00:00"
    assert TaskProgress.objects.get(case=case, task_key="1.1.1").stated_owner == "Bo Stated-Owner"
    for persona in ("delegate_a", "track2"):  # they join the moved case
        accept_invitation(case, world.users[persona])
    page = reverse("cases:task", args=[case.public_id, "1.1.1"])
    lead = world.client("lead").get(page).content.decode()
    assert "Ana Stated-Author" in lead
    assert "Bo Stated-Owner" in lead
    delegate = world.client("delegate_a").get(page).content.decode()
    assert "Secret marker note-party_a" in delegate
    assert "Ana Stated-Author" not in delegate
    assert "Bo Stated-Owner" not in delegate
    track2 = world.client("track2").get(page).content.decode()
    assert "Secret marker note-track2" in track2
    assert "Ana Stated-Author" not in track2


@pytest.mark.django_db(transaction=True)
@override_settings(CASEFILE_WRITE_CHUNK=7)
def test_the_import_event_identifies_every_record_it_created_without_one_event_per_record():
    importer = make_organiser("importer@example.org")
    case = case_import(DEMO_FILE.read_bytes(), actor=importer)
    event = AuditEvent.objects.get(case_id=case.pk, action="casefile.case.import")
    after = event.after
    assert set(after["created_ids"]) == set(after["created"])
    for label, model in (("notes", TaskNote), ("analysis.ties", Tie), ("parties", Party)):
        ranges = after["created_ids"][label]
        ids = [pk for first, last in ranges for pk in range(first, last + 1)]
        assert len(ids) == after["created"][label]
        assert set(ids) == set(model.objects.filter(case=case).values_list("pk", flat=True))
    assert (
        AuditEvent.objects.filter(case_id=case.pk).count()
        == 1 + Invitation.objects.filter(case=case).count()
    )


def _statements(raw: bytes, email: str) -> int:
    importer = make_organiser(email)
    with CaptureQueriesContext(connection) as queries:
        case_import(raw, actor=importer)
    return len(queries)


@pytest.mark.django_db(transaction=True)
@override_settings(CASEFILE_WRITE_CHUNK=100_000)
def test_the_number_of_statements_an_import_makes_does_not_grow_with_its_records():
    data = json.loads(DEMO_FILE.read_text())
    small = _statements(json.dumps(data).encode(), "small@example.org")
    data["notes"] *= 20
    large = _statements(json.dumps(data).encode(), "large@example.org")
    assert large == small
    assert TaskNote.objects.count() == 21 * len(json.loads(DEMO_FILE.read_text())["notes"])


@pytest.mark.django_db(transaction=True)
@override_settings(CASEFILE_WRITE_CHUNK=10)
def test_an_import_reports_its_progress_from_0_to_100_with_what_it_is_doing():
    reported: list[tuple[int, str]] = []
    case_import(
        DEMO_FILE.read_bytes(),
        actor=make_organiser("importer@example.org"),
        progress=lambda percent, message: reported.append((percent, message)),
    )
    percents = [percent for percent, _message in reported]
    assert percents[0] == 0
    assert percents[-1] == 100
    assert percents == sorted(percents)
    assert len(set(percents)) > 10  # writing moves the bar chunk by chunk
    assert {message for _percent, message in reported} >= {
        "Reading the file",
        "Checking every record",
        "Writing the case",
        "The case is imported",
    }
