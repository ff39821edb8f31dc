"""A task's check-points ticked per case: by the team's writers, with who and when."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peacetrack.accounts.tokens import token_create
from peacetrack.audit.models import AuditEvent
from peacetrack.cases import services
from peacetrack.cases.models import CheckpointTick
from peacetrack.methodology.loader import get_methodology

TASK = "1.1.1"


def _url(world, index: int) -> str:
    return reverse("cases:checkpoint", args=[world.case.public_id, TASK, index])


def _page(world, persona: str) -> str:
    return (
        world.client(persona)
        .get(reverse("cases:task", args=[world.case.public_id, TASK]))
        .content.decode()
    )


def test_a_member_ticks_a_checkpoint_and_the_page_says_who_and_when(world):
    events = AuditEvent.objects.count()
    response = world.client("member").post(_url(world, 0), {"ticked": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith("#checkpoint-0")
    tick = CheckpointTick.objects.get(case=world.case, task_key=TASK, index=0)
    assert tick.ticked_by == world.users["member"]
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "cases.checkpoint.tick"
    html = _page(world, "lead")
    assert 'aria-pressed="true"' in html
    assert "ticked by " in html
    assert world.users["member"].get_full_name() in html


def test_unticking_removes_the_tick_with_one_audit_event(world):
    client = world.client("lead")
    client.post(_url(world, 1), {"ticked": "1"})
    events = AuditEvent.objects.count()
    client.post(_url(world, 1), {"ticked": "0"})
    assert not CheckpointTick.objects.filter(case=world.case, task_key=TASK).exists()
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("id").action == "cases.checkpoint.untick"
    assert 'aria-pressed="true"' not in _page(world, "lead")


def test_ticking_twice_keeps_the_first_tick_and_writes_once(world):
    case = world.case
    first = services.checkpoint_tick(actor=world.users["member"], case=case, task_key=TASK, index=0)
    events = AuditEvent.objects.count()
    again = services.checkpoint_tick(actor=world.users["lead"], case=case, task_key=TASK, index=0)
    assert again.pk == first.pk
    assert again.ticked_by == world.users["member"]
    assert AuditEvent.objects.count() == events


def test_a_checkpoint_the_task_does_not_have_is_refused(world):
    count = len(get_methodology().task(TASK).checkpoints)
    with pytest.raises(ValidationError):
        services.checkpoint_tick(
            actor=world.users["lead"], case=world.case, task_key=TASK, index=count
        )
    response = world.client("lead").post(_url(world, count), {"ticked": "1"})
    assert response.status_code == 404
    assert not CheckpointTick.objects.exists()


@pytest.mark.parametrize("persona", ["observer", "delegate_a", "track2", "outsider"])
def test_only_the_teams_writers_may_tick(world, persona):
    events = AuditEvent.objects.count()
    response = world.client(persona).post(_url(world, 0), {"ticked": "1"})
    assert response.status_code == 404
    assert not CheckpointTick.objects.exists()
    assert AuditEvent.objects.count() == events


def test_an_observer_reads_the_ticks_without_a_form(world):
    services.checkpoint_tick(actor=world.users["member"], case=world.case, task_key=TASK, index=0)
    html = _page(world, "observer")
    assert "ticked by " in html
    assert "checkpoint-form" not in html
    assert 'class="ticked"' in html


def test_delegates_see_the_checkpoints_but_never_the_teams_ticks(world):
    services.checkpoint_tick(actor=world.users["member"], case=world.case, task_key=TASK, index=0)
    html = _page(world, "delegate_a")
    assert get_methodology().task(TASK).checkpoints[0] in html
    assert "ticked by " not in html
    assert 'class="ticked"' not in html
    assert "checkpoint-form" not in html


def test_the_trail_names_the_checkpoint(world):
    services.checkpoint_tick(actor=world.users["member"], case=world.case, task_key=TASK, index=0)
    services.checkpoint_untick(actor=world.users["member"], case=world.case, task_key=TASK, index=0)
    html = world.client("lead").get(reverse("cases:audit", args=[world.case.public_id]))
    text = html.content.decode().lower()
    first = get_methodology().task(TASK).checkpoints[0]
    assert "ticked the check-point" in text
    assert "unticked the check-point" in text
    assert first[:30].lower() in text
    assert "check-point</strong>: 0" not in text


# --- The API: ticks travel with the task's progress (team only) ----------------------------


def _api(world, persona: str):
    _, raw = token_create(user=world.users[persona], name="checkpoints")
    return world.client(None), {"Authorization": f"Bearer {raw}"}


def test_the_api_ticks_shows_and_unticks_a_checkpoint(world):
    client, headers = _api(world, "member")
    base = f"/api/v1/cases/{world.case.public_id}/tasks/{TASK}"
    answer = client.put(f"{base}/checkpoints/1", headers=headers)
    assert answer.status_code == 200
    assert answer.json()["ticked"] is True
    assert answer.json()["ticked_by"] == world.users["member"].email
    task = client.get(base, headers=headers).json()
    texts = get_methodology().task(TASK).checkpoints
    assert [c["text"] for c in task["checkpoints"]] == list(texts)
    assert [c["ticked"] for c in task["checkpoints"]][:2] == [False, True]
    tasks = f"/api/v1/cases/{world.case.public_id}/tasks"
    listed = client.get(tasks, {"limit": 200}, headers=headers).json()["items"]
    assert next(t for t in listed if t["key"] == TASK)["checkpoints"][1]["ticked"] is True
    assert client.delete(f"{base}/checkpoints/1", headers=headers).status_code == 204
    assert not CheckpointTick.objects.exists()
    assert client.put(f"{base}/checkpoints/99", headers=headers).status_code == 404


def test_an_observer_reads_the_ticks_through_the_api_but_cannot_tick(world):
    services.checkpoint_tick(actor=world.users["lead"], case=world.case, task_key=TASK, index=0)
    client, headers = _api(world, "observer")
    base = f"/api/v1/cases/{world.case.public_id}/tasks/{TASK}"
    assert client.get(base, headers=headers).json()["checkpoints"][0]["ticked"] is True
    assert client.put(f"{base}/checkpoints/1", headers=headers).status_code == 404
    assert client.delete(f"{base}/checkpoints/0", headers=headers).status_code == 404
    assert CheckpointTick.objects.count() == 1
