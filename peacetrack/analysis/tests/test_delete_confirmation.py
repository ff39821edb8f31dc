"""Deleting a step-1 record first shows what goes with it; only the confirmation deletes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peacetrack.analysis.display import title
from peacetrack.analysis.models import (
    Actor,
    Beneficiary,
    HistoryEvent,
    LeverageSource,
    Position,
    Resource,
    Tie,
)
from peacetrack.audit.models import AuditEvent
from peacetrack.conftest import build_analysis

pytestmark = pytest.mark.django_db


def _sections(html: str) -> tuple[str, str]:
    """(the "deleted with it" list, the "kept but unlinked" list) of a confirmation page."""
    deleted = (
        html.split("Deleted with it", 1)[1].split("</ul>", 1)[0]
        if "Deleted with it" in html
        else ""
    )
    kept = (
        html.split("no longer linked to it", 1)[1].split("</ul>", 1)[0]
        if "no longer linked" in html
        else ""
    )
    return deleted, kept


def test_the_actor_confirmation_lists_its_ties_resources_and_who_gains_and_deletes_nothing(world):
    records = build_analysis(world)
    army, front = records["actors"], records["front"]
    url = reverse("analysis:delete", args=[world.case.public_id, "actors", front.public_id])
    events_before = AuditEvent.objects.count()

    page = world.client("member").get(url)

    html = page.content.decode()
    assert "Delete “Liberation Front”?" in html
    deleted, kept = _sections(html)
    assert "Tie:</span> <a href" in deleted
    assert "National Army — Liberation Front (Hostility)" in deleted
    assert "Liberation Front: Wealth" in deleted  # who gains from the conflict
    assert kept == ""
    # The army's own records are not part of it.
    assert "National Army: Armed forces" not in html
    # Looking deletes nothing.
    assert Actor.objects.filter(pk=front.pk).exists()
    assert Tie.objects.count() == 1
    assert AuditEvent.objects.count() == events_before
    assert army.pk  # still there


def test_the_confirmation_lists_records_that_stay_but_lose_their_link(world):
    records = build_analysis(world)
    army = records["actors"]
    page = world.client("member").get(
        reverse("analysis:delete", args=[world.case.public_id, "actors", army.public_id])
    )
    deleted, kept = _sections(page.content.decode())
    assert "National Army: Armed forces" in deleted  # its resource
    assert "National Army — Liberation Front" in deleted
    assert title(records["leverage"]) in kept  # held by the army: kept, without that holder


def test_an_issue_takes_its_positions_and_unlinks_its_events(world):
    records = build_analysis(world)
    page = world.client("member").get(
        reverse(
            "analysis:delete", args=[world.case.public_id, "issues", records["issues"].public_id]
        )
    )
    deleted, kept = _sections(page.content.decode())
    assert "GOV on Land" in deleted
    assert "Uprising" in kept
    assert "Uprising" not in deleted


def test_confirming_deletes_what_was_listed_and_keeps_what_was_unlinked(world):
    records = build_analysis(world)
    army = records["actors"]
    url = reverse("analysis:delete", args=[world.case.public_id, "actors", army.public_id])
    response = world.client("member").post(url)
    assert response["Location"] == reverse("analysis:list", args=[world.case.public_id, "actors"])
    assert not Actor.objects.filter(pk=army.pk).exists()
    assert not Tie.objects.exists()
    assert not Resource.objects.exists()
    assert Beneficiary.objects.count() == 1  # the front's, not the army's
    assert not LeverageSource.objects.get().holders.exists()
    assert AuditEvent.objects.filter(
        action="analysis.actor.delete", object_id=str(army.pk)
    ).exists()


def test_a_record_without_dependents_says_nothing_else_goes(world):
    records = build_analysis(world)
    page = world.client("lead").get(
        reverse(
            "analysis:delete", args=[world.case.public_id, "events", records["events"].public_id]
        )
    )
    assert "Nothing else is deleted with it." in page.content.decode()
    assert HistoryEvent.objects.exists()


def test_the_record_page_links_to_the_confirmation_instead_of_deleting(world):
    records = build_analysis(world)
    detail = world.client("member").get(
        reverse(
            "analysis:detail",
            args=[world.case.public_id, "positions", records["positions"].public_id],
        )
    )
    html = detail.content.decode()
    url = reverse(
        "analysis:delete", args=[world.case.public_id, "positions", records["positions"].public_id]
    )
    assert f'href="{url}"' in html
    assert f'action="{url}"' not in html


@pytest.mark.parametrize("persona", ["observer", "delegate_a", "track2", "outsider"])
def test_who_may_not_write_cannot_delete_even_a_record_they_read(world, persona):
    records = build_analysis(world, visibility="public")
    url = reverse(
        "analysis:delete", args=[world.case.public_id, "issues", records["issues"].public_id]
    )
    client = world.client(persona)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Position.objects.exists()
    assert not AuditEvent.objects.filter(action__endswith=".delete").exists()
