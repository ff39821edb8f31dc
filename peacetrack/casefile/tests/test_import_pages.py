"""Importing a case file from the browser and through the API."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peacetrack.accounts.services import user_organiser_set
from peacetrack.accounts.tokens import token_create
from peacetrack.cases.models import Case, Membership
from peacetrack.demo import DEMO_FILE
from peacetrack.invitations.models import Invitation

pytestmark = pytest.mark.django_db


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("valdoria.json", content, content_type="application/json")


def test_importing_makes_a_new_case_the_importer_leads_and_opens(world):
    user_organiser_set(actor=world.users["lead"], user=world.users["outsider"], organiser=True)
    client = world.client("outsider")
    response = client.post(reverse("casefile:import"), {"file": _upload(DEMO_FILE.read_bytes())})
    case = Case.objects.get(title__startswith="Dravenne Highlands")
    assert response["Location"] == reverse("cases:dashboard", args=[case.pk])
    assert Membership.objects.get(case=case, user=world.users["outsider"]).role == "lead"
    assert "Dravenne Highlands" in client.get(reverse("cases:list")).content.decode()
    # Nobody else was attached to it: the file's people wait as invitations.
    assert Membership.objects.filter(case=case).count() == 1
    assert Invitation.objects.filter(case=case, sent_at__isnull=True).count() == 7


def test_someone_who_is_not_a_case_organiser_cannot_import(world):
    client = world.client("member")
    assert client.get(reverse("casefile:import")).status_code == 404
    response = client.post(reverse("casefile:import"), {"file": _upload(DEMO_FILE.read_bytes())})
    assert response.status_code == 404
    assert Case.objects.count() == 1


def test_a_bad_file_says_where_the_problem_is_and_imports_nothing(world):
    data = json.loads(DEMO_FILE.read_text())
    data["analysis"]["ties"][2]["kind"] = "telepathy"
    response = world.client("lead").post(
        reverse("casefile:import"), {"file": _upload(json.dumps(data).encode())}
    )
    text = response.content.decode()
    assert "Nothing was imported: /analysis/ties/2/kind" in text
    assert Case.objects.count() == 1  # only the world's own case


def test_the_api_imports_a_multipart_file_and_refuses_a_bad_one_with_422(world):
    _, raw = token_create(user=world.users["lead"], name="t")
    headers = {"Authorization": f"Bearer {raw}"}
    client = world.client(None)
    ok = client.post(
        "/api/v1/cases/import", {"file": _upload(DEMO_FILE.read_bytes())}, headers=headers
    )
    assert ok.status_code == 201
    assert ok.json()["title"].startswith("Dravenne Highlands")
    bad = client.post("/api/v1/cases/import", {"file": _upload(b"{not json")}, headers=headers)
    assert bad.status_code == 422
    assert "not valid JSON" in bad.json()["errors"]["file"][0]
    assert Case.objects.count() == 2
