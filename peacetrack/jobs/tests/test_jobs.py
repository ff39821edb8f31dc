"""Background jobs as their requester sees them: started from a page or the API, followed on a
page that updates itself, downloaded by them alone while they keep access, and gone once
expired."""

from __future__ import annotations

import datetime
import json
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peacetrack.accounts.tokens import token_create
from peacetrack.audit.models import AuditEvent
from peacetrack.casefile.importer import case_import
from peacetrack.cases.models import Role, TaskNote
from peacetrack.cases.services.members import member_change_role, member_remove
from peacetrack.conftest import World
from peacetrack.jobs import results
from peacetrack.jobs.kinds import JobKind, register_kind, unregister_kind
from peacetrack.jobs.models import Job, JobStatus
from peacetrack.jobs.services import JobRun, job_prune, job_run, job_start
from peacetrack.jobs.tasks import job_prune_task
from peacetrack.testing.jobs import JobQueue


def _start_export(client: Client, world: World, capture: Any) -> str:
    """Press "Make the case file"; the job page's address."""
    with capture(execute=True):
        response = client.post(reverse("cases:export", args=[world.case.public_id]))
    assert response.status_code == 302
    return str(response["Location"])


def _api(world: World, persona: str) -> dict[str, str]:
    _, raw = token_create(user=world.users[persona], name="t")
    return {"Authorization": f"Bearer {raw}"}


def test_an_export_runs_in_the_queue_and_its_page_follows_it_to_the_download(
    world: World, job_queue: JobQueue, django_capture_on_commit_callbacks: Any
):
    client = world.client("member")
    page_url = _start_export(client, world, django_capture_on_commit_callbacks)

    waiting = client.get(page_url).content.decode()
    assert "Case file export" in waiting
    assert re.search(r'role="status" aria-live="polite"[^>]*>Waiting to start\.<', waiting)
    assert '<progress class="job-progress" max="100" value="0"' in waiting
    assert "jobs/job-progress." in waiting  # updates itself; without JavaScript, offers a reload
    assert "Reload this page to see how far it has got." in waiting
    assert AuditEvent.objects.filter(action="jobs.job.start", actor=world.users["member"]).exists()

    assert job_queue.run() == 1

    ready = client.get(page_url).content.decode()
    assert "Ready: the file can be downloaded." in ready
    assert "It is deleted 24 hours after it is ready." in ready
    download = client.get(page_url + "download/")
    assert download["Cache-Control"] == "no-store"
    assert download["Content-Disposition"].startswith('attachment; filename="case-a-')
    raw = b"".join(download.streaming_content)
    assert json.loads(raw)["case"]["title"] == "Case A"
    copy = case_import(raw, actor=world.users["lead"], as_copy=True)  # a case file that imports
    assert TaskNote.objects.filter(case=copy).count() == len(world.notes)
    trail = world.client("lead").get(reverse("cases:audit", args=[world.case.public_id]))
    assert "Started the background job Case file export" in trail.content.decode()


def test_the_api_starts_an_export_and_reports_its_state_then_serves_the_file(
    world: World, job_queue: JobQueue, django_capture_on_commit_callbacks: Any
):
    client, headers = world.client(None), _api(world, "lead")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/api/v1/cases/{world.case.public_id}/export", headers=headers)
    assert started.status_code == 202
    job = started.json()
    assert started["Location"] == f"/api/v1/jobs/{job['id']}"
    assert (job["status"], job["progress"], job["download"]) == ("queued", 0, None)

    job_queue.run()

    status = client.get(started["Location"], headers=headers)
    assert status["Cache-Control"] == "no-store"
    done = status.json()
    assert (done["status"], done["progress"], done["kind"]) == ("done", 100, "case_export")
    assert done["page"] == f"/jobs/{job['id']}/"
    assert done["expires_at"] is not None
    body = b"".join(client.get(done["download"], headers=headers).streaming_content)
    assert json.loads(body)["case"]["uid"] == world.case.uid


