"""Upgrading a database made before public ids gives every existing row its own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from peacetrack.cases.public_ids import ALPHABET, LENGTH

BEFORE = [
    ("cases", "0003_case_uid_importing_stated_origin"),
    ("analysis", "0001_initial"),
    ("invitations", "0001_initial"),
]
AFTER = [
    ("cases", "0004_public_ids"),
    ("analysis", "0002_public_ids"),
    ("invitations", "0002_public_ids"),
]


@pytest.mark.django_db(transaction=True)
def test_existing_cases_parties_members_and_records_each_get_a_distinct_public_id():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("auth", "User")
    Case, Party = old.get_model("cases", "Case"), old.get_model("cases", "Party")
    Membership, Actor = old.get_model("cases", "Membership"), old.get_model("analysis", "Actor")
    user = User.objects.create(username="old@example.org", email="old@example.org")
    cases = [Case.objects.create(title=f"Old {n}", conflict="C", uid=f"{n:032x}") for n in (1, 2)]
    for case in cases:
        party = Party.objects.create(case=case, short_name="GOV", name="Government")
        Membership.objects.create(case=case, user=user, role="lead")
        for n in range(3):
            Actor.objects.create(case=case, name=f"Actor {n}", kind="faction", party=party)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = MigrationExecutor(connection).loader.project_state(AFTER).apps
    ids = [
        row.public_id
        for name in ("cases.Case", "cases.Party", "cases.Membership", "analysis.Actor")
        for row in new.get_model(*name.split("."))._base_manager.all()
    ]
    # cases, parties, memberships, actors, and the actor each party gets (analysis 0006)
    assert len(ids) == 2 + 2 + 2 + 6 + 2
    assert len(set(ids)) == len(ids)
    assert all(len(i) == LENGTH and set(i) <= set(ALPHABET) for i in ids)
