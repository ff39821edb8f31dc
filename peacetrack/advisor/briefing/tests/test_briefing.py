"""The briefing pack: made in the job queue in each format, opened again and read; for the
lead and team members only."""

from __future__ import annotations

import html
import io
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from peacetrack.accounts.tokens import token_create
from peacetrack.advisor import rules as advisor_rules
from peacetrack.advisor.rules import Fact, Hit, RuleSet, rules_register
from peacetrack.advisor.snapshot import CaseSnapshot
from peacetrack.cases.models import Role
from peacetrack.cases.services.members import member_change_role
from peacetrack.conftest import World, build_analysis
from peacetrack.jobs.models import Job, JobStatus
from peacetrack.testing.jobs import JobQueue

RULE_ID = "1.2.briefing-test-rule"
MESSAGE = "Each delegation's mandate to sign is still unverified (Step 1.2)."
RULE_YAML = f"""
- id: {RULE_ID}
  task: 1.2.1
  kind: risk
  severity: high
  title: Who may sign for each party is unknown
  message: {MESSAGE}
  recommendation: Ask each delegation who holds the authority to commit their side.
  resolves: Each party's signatory recorded.
  facts:
    party: A party whose signatory is unknown.
"""


@pytest.fixture
def a_finding(tmp_path: Path) -> Iterator[str]:
    """A rule of our own that fires once per party: the briefing must tell its findings."""
    path = tmp_path / "rules.yaml"
    path.write_text(RULE_YAML, encoding="utf-8")
    rule_set = RuleSet(path)

    @rule_set.condition(RULE_ID)
    def each_party(snapshot: CaseSnapshot) -> Iterator[Hit]:
        for party in snapshot.parties:
            yield Hit(facts=(Fact("party", party.ref),))

    rules_register(rule_set)
    yield MESSAGE
    advisor_rules._RULES.pop(RULE_ID, None)


@pytest.fixture
def case_with_analysis(world: World, a_finding: str) -> World:
    build_analysis(world)
    return world


def _make(world: World, persona: str, fmt: str, capture: Any, queue: JobQueue) -> Any:
    """Start a briefing from its page as `persona`, run the queue, download the file."""
    client = world.client(persona)
    page = reverse("briefing:page", args=[world.case.public_id])
    with capture(execute=True):
        started = client.post(page, {"format": fmt})
    assert started.status_code == 302
    job_page = started["Location"]
    assert re.fullmatch(r"/jobs/[^/]+/", job_page)
    assert queue.run() == 1
    ready = client.get(job_page).content.decode()
    assert "Briefing pack" in ready
    assert "Ready: the file can be downloaded." in ready
    return client.get(job_page + "download/")


