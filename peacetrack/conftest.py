"""Shared test personas: one case, two parties, and a user for every role.

Tests build their objects through the services (never .save()), so what they test is what
users get.
"""

from __future__ import annotations

import datetime
import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management.commands import flush
from django.db import connections
from django.test import Client
from huey.contrib.djhuey import HUEY

from peacetrack.accounts.models import Profile
from peacetrack.accounts.services import user_organiser_set
from peacetrack.accounts.types import Person
from peacetrack.cases import services
from peacetrack.cases.models import Case, Membership, Party, Role, TaskNote
from peacetrack.invitations.models import Invitation
from peacetrack.invitations.services import invitation_accept, invitation_create, invitation_send
from peacetrack.testing.jobs import JobQueue

PASSWORD = "correct horse battery"  # noqa: S105

PERSONAS = ["lead", "member", "observer", "delegate_a", "delegate_b", "track2", "outsider"]


@dataclass
class World:
    case: Case
    party_a: Party
    party_b: Party
    users: dict[str, Person]
    memberships: dict[str, Membership] = field(default_factory=dict)
    notes: dict[str, TaskNote] = field(default_factory=dict)

    def client(self, persona: str | None) -> Client:
        client = Client()
        if persona is not None:
            client.force_login(self.users[persona])
        return client


def make_user(email: str, name: str = "") -> Person:
    first, _, last = name.partition(" ")
    return get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD, first_name=first, last_name=last
    )


def make_organiser(email: str, name: str = "") -> Person:
    """A user who may open cases (a site administrator granted it)."""
    user = make_user(email, name)
    user_organiser_set(actor=None, user=user, organiser=True)
    return user


def build_world(suffix: str = "") -> World:
    users = {
        p: make_user(f"{p}{suffix}@example.org", p.replace("_", " ").title()) for p in PERSONAS
    }
    lead = users["lead"]
    # The lead opens cases (a case organiser) and is the world's site administrator.
    user_organiser_set(actor=None, user=lead, organiser=True)
    Profile.objects.filter(user=lead).update(is_site_admin=True)
    case = services.case_create(
        creator=lead, title=f"Case {suffix or 'A'}", conflict="Test conflict", region="Testland"
    )
    party_a = services.party_create(
        actor=lead, case=case, short_name="GOV", name="Government", kind="government"
    )
    party_b = services.party_create(
        actor=lead, case=case, short_name="REB", name="Rebel front", kind="armed_group"
    )
    world = World(case=case, party_a=party_a, party_b=party_b, users=users)
    world.memberships["lead"] = Membership.objects.get(case=case, user=lead)
    for persona, role, party in [
        ("member", Role.MEMBER, None),
        ("observer", Role.OBSERVER, None),
        ("delegate_a", Role.DELEGATE, party_a),
        ("delegate_b", Role.DELEGATE, party_b),
        ("track2", Role.TRACK2, None),
    ]:
        world.memberships[persona] = join(world, users[persona], role=role, party=party)
    for name, visibility, party in [
        ("team", "team", None),
        ("party_a", "party", party_a),
        ("party_b", "party", party_b),
        ("parties", "parties", None),
        ("track2", "track2", None),
        ("public", "public", None),
    ]:
        world.notes[name] = services.note_add(
            actor=lead,
            case=case,
            task_key="1.1.1",
            body=f"Secret marker note-{name}",
            visibility=f"party:{party.short_name}" if party else visibility,
        )
    return world


def join(world: World, user: Person, *, role: Role | str, party: Party | None = None) -> Membership:
    """Bring someone into the world's case the only way there is: the lead invites, the
    invitee (signed in as the invited e-mail) accepts."""
    invitation, _link = invitation_create(
        inviter=world.users["lead"],
        case=world.case,
        email=user.email,
        role=Role(role),
        party=party,
    )
    invitation_send(actor=world.users["lead"], invitation=invitation, base_url="", mail=False)
    return invitation_accept(user=user, invitation=invitation)