@pytest.fixture
def halfway_kind() -> Iterator[list[dict[str, Any]]]:
    """A kind that reports progress, and what the status route said while it ran."""
    seen: list[dict[str, Any]] = []

    def run(job_run: JobRun) -> None:
        job_run.progress(40, "Reading the notes")
        client = Client()
        client.force_login(job_run.job.requested_by)
        seen.append(client.get(f"/api/v1/jobs/{job_run.job.public_id}").json())
        seen.append({"page": client.get(f"/jobs/{job_run.job.public_id}/").content.decode()})
        job_run.save_result(chunks=iter([b"half", b"way"]), filename="halfway.txt")

    register_kind(JobKind(key="halfway", label="Halfway", run=run, access={}))
    yield seen
    unregister_kind("halfway")


def test_the_status_route_and_the_page_show_the_progress_the_job_reports(
    world: World, job_queue: JobQueue, halfway_kind: list[dict[str, Any]]
):
    job = job_start(case=world.case, user=world.users["delegate_a"], kind="halfway")
    job_run(job_id=job.pk)
    running, page = halfway_kind
    assert (running["status"], running["progress"]) == ("running", 40)
    assert running["message"] == "Reading the notes"
    assert "Working: 40% done. Reading the notes" in page["page"]
    client = world.client("delegate_a")
    assert b"".join(client.get(f"/jobs/{job.public_id}/download/").streaming_content) == (
        b"halfway"
    )


def test_a_job_that_fails_says_so_and_leaves_no_file(world: World, job_queue: JobQueue):
    def run(job_run: JobRun) -> None:
        job_run.save_result(chunks=iter([b"partial"]), filename="x.txt")
        raise ValueError("broken")

    register_kind(JobKind(key="broken", label="Broken", run=run, access={}))
    try:
        job = job_start(case=world.case, user=world.users["lead"], kind="broken")
        job_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED
        assert results.result_names() == set()
        page = world.client("lead").get(f"/jobs/{job.public_id}/").content.decode()
        assert "The job failed. Something went wrong; the server&#x27;s log has the details." in (
            page
        )
        assert world.client("lead").get(f"/jobs/{job.public_id}/download/").status_code == 404
    finally:
        unregister_kind("broken")


def test_a_job_delivered_twice_runs_once(world: World, job_queue: JobQueue):
    job = job_start(case=world.case, user=world.users["lead"], kind="case_export")
    job_run(job_id=job.pk)
    first = Job.objects.get(pk=job.pk).result_file
    job_run(job_id=job.pk)
    assert Job.objects.get(pk=job.pk).result_file == first
    assert results.result_names() == {first}


def test_only_the_requester_sees_a_job_and_its_file(
    world: World, job_queue: JobQueue, django_capture_on_commit_callbacks: Any
):
    page_url = _start_export(world.client("member"), world, django_capture_on_commit_callbacks)
    job_queue.run()
    job_id = page_url.strip("/").split("/")[-1]
    for persona in ("lead", "observer", "delegate_a", "outsider"):
        client = world.client(persona)
        assert client.get(page_url).status_code == 404
        assert client.get(page_url + "download/").status_code == 404
        api = client.get(f"/api/v1/jobs/{job_id}", headers=_api(world, persona))
        assert api.status_code == 404
        assert api.json() == {"detail": "Not found."}
    assert world.client(None).get(page_url + "download/").status_code == 302  # to sign-in


def test_a_requester_who_lost_access_to_the_case_can_no_longer_download(
    world: World, job_queue: JobQueue, django_capture_on_commit_callbacks: Any
):
    member, client = world.memberships["member"], world.client("member")
    page_url = _start_export(client, world, django_capture_on_commit_callbacks)
    job_queue.run()
    assert client.get(page_url + "download/").status_code == 200

    # Made an observer: observers do not export, so they no longer read what they exported.
    member_change_role(actor=world.users["lead"], member=member, role=Role.OBSERVER)
    assert client.get(page_url).status_code == 404
    assert client.get(page_url + "download/").status_code == 404

    member.refresh_from_db()
    member_remove(actor=world.users["lead"], member=member)
    assert client.get(page_url + "download/").status_code == 404