def _text_of(fmt: str, raw: bytes) -> str:
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() for page in reader.pages]
        # every page says it is confidential (the page header and footer)
        assert all("CONFIDENTIAL" in page for page in pages), "a page without the mark"
        # the positions matrix on a landscape page of its own, the rest portrait
        wide = [page.mediabox.width > page.mediabox.height for page in reader.pages]
        assert wide.count(True) == 1
        assert "Positions on the issues" in pages[wide.index(True)]
        return "\n".join(pages)
    if fmt == "docx":
        document = docx.Document(io.BytesIO(raw))
        for section in document.sections:  # every page's header and footer
            assert "CONFIDENTIAL" in section.header.paragraphs[0].text
            assert "CONFIDENTIAL" in section.footer.paragraphs[0].text
        # the positions matrix on landscape pages, the rest portrait
        wide = [s.page_width > s.page_height for s in document.sections]
        assert wide == [False, True, False]
        assert document.paragraphs[0].text.startswith("CONFIDENTIAL")  # the first line
        assert len(document.inline_shapes) == 2  # the actor map and the strength chart
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    text = raw.decode("utf-8")
    assert text.lstrip().startswith("<!DOCTYPE html>")
    # self-contained: its styles and both images inside the file, nothing fetched
    assert text.count('src="data:image/png;base64,') == 2
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert "<link" not in text
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_a_team_member_makes_a_briefing_and_it_reads_back_with_the_case_in_it(
    case_with_analysis: World,
    job_queue: JobQueue,
    django_capture_on_commit_callbacks: Any,
    fmt: str,
):
    world = case_with_analysis
    download = _make(world, "member", fmt, django_capture_on_commit_callbacks, job_queue)
    assert download.status_code == 200
    assert download["Cache-Control"] == "no-store"
    name = re.search(r'filename="([^"]+)"', download["Content-Disposition"])
    assert name is not None
    assert re.fullmatch(rf"case-a-briefing-\d{{4}}-\d\d-\d\d\.{fmt}", name.group(1))
    raw = b"".join(download.streaming_content)
    if os.environ.get("PEACETRACK_BRIEFING_DIR"):  # to look at them
        Path(os.environ["PEACETRACK_BRIEFING_DIR"], name.group(1)).write_bytes(raw)
    if fmt == "docx":
        assert zipfile.is_zipfile(io.BytesIO(raw))
    text = _text_of(fmt, raw)
    flat = " ".join(text.split())
    assert "CONFIDENTIAL" in flat
    assert "Case A" in flat  # the case's title
    assert "Rebel front" in flat  # a party, on the case's page
    assert MESSAGE in flat  # a finding's message, with the facts behind it
    assert "Government — A party whose signatory is unknown." in flat
    # the positions matrix: the issue, the party's column and its stated position
    assert "Land" in flat
    assert "Keep it" in flat
    # relative strength and where the process stands
    assert "4/5 (strong)" in flat
    assert "Step 1: " in flat
    assert "National Army" in flat  # a key actor


def test_the_api_starts_a_briefing_and_answers_the_job(
    case_with_analysis: World, job_queue: JobQueue, django_capture_on_commit_callbacks: Any
):
    world = case_with_analysis
    _token, secret = token_create(user=world.users["lead"], name="briefing")
    headers = {"Authorization": f"Bearer {secret}"}
    url = f"/api/v1/cases/{world.case.public_id}/briefings"
    client = world.client(None)
    refused = client.post(url, {"format": "odt"}, content_type="application/json", headers=headers)
    assert refused.status_code == 422
    assert "format" in str(refused.json()["errors"])
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            url, {"format": "docx"}, content_type="application/json", headers=headers
        )
    assert started.status_code == 202
    job = started.json()
    assert (job["kind"], job["status"]) == ("briefing", "queued")
    assert started["Location"] == f"/api/v1/jobs/{job['id']}"
    job_queue.run()
    done = client.get(started["Location"], headers=headers).json()
    assert done["status"] == "done"
    raw = b"".join(client.get(done["download"], headers=headers).streaming_content)
    document = docx.Document(io.BytesIO(raw))
    assert document.paragraphs[0].text.startswith("CONFIDENTIAL")
    assert "Case A" in [p.text for p in document.paragraphs]  # its title


@pytest.mark.parametrize("persona", ["observer", "delegate_a", "track2", "outsider"])
def test_only_the_lead_and_team_members_may_have_one_made(world: World, persona: str):
    client = world.client(persona)
    page = reverse("briefing:page", args=[world.case.public_id])
    assert client.get(page).status_code == 404
    assert client.post(page, {"format": "pdf"}).status_code == 404
    api = client.post(
        f"/api/v1/cases/{world.case.public_id}/briefings",
        {"format": "pdf"},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert not Job.objects.filter(kind="briefing").exists()


def test_the_page_offers_the_three_formats_and_the_dashboard_links_to_it_for_writers(world: World):
    page = world.client("lead").get(reverse("briefing:page", args=[world.case.public_id]))
    html = page.content.decode()
    for label in ("PDF", "Word document (.docx)", "Web page (.html)"):
        assert label in html
    assert "Confidential" in html
    dashboard = reverse("cases:dashboard", args=[world.case.public_id])
    link = reverse("briefing:page", args=[world.case.public_id])
    assert link in world.client("member").get(dashboard).content.decode()
    assert link not in world.client("observer").get(dashboard).content.decode()


def test_a_member_who_lost_the_right_before_the_job_ran_gets_no_briefing(
    case_with_analysis: World, job_queue: JobQueue, django_capture_on_commit_callbacks: Any
):
    """The briefing is read with its reader's access as it is when the job runs."""
    world = case_with_analysis
    client = world.client("member")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("briefing:page", args=[world.case.public_id]), {"format": "html"})
    member_change_role(
        actor=world.users["lead"], member=world.memberships["member"], role=Role.OBSERVER
    )
    job_queue.run()
    job = Job.objects.get(kind="briefing")
    assert job.status == JobStatus.FAILED
    assert job.message == "You may no longer have a briefing made on this case."
    assert not job.result_file
    assert client.get(reverse("jobs:detail", args=[job.public_id])).status_code == 404


