"""Importing a case file from the browser and through the API: what is plainly not a case
file is refused at once; the import runs as a background job whose page leads to the case."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from peacetrack.accounts.services import user_organiser_set
from peacetrack.accounts.tokens import token_create
from peacetrack.casefile.export import case_export
from peacetrack.cases.models import Case, Membership
from peacetrack.demo import DEMO_FILE
from peacetrack.invitations.models import Invitation
from peacetrack.jobs import results
from peacetrack.jobs.models import Job
from peacetrack.testing.jobs import JobQueue

# Every test may start an import job: its upload and the queue are the test's own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("job_queue")]


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("valdoria.json", content, content_type="application/json")


@pytest.fixture
def import_via(django_capture_on_commit_callbacks: Any, job_queue: JobQueue) -> Any:
    """Post the import form as `client`, run the queued import, and answer the form's
    response and the job page as they read after the job ended."""

    def post(client: Any, data: dict[str, Any]) -> tuple[Any, str]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("casefile:import"), data)
        if response.status_code != 302:
            return response, ""
        job_queue.run()
        return response, client.get(response["Location"]).content.decode()

    return post


def test_importing_makes_a_new_case_the_importer_leads_and_opens(world, import_via):
    user_organiser_set(actor=world.users["lead"], user=world.users["outsider"], organiser=True)
    client = world.client("outsider")
    response, page = import_via(client, {"file": _upload(DEMO_FILE.read_bytes())})
    job = Job.objects.get()
    # The user lands on the job's page, which leads to the new case once the job is done.
    assert response["Location"] == reverse("jobs:detail", args=[job.public_id])
    case = Case.objects.get(title__startswith="Dravenne Highlands")
    assert "Done: the case is imported." in page
    assert reverse("cases:dashboard", args=[case.public_id]) in page
    assert f"Open the case “{case.title}”" in page
    assert "Download the file" not in page
    assert Membership.objects.get(case=case, user=world.users["outsider"]).role == "lead"
    assert "Dravenne Highlands" in client.get(reverse("cases:list")).content.decode()
    # Nobody else was attached to it: the file's people wait as invitations.
    assert Membership.objects.filter(case=case).count() == 1
    assert Invitation.objects.filter(case=case, sent_at__isnull=True).count() == 7
    # The uploaded file was kept only for the job.
    assert not list((results.result_dir() / results.UPLOAD_FOLDER).iterdir())


def test_the_import_job_page_follows_the_import_with_progress(
    world, django_capture_on_commit_callbacks, job_queue
):
    client = world.client("lead")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("casefile:import"), {"file": _upload(DEMO_FILE.read_bytes())}
        )
    waiting = client.get(response["Location"]).content.decode()
    assert "Case file import" in waiting
    assert "Waiting to start." in waiting
    assert "data-job-reload" in waiting  # the page reloads when the job ends, to link the case
    assert Case.objects.count() == 1  # nothing is written before the job runs
    api = client.get(reverse("api:job_get", args=[Job.objects.get().public_id])).json()
    assert (api["kind"], api["status"], api["case_id"]) == ("case_import", "queued", None)
    job_queue.run()
    api = client.get(reverse("api:job_get", args=[Job.objects.get().public_id])).json()
    case = Case.objects.get(title__startswith="Dravenne Highlands")
    assert (api["status"], api["progress"], api["case_id"]) == ("done", 100, case.public_id)
    assert api["download"] is None


def test_another_user_gets_404_on_someone_elses_import_job(world, import_via):
    user_organiser_set(actor=None, user=world.users["member"], organiser=True)
    response, _page = import_via(world.client("lead"), {"file": _upload(DEMO_FILE.read_bytes())})
    job_page = response["Location"]
    for persona in ("member", "outsider", "observer"):
        assert world.client(persona).get(job_page).status_code == 404
    job_id = Job.objects.get().public_id
    assert world.client("member").get(reverse("api:job_get", args=[job_id])).status_code == 404
    # Nor does its requester see it once no longer a case organiser.
    user_organiser_set(actor=None, user=world.users["lead"], organiser=False)
    assert world.client("lead").get(job_page).status_code == 404


def test_someone_who_is_not_a_case_organiser_cannot_import(world):
    client = world.client("member")
    assert client.get(reverse("casefile:import")).status_code == 404
    response = client.post(reverse("casefile:import"), {"file": _upload(DEMO_FILE.read_bytes())})
    assert response.status_code == 404
    assert Case.objects.count() == 1
    assert not Job.objects.exists()


def test_a_file_that_is_not_a_case_file_is_refused_at_once_and_nothing_is_kept(world):
    data = json.loads(DEMO_FILE.read_text())
    data["members"][0]["role"] = "boss"
    response = world.client("lead").post(
        reverse("casefile:import"), {"file": _upload(json.dumps(data).encode())}
    )
    assert response.status_code == 422
    assert "Nothing was imported:</strong> members › item 1 › role (/members/0/role)" in (
        response.content.decode()
    )
    assert not Job.objects.exists()
    assert not (results.result_dir() / results.UPLOAD_FOLDER).exists()


def test_a_bad_file_says_where_the_problem_is_and_imports_nothing(world, import_via):
    data = json.loads(DEMO_FILE.read_text())
    data["analysis"]["ties"][2]["target"] = "A999"
    data["notes"][1]["task"] = "6.9.9"
    response, text = import_via(world.client("lead"), {"file": _upload(json.dumps(data).encode())})
    # The quick check passes; the job's full check lists the problems on its page.
    assert response.status_code == 302
    assert Job.objects.get().status == "failed"
    assert "The job failed. Nothing was imported: the file has 2 problems." in text
    assert "Notes › item 2 › task (/notes/1/task): There is no methodology task" in text
    assert "Analysis › ties › item 3 › target (/analysis/ties/2/target): &#x27;A999&#x27;" in text
    assert "Open the case" not in text
    assert Case.all_cases.count() == 1  # only the world's own case
    assert not list((results.result_dir() / results.UPLOAD_FOLDER).iterdir())


def test_the_api_imports_a_multipart_file_and_refuses_a_bad_one_with_422(
    world, django_capture_on_commit_callbacks, job_queue
):
    _, raw = token_create(user=world.users["lead"], name="t")
    headers = {"Authorization": f"Bearer {raw}"}
    client = world.client(None)
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            "/api/v1/cases/import", {"file": _upload(DEMO_FILE.read_bytes())}, headers=headers
        )
    assert ok.status_code == 202
    assert ok["Location"] == reverse("api:job_get", args=[ok.json()["id"]])
    assert (ok.json()["kind"], ok.json()["status"]) == ("case_import", "queued")
    job_queue.run()
    done = client.get(ok["Location"], headers=headers).json()
    assert done["status"] == "done"
    assert Case.objects.get(public_id=done["case_id"]).title.startswith("Dravenne Highlands")
    bad = client.post("/api/v1/cases/import", {"file": _upload(b"{not json")}, headers=headers)
    assert bad.status_code == 422
    assert "not valid JSON" in bad.json()["errors"]["file"][0]
    data = json.loads(DEMO_FILE.read_text())
    data["members"][0]["role"] = "boss"
    bad = client.post(
        "/api/v1/cases/import", {"file": _upload(json.dumps(data).encode())}, headers=headers
    )
    assert bad.json()["problems"] == [
        {
            "place": "members › item 1 › role",
            "pointer": "/members/0/role",
            "message": '"boss" is not one of: lead, member, observer, delegate, track2',
        }
    ]
    assert Case.objects.count() == 2


@override_settings(CASEFILE_IMPORTS_PER_HOUR=2)
def test_a_user_may_start_only_so_many_imports_an_hour(world, import_via):
    user_organiser_set(actor=None, user=world.users["member"], organiser=True)
    client = world.client("member")
    for _ in range(2):
        client.post(reverse("casefile:import"), {"file": _upload(b"{not json")})
    refused = client.post(reverse("casefile:import"), {"file": _upload(DEMO_FILE.read_bytes())})
    assert refused.status_code == 429
    assert "Nothing was imported:</strong> you have started 2 imports in the last hour" in (
        refused.content.decode()
    )
    _, raw = token_create(user=world.users["member"], name="t")
    api = world.client(None).post(
        "/api/v1/cases/import",
        {"file": _upload(DEMO_FILE.read_bytes())},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert api.status_code == 429
    assert Case.all_cases.count() == 1
    # another user is not affected
    other, _page = import_via(world.client("lead"), {"file": _upload(DEMO_FILE.read_bytes())})
    assert other.status_code == 302


def test_importing_a_case_that_is_already_here_is_offered_as_a_copy_to_its_members(
    world, import_via
):
    exported = json.dumps(case_export(world.case)).encode()
    user_organiser_set(actor=None, user=world.users["member"], organiser=True)
    client = world.client("member")
    first = client.post(reverse("casefile:import"), {"file": _upload(exported)})
    text = first.content.decode()
    assert first.status_code == 422
    assert "This case is already here." in text
    today = timezone.localdate().isoformat()
    assert f"“Case A (copy {today})”" in text
    assert Case.all_cases.count() == 1
    _copy, page = import_via(client, {"file": _upload(exported), "as_copy": "on"})
    case = Case.objects.get(title=f"Case A (copy {today})")
    assert reverse("cases:dashboard", args=[case.public_id]) in page
    assert case.uid != world.case.uid
    assert Membership.objects.get(case=case, user=world.users["member"]).role == "lead"


def test_someone_outside_the_case_is_not_told_that_it_is_here(world, import_via):
    exported = json.dumps(case_export(world.case)).encode()
    user_organiser_set(actor=None, user=world.users["outsider"], organiser=True)
    response, _page = import_via(world.client("outsider"), {"file": _upload(exported)})
    assert response.status_code == 302
    case = Case.objects.exclude(pk=world.case.pk).get()
    assert case.title == "Case A"
    assert case.uid != world.case.uid


def test_the_export_is_for_the_lead_and_team_members_named_after_the_case_and_confidential(
    world, job_queue, django_capture_on_commit_callbacks
):
    world.case.title = "Valdoria ceasefire talks"
    world.case.save()
    for persona in ("lead", "member"):
        client = world.client(persona)
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(reverse("cases:export", args=[world.case.public_id]))
        assert job_queue.run() == 1  # made in the background; its page follows it
        assert "Download the file" in client.get(started["Location"]).content.decode()
        response = client.get(started["Location"] + "download/")
        today = timezone.localdate().isoformat()
        assert response["Content-Disposition"] == (
            f'attachment; filename="valdoria-ceasefire-talks-{today}.peacetrack.json"'
        )
        text = b"".join(response.streaming_content).decode()
        assert text.splitlines()[1].startswith('  "confidential": "CONFIDENTIAL')
        assert json.loads(text)["case"]["uid"] == world.case.uid
    observer = world.client("observer")
    assert observer.get(reverse("cases:export", args=[world.case.public_id])).status_code == 404
    assert (
        "Export"
        not in observer.get(
            reverse("cases:dashboard", args=[world.case.public_id])
        ).content.decode()
    )
    _, raw = token_create(user=world.users["member"], name="t")
    api = world.client(None).get(
        f"/api/v1/cases/{world.case.public_id}/export", headers={"Authorization": f"Bearer {raw}"}
    )
    assert "valdoria-ceasefire-talks" in api["Content-Disposition"]
    assert next(iter(json.loads(b"".join(api.streaming_content)))) == "confidential"