def install_purge_permit(connection: Any) -> None:
    """Give a test database what production databases never have: the audit_purge_permit
    table and triggers that let a row in it allow deletes (migration 0003 removed both; its
    reverse puts them back). Only the test run calls this, on the database it created."""
    if "audit_purge_permit" in connection.introspection.table_names():
        return  # a reused test database already has it
    migration = importlib.import_module("peacetrack.audit.migrations.0003_no_purge_permit")
    sql = {"sqlite": migration.SQLITE_REVERSE, "postgresql": migration.POSTGRES_REVERSE}
    with connection.cursor() as cursor:
        for statement in sql[connection.vendor]:
            cursor.execute(statement)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test database, plus the purge permit its resets need."""
    with django_db_blocker.unblock():
        install_purge_permit(connections["default"])
    yield
    # A live server's request thread can leave a PostgreSQL session open past its test;
    # the test database could then not be dropped at the end of the run.
    connection = connections["default"]
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def accept_invitation(case: Case, user: Person) -> Membership:
    """`user` accepts their pending invitation to `case` (e.g. one an import made)."""
    invitation = Invitation.objects.get(case=case, email=user.email, accepted_at__isnull=True)
    invitation_send(actor=None, invitation=invitation, base_url="", mail=False)
    return invitation_accept(user=user, invitation=invitation)


@pytest.fixture(autouse=True, scope="session")
def _let_test_resets_purge_the_audit_trail() -> Iterator[None]:
    """Transactional tests empty every table afterwards (Django's flush). The audit trail's
    triggers refuse that, except while a row sits in audit_purge_permit — a table only the
    test database has (django_db_setup above) and only this fixture writes, around the flush."""
    original = flush.Command.handle

    def handle(self: Any, *args: Any, **options: Any) -> Any:
        connection = connections[options.get("database", "default")]
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO audit_purge_permit (id) VALUES (1)")
        try:
            return original(self, *args, **options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit_purge_permit")

    with mock.patch.object(flush.Command, "handle", handle):
        yield


@pytest.fixture(autouse=True)
def _english_between_tests() -> Iterator[None]:
    """Each test starts in English and leaves no language behind: the locale middleware
    activates the request's language for the thread, which would leak into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache(settings: Any) -> None:
    # Within one test process Django's in-memory cache stands in for the shared one (a database
    # table or Redis, which tests without the database could not reach);
    # peacetrack/tests/test_scaleout.py checks the shared ones across real processes. Emptied
    # for each test: cached analyses are keyed by case id and data stamps; ids repeat.
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Real hashing costs ~0.3 s a user; tests check behaviour, not the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organiser(db: Any) -> Person:
    """A case organiser with the demo lead's e-mail (so a demo file imported by them keeps its
    lead)."""
    return make_organiser("lead@demo.peacetrack.org", "Amara Okafor")


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def job_queue(settings: Any, tmp_path: Any) -> JobQueue:
    """An empty job queue, and job files kept in the test's own folder. Jobs are queued when
    the request's transaction commits: wrap the request in
    `django_capture_on_commit_callbacks(execute=True)`, then `job_queue.run()`."""
    settings.JOBS_RESULT_DIR = tmp_path / "job-results"
    HUEY.flush()
    return JobQueue()


def pytest_configure(config: Any) -> None:
    # Live-server request threads must not keep PostgreSQL sessions open past a test:
    # the test database could not be dropped at the end of the run.
    from django.conf import settings

    from peacetrack.testing.static import collect_static_for_tests

    for database in settings.DATABASES.values():
        database["CONN_MAX_AGE"] = 0
    # Pages link their static files through the real storage (hashed names from the manifest).
    collect_static_for_tests()


def build_analysis(world: World, *, visibility: str = "team") -> dict[str, Any]:
    """One step-1 record of every type on the world's case, all with the same visibility."""
    from peacetrack.analysis.registry import BY_SLUG
    from peacetrack.analysis.services import record_create

    lead, case = world.users["lead"], world.case

    def add(slug: str, **values: Any) -> Any:
        return record_create(
            actor=lead, case=case, rtype=BY_SLUG[slug], values={"visibility": visibility, **values}
        )

    issue = add("issues", title="Land", category="territory", levels=["local"])
    army = add("actors", name="National Army", kind="military_wing", party=world.party_a)
    front = add(
        "actors",
        name="Liberation Front",
        kind="conflict_party",
        party=world.party_b,
        potential_spoiler=True,
    )
    return {
        "issues": issue,
        "positions": add(
            "positions", actor=world.party_a.standing_actor, issue=issue, position="Keep it"
        ),
        "actors": army,
        "ties": add("ties", source=army, target=front, kind="hostility"),
        "beneficiaries": add("beneficiaries", actor=front, gain="wealth", how="Tin smuggling"),
        "institutions": add(
            "institutions", name="Elders' council", kind="council", origin="indigenous"
        ),
        "intractability": add("intractability", factor="material_stakes", status="present"),
        "resources": add("resources", actor=army, kind="armed_forces", hold="secure"),
        "strength": add(
            "strength",
            actor=world.party_a.standing_actor,
            assessed_on=datetime.date(2026, 1, 1),
            strength=4,
            rationale="Holds the towns",
        ),
        "leverage": add("leverage", source="balance_of_forces", offers="Stalemate", holders=[army]),
        "events": add(
            "events",
            date=datetime.date(2020, 5, 1),
            title="Uprising",
            kind="turning_point",
            issues=[issue],
            actors=[army],
        ),
        "mediations": add(
            "mediations",
            mediator="Church council",
            started_on=datetime.date(2021, 1, 1),
            outcome="no_agreement",
        ),
        "front": front,
    }


def comparable(response: Any, *masked: str) -> str:
    """A response's text with its CSRF token and the given strings masked, to compare two
    answers that must not differ (no enumeration of accounts)."""
    import re

    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", text)
    for value in masked:
        text = text.replace(value, "<masked>")
    return text


# Browser tests (pytest -m browser): a fresh page of Debian's Chromium, and the demo case made
# before Playwright starts (its greenlets would otherwise open a second, never-closed
# database connection).


@pytest.fixture(scope="session")
def live_server(request: Any) -> Iterator[Any]:
    """pytest-django's live server, with static files served as in production: by WhiteNoise
    from the collected files (pytest-django's default handler looks files up in the app
    folders under their plain names, so every hashed name would be missing)."""
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.static_handler = _whole_app  # type: ignore[assignment]  # any WSGI wrapper
    server.start()
    yield server
    server.stop()


def _whole_app(application: Any) -> Any:
    return application


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    from peacetrack.testing.browser import browser_page

    yield from browser_page()


@pytest.fixture
def demo_case(transactional_db: Any) -> Any:
    from peacetrack.demo import demo_load

    case, _ = demo_load()
    return case
