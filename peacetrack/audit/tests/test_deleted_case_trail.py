"""A deleted case's audit events stay in the trail (it is append-only) but no page, export or
API answer shows them any more — not even to its former lead."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peacetrack.accounts.tokens import token_create
from peacetrack.audit.models import AuditEvent
from peacetrack.cases.services import case_create
from peacetrack.conftest import PERSONAS, build_analysis

pytestmark = pytest.mark.django_db

MARKERS = ["National Army", "Liberation Front", "Case A", "Secret marker"]


def test_a_deleted_cases_trail_stays_in_the_database_and_out_of_every_page(world):
    records = build_analysis(world)
    old_id, old_public_id = world.case.pk, world.case.public_id
    lead = world.users["lead"]
    old_urls = [
        reverse("cases:dashboard", args=[old_public_id]),
        reverse("cases:audit", args=[old_public_id]),
        reverse("cases:export", args=[old_public_id]),
        reverse("cases:task", args=[old_public_id, "1.1.1"]),
        reverse("analysis:detail", args=[old_public_id, "actors", records["actors"].public_id]),
        f"/api/v1/cases/{old_public_id}/export",
        f"/api/v1/cases/{old_public_id}",
    ]
    events_before = AuditEvent.objects.filter(case_id=old_id).count()

    world.client("lead").post(reverse("cases:delete", args=[old_public_id]), {"title": "Case A"})

    # Append-only: every event of the case is still there, and the deletion with them.
    kept = AuditEvent.objects.filter(case_id=old_id)
    assert kept.count() == events_before + 1
    assert kept.filter(action="analysis.actor.create", summary__contains="National Army").exists()
    assert kept.filter(action="cases.case.delete", actor=lead).exists()

    # Nobody reaches the case's pages, trail or exports any more.
    for persona in PERSONAS:
        client = world.client(persona)
        _, raw = token_create(user=world.users[persona], name="t")
        for url in old_urls:
            headers = {"Authorization": f"Bearer {raw}"} if url.startswith("/api/") else {}
            assert client.get(url, headers=headers).status_code == 404, (persona, url)

    # The lead's next case starts with its own trail only.
    new = case_create(creator=lead, title="Fresh start", conflict="Another conflict")
    assert new.pk != old_id
    client = world.client("lead")
    _, raw = token_create(user=lead, name="api")
    pages = [
        client.get(reverse("cases:list")),
        client.get(reverse("cases:dashboard", args=[new.public_id])),
        client.get(reverse("cases:audit", args=[new.public_id])),
        client.get(reverse("cases:export", args=[new.public_id])),
        client.get(
            f"/api/v1/cases/{new.public_id}/export", headers={"Authorization": f"Bearer {raw}"}
        ),
        client.get("/api/v1/cases", headers={"Authorization": f"Bearer {raw}"}),
    ]
    for page in pages:
        assert page.status_code == 200
        text = b"".join(page.streaming_content if page.streaming else [page.content]).decode()
        for marker in MARKERS:
            assert marker not in text, (page.wsgi_request.path, marker)
    assert "Opened the case “Fresh start”" in pages[2].content.decode()
