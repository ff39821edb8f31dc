"""Progress through the methodology, as the dashboard and step pages show it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from peacetrack.cases import services
from peacetrack.cases.models import TaskProgress
from peacetrack.cases.progress import progress_from_statuses

pytestmark = pytest.mark.django_db


def _step_progress(html: str, step: str) -> str:
    match = re.search(rf'data-testid="step-{step}-progress">([^<]+)<', html)
    assert match, f"no progress shown for step {step}"
    return match.group(1).strip()


def test_marking_a_task_done_changes_its_steps_progress_on_the_dashboard(world):
    client = world.client("member")
    dashboard = reverse("cases:dashboard", args=[world.case.public_id])
    assert _step_progress(client.get(dashboard).content.decode(), "4").startswith("0/14 done")
    client.post(
        reverse("cases:task", args=[world.case.public_id, "4.2.2"]),
        {"status": "done", "owner": "", "due_on": "", "na_reason": ""},
    )
    html = client.get(dashboard).content.decode()
    assert _step_progress(html, "4").startswith("1/14 done")
    assert _step_progress(html, "1").startswith("0/10 done")


def test_a_not_applicable_task_leaves_the_denominator():
    rows = [("1.1.1", "done"), ("1.1.2", "not_applicable")]
    progress = progress_from_statuses(rows)
    assert progress.steps["1"].applicable == 9
    assert progress.steps["1"].done == 1
    assert progress.activities["1.1"].percent == 100
    assert progress.overall.applicable == 60


def test_you_are_here_is_the_first_step_with_work_left():
    rows = [
        (f"1.{a}.{t}", "done")
        for a, t in [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (2, 4), (3, 1), (3, 2), (4, 1), (4, 2)]
    ]
    assert progress_from_statuses(rows).current_step() == "2"
    assert progress_from_statuses([]).current_step() == "1"


def test_dashboard_lists_overdue_and_due_soon_tasks_with_owner(world):
    today = timezone.localdate()
    for key, due in [
        ("1.1.1", today - datetime.timedelta(days=3)),
        ("1.1.2", today + datetime.timedelta(days=2)),
        ("1.2.1", today + datetime.timedelta(days=30)),
    ]:
        services.task_update(
            actor=world.users["lead"],
            progress=TaskProgress.objects.get(case=world.case, task_key=key),
            status="in_progress",
            owner=world.users["member"],
            due_on=due,
        )
    html = world.client("lead").get(reverse("cases:dashboard", args=[world.case.public_id]))
    text = html.content.decode()
    overdue, _, rest = text.partition("Due in the next 7 days")
    assert "Analyze the history and causes of the conflict" in overdue
    assert "Assess positions and interests" in rest.split("Latest changes")[0]
    assert "Analyze the parties to the conflict</a>" not in text.split("Latest changes")[0]


def test_step_page_shows_tasks_with_status_guidance_and_questions(world):
    services.task_update(
        actor=world.users["lead"],
        progress=TaskProgress.objects.get(case=world.case, task_key="4.2.2"),
        status="in_progress",
    )
    html = world.client("lead").get(reverse("cases:step", args=[world.case.public_id, "4"]))
    text = html.content.decode()
    assert "Conduct Track-I Mediation" in text
    assert "4.2.2" in text
    assert "Manage spoilers" in text
    assert "In progress" in text.split("Manage spoilers")[1][:400]
    assert "Questions the team should be able to answer" in text


def test_the_case_list_shows_each_cases_progress(world):
    services.task_update(
        actor=world.users["lead"],
        progress=TaskProgress.objects.get(case=world.case, task_key="1.1.1"),
        status="done",
    )
    text = world.client("lead").get(reverse("cases:list")).content.decode()
    assert "1 of 61 tasks done" in text