def test_a_french_reader_gets_a_french_briefing(case_with_analysis: World):
    from django.utils import translation

    from peacetrack.advisor.briefing.access import briefing_access
    from peacetrack.advisor.briefing.build import briefing_build
    from peacetrack.advisor.briefing.render import briefing_html

    world = case_with_analysis
    with translation.override("fr"):
        access = briefing_access(world.users["lead"], world.case.public_id)
        page = html.unescape(briefing_html(briefing_build(access)))
    assert '<html lang="fr">' in page
    assert "CONFIDENTIEL" in page
    assert "Le dossier en une page" in page
    assert "Positions sur les enjeux" in page


@pytest.fixture
def a_later_step_section() -> Iterator[None]:
    """A later capability's section, added through the registry."""
    from peacetrack.advisor.briefing.content import Paragraph
    from peacetrack.advisor.briefing.sections import (
        BriefingSection,
        section_register,
        section_unregister,
    )

    def build(access: Any) -> list[Any]:
        return [Paragraph(f"Readiness of {access.case.title}: both sides hesitate.")]

    section_register(BriefingSection("readiness", "Readiness to negotiate", 60, build))
    yield
    section_unregister("readiness")


def test_a_capability_adds_its_section_in_its_place_and_the_job_reports_each(
    world: World, a_later_step_section: None
):
    from peacetrack.advisor.briefing.access import briefing_access
    from peacetrack.advisor.briefing.build import briefing_build

    reported: list[tuple[int, int, str]] = []
    access = briefing_access(world.users["lead"], world.case.public_id)
    briefing = briefing_build(access, progress=lambda *seen: reported.append(seen))
    titles = [section.title for section in briefing.sections]
    assert titles.index("Readiness to negotiate") == titles.index("Findings, by severity") - 1
    readiness = briefing.sections[titles.index("Readiness to negotiate")]
    assert readiness.blocks[0].text == "Readiness of Case A: both sides hesitate."  # type: ignore[union-attr]
    assert [title for _done, _total, title in reported] == titles
    assert [done for done, _total, _title in reported] == list(range(len(titles)))


def test_every_section_reads_with_the_readers_access(world: World):
    """Briefings are for the team, who read everything; still, each section is built with the
    reader's access, so a reader who may not see a record never finds it in a briefing."""
    from peacetrack.advisor.briefing.build import briefing_build
    from peacetrack.advisor.briefing.render import briefing_html
    from peacetrack.cases.access import case_get_for_user

    build_analysis(world)  # every record visible to the team only

    def briefing_for(persona: str) -> str:
        access = case_get_for_user(world.users[persona], world.case.public_id)
        return html.unescape(briefing_html(briefing_build(access)))

    team, delegate = briefing_for("lead"), briefing_for("delegate_a")
    for secret in ("Keep it", "Holds the towns", "National Army"):
        assert secret in team
        assert secret not in delegate
    assert "No contested issues recorded yet." in delegate
    assert "No strength assessments recorded yet." in delegate


def test_a_format_not_offered_is_refused_on_the_page(world: World):
    page = reverse("briefing:page", args=[world.case.public_id])
    refused = world.client("lead").post(page, {"format": "odt"})
    assert refused.status_code == 422
    assert "Select a valid choice." in refused.content.decode()
    assert not Job.objects.filter(kind="briefing").exists()