def test_an_expired_file_is_refused_then_pruned_by_the_periodic_task(
    world: World, job_queue: JobQueue, django_capture_on_commit_callbacks: Any
):
    client = world.client("lead")
    page_url = _start_export(client, world, django_capture_on_commit_callbacks)
    job_queue.run()
    job = Job.objects.get()
    file = results.result_path(job.result_file)
    assert file.exists()

    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    refused = client.get(page_url + "download/")
    assert refused.status_code == 410
    assert "This file has expired and was deleted." in refused.content.decode()
    api = client.get(f"/api/v1/jobs/{job.public_id}/download", headers=_api(world, "lead"))
    assert api.status_code == 410

    job_prune_task.call_local()
    assert not file.exists()
    job.refresh_from_db()
    assert (job.status, job.result_file) == (JobStatus.EXPIRED, "")
    assert "This file has expired" in client.get(page_url).content.decode()
    assert client.get(page_url + "download/").status_code == 410


def test_pruning_keeps_fresh_files_and_deletes_those_no_job_names(
    world: World, job_queue: JobQueue
):
    job = job_start(case=world.case, user=world.users["lead"], kind="case_export")
    job_run(job_id=job.pk)
    kept = Job.objects.get(pk=job.pk).result_file
    orphan, _size = results.result_write(iter([b"left by a deleted case"]))
    just_written, _size = results.result_write(iter([b"a worker is saving it"]))
    old = (timezone.now() - datetime.timedelta(hours=2)).timestamp()
    os.utime(results.result_path(orphan), (old, old))

    assert job_prune() == 1
    assert results.result_names() == {kept, just_written}
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


def test_starting_the_same_export_twice_while_it_waits_answers_the_first_job(
    world: World, job_queue: JobQueue, django_capture_on_commit_callbacks: Any
):
    client = world.client("member")
    first = _start_export(client, world, django_capture_on_commit_callbacks)
    assert _start_export(client, world, django_capture_on_commit_callbacks) == first
    assert job_queue.run() == 1
    assert _start_export(client, world, django_capture_on_commit_callbacks) != first  # done
    assert Job.objects.count() == 2
    assert AuditEvent.objects.filter(action="jobs.job.start").count() == 2


def test_an_observer_cannot_start_an_export(
    world: World, job_queue: JobQueue, django_capture_on_commit_callbacks: Any
):
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("observer").post(
            reverse("cases:export", args=[world.case.public_id])
        )
    assert response.status_code == 404
    assert not Job.objects.exists()
    assert job_queue.run() == 0


def test_starting_a_job_of_a_kind_no_app_declared_fails_loudly(world: World):
    with pytest.raises(KeyError):
        job_start(case=world.case, user=world.users["lead"], kind="no_such_kind")
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_an_upload_whose_job_never_ran_is_pruned_after_a_day(job_queue: JobQueue):
    old, fresh = results.upload_save(b"a case file"), results.upload_save(b"another")
    two_days_ago = timezone.now().timestamp() - 2 * 86400
    os.utime(results.upload_path(old), (two_days_ago, two_days_ago))
    assert job_prune() == 1
    assert not results.upload_path(old).exists()
    assert results.upload_path(fresh).read_bytes() == b"another"
    # Result pruning never mistakes the uploads' folder for a stray result.
    assert results.UPLOAD_FOLDER not in results.result_names()


def test_job_files_are_readable_by_the_app_user_alone_whatever_the_umask(settings, tmp_path):
    """A whole case in a file: another account on the server must not be able to open it."""
    settings.JOBS_RESULT_DIR = tmp_path / "results"
    previous = os.umask(0o022)  # the usual umask, which leaves new files readable by all
    try:
        name, _size = results.result_write([b'{"case": {}}'])
        upload = results.upload_save(b"{}")
    finally:
        os.umask(previous)
    assert (results.result_path(name).stat().st_mode & 0o777) == 0o600
    assert (results.upload_path(upload).stat().st_mode & 0o777) == 0o600
    assert (results.result_dir().stat().st_mode & 0o777) == 0o700
    assert (results.upload_path(upload).parent.stat().st_mode & 0o777) == 0o700
