"""No lost update on step-1 records: a second edit made on an older version is refused with
what changed since, and the form keeps its input (cases/concurrency.py)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create
from peacetrack.cases.tests.test_concurrency import opened_form

pytestmark = pytest.mark.django_db


def test_a_second_actor_edit_made_on_an_older_version_is_refused_and_keeps_its_input(world):
    actor = record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG["actors"],
        values={"name": "General Rakhim", "kind": "faction", "visibility": "team"},
    )
    url = reverse("analysis:edit", args=[world.case.public_id, "actors", actor.public_id])
    lead, member = world.client("lead"), world.client("member")
    lead_form, member_form = opened_form(lead, url), opened_form(member, url)

    assert lead.post(url, {**lead_form, "name": "Gen. Rakhim"}).status_code == 302
    response = member.post(url, {**member_form, "description": "Commands the north"})

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Lead changed Name since you opened this form" in page
    assert "Commands the north" in page
    actor.refresh_from_db()
    assert (actor.name, actor.description, actor.version) == ("Gen. Rakhim", "", 2)
