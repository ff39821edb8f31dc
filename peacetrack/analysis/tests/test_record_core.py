"""Step 1 on the record core: the task each row serves is stored (and backfilled), the visibility
pair is held by the database, and the foundation's registries filter what members read."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from peacetrack.analysis.models import Actor, Tie
from peacetrack.analysis.registry import BY_SLUG
from peacetrack.analysis.services import record_create, record_update
from peacetrack.cases import navigation, search, task_records
from peacetrack.cases.sources import RecordSource

pytestmark = pytest.mark.django_db


def _add(world, slug, **values):
    return record_create(
        actor=world.users["lead"],
        case=world.case,
        rtype=BY_SLUG[slug],
        values={"visibility": "team", **values},
    )


def _task_page(world, persona, key):
    url = reverse("cases:task", args=[world.case.public_id, key])
    return world.client(persona).get(url).content.decode()


def test_an_actor_moves_to_the_task_of_its_new_kind(world):
    actor = _add(world, "actors", name="Women's Peace Network", kind="civil_society")
    assert Actor.objects.get(pk=actor.pk).task_key == "1.2.2"
    assert "Women&#x27;s Peace Network" in _task_page(world, "lead", "1.2.2")

    record_update(
        actor=world.users["lead"], record=actor, rtype=BY_SLUG["actors"], values={"kind": "state"}
    )

    assert Actor.objects.get(pk=actor.pk).task_key == "1.2.3"
    assert "Women&#x27;s Peace Network" in _task_page(world, "lead", "1.2.3")
    assert "Women&#x27;s Peace Network" not in _task_page(world, "lead", "1.2.2")


def test_task_pages_list_rows_by_their_stored_task_key(world):
    """The foundation filters on the column: a row stored under another task is not listed,
    whatever its type's default would be."""
    tie_a = _add(world, "actors", name="North", kind="faction")
    tie_b = _add(world, "actors", name="South", kind="faction")
    _add(world, "ties", source=tie_a, target=tie_b, kind="alliance")
    assert "North — South" in _task_page(world, "lead", "1.2.1")
    Tie.objects.update(task_key="1.2.4")
    assert "North — South" not in _task_page(world, "lead", "1.2.1")


def test_the_database_refuses_a_party_visibility_without_its_party(world):
    actor = _add(world, "actors", name="Hidden", kind="faction")
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.filter(pk=actor.pk).update(visibility="party")
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.filter(pk=actor.pk).update(visibility_party=world.party_a)


def test_the_migration_backfills_the_task_of_every_existing_row(world):
    civil = _add(world, "actors", name="Elders", kind="civil_society")
    diaspora = _add(world, "actors", name="Exiles", kind="diaspora")
    attempt = _add(world, "mediations", mediator="The old envoy")
    for model in (Actor, type(attempt)):
        model.objects.update(task_key="")
    migration = importlib.import_module("peacetrack.analysis.migrations.0004_case_record_core")

    migration.backfill_task_keys(apps, SimpleNamespace(connection=connection))

    assert Actor.objects.get(pk=civil.pk).task_key == "1.2.2"
    assert Actor.objects.get(pk=diaspora.pk).task_key == "1.2.4"
    assert type(attempt).objects.get(pk=attempt.pk).task_key == "3.3.1"


def _spy_source():
    """A source that forgets nothing because it cannot: it declares no filter at all."""
    return RecordSource(
        model=Actor,
        kind="Spy actor",
        title=str,
        url=lambda actor: "/spy/",
        search=("name",),
    )


def test_search_keeps_only_what_the_member_may_read_whatever_the_source(world, monkeypatch):
    monkeypatch.setattr(search, "_SOURCES", [])
    search.register_search_source(_spy_source())
    _add(world, "actors", name="Secret Colonel", kind="mid_leader")
    _add(world, "actors", name="Shared Colonel", kind="mid_leader", visibility="parties")
    url = reverse("cases:search", args=[world.case.public_id])

    lead = world.client("lead").get(url, {"q": "colonel"}).content.decode()
    delegate = world.client("delegate_a").get(url, {"q": "colonel"}).content.decode()

    assert "Secret Colonel" in lead
    assert "Shared Colonel" in delegate
    assert "Secret Colonel" not in delegate


def test_task_records_keep_only_what_the_member_may_read_whatever_the_source(world, monkeypatch):
    monkeypatch.setattr(task_records, "_SOURCES", [])
    task_records.register_task_source(_spy_source())
    _add(world, "actors", name="Secret Colonel", kind="mid_leader")
    _add(world, "actors", name="Shared Colonel", kind="mid_leader", visibility="track2")

    partner = _task_page(world, "track2", "1.2.1")

    assert "Shared Colonel" in partner
    assert "Secret Colonel" not in partner
    assert "Secret Colonel" in _task_page(world, "member", "1.2.1")


def test_a_team_only_section_is_not_in_a_delegates_navigation(world, monkeypatch):
    monkeypatch.setattr(navigation, "_SECTIONS", [])
    navigation.register_case_section(label="Everyone's section", url_name="cases:members")
    navigation.register_case_section(
        label="Team's section", url_name="cases:parties", team_only=True
    )
    url = reverse("cases:dashboard", args=[world.case.public_id])

    delegate = world.client("delegate_a").get(url).content.decode()
    observer = world.client("observer").get(url).content.decode()

    assert "Everyone&#x27;s section" in delegate
    assert "Team&#x27;s section" not in delegate
    assert "Team&#x27;s section" in observer


def test_every_row_of_an_imported_case_stores_the_task_it_serves():
    from peacetrack.demo import demo_load

    case, _created = demo_load()
    actors = Actor.objects.filter(case=case)
    assert actors.exists()
    for model in {rtype.model for rtype in BY_SLUG.values()}:
        for record in model.objects.filter(case=case):
            assert record.task_key == record.assigned_task(), record
