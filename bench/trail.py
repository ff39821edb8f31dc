"""Benchmark: the audit trail and the dashboard's latest changes on a case with many events.

Builds, in a throw-away database, one case with its lead, a party delegate and a few records,
then appends many audit events about them (100,000 by default) and times the trail's first page,
a page deep in the trail (keyset pagination), each filter, and the dashboard for the lead and
for the delegate. Prints its figures; tests assert the query counts.

    .venv/bin/python bench/trail.py --events 100000
"""

from __future__ import annotations

import argparse
import time

from common import setup_django, time_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from peacetrack.accounts.services import user_organiser_set
    from peacetrack.analysis.registry import BY_SLUG
    from peacetrack.analysis.services import record_create
    from peacetrack.audit.models import AuditEvent
    from peacetrack.audit.selectors import cursor_of
    from peacetrack.cases import services
    from peacetrack.cases.models import Membership, TaskProgress

    started = time.perf_counter()
    users = get_user_model().objects
    lead = users.create_user("lead@example.org", "lead@example.org", first_name="Lead")
    user_organiser_set(actor=None, user=lead, organiser=True)
    case = services.case_create(creator=lead, title="Bench case", conflict="Bench")
    delegate = users.create_user("gov@example.org", "gov@example.org", first_name="Delegate")
    party = services.party_create(actor=lead, case=case, short_name="GOV", name="Government")
    Membership.objects.create(case=case, user=delegate, role="delegate", party=party)
    issues = [
        record_create(
            actor=lead,
            case=case,
            rtype=BY_SLUG["issues"],
            values={
                "title": f"Issue {i}",
                "category": "territory",
                "visibility": "parties" if i % 2 else "team",
            },
        )
        for i in range(20)
    ]
    progress = list(TaskProgress.objects.filter(case=case)[:20])
    rows = []
    for i in range(args.events):
        if i % 2:
            record, action = issues[i % 20], "analysis.contestedissue.update"
            object_type = "analysis.contestedissue"
            before, after = {"title": f"Issue {i % 20}"}, {"title": f"Issue {i % 20}"}
        else:
            record, action = progress[i % 20], "cases.task.update"
            object_type = "cases.taskprogress"
            before, after = {"status": "not_started"}, {"status": "in_progress"}
        rows.append(
            AuditEvent(
                case=case,
                actor=lead,
                actor_label=lead.email,
                action=action,
                object_type=object_type,
                object_id=str(record.pk),
                before=before,
                after=after,
            )
        )
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    print(
        f"built a case with {args.events} audit events in "
        f"{time.perf_counter() - started:.1f} s on {connection.vendor}"
    )

    middle = AuditEvent.objects.filter(case=case).order_by("-at", "-id")[args.events // 2]
    trail = reverse("cases:audit", args=[case.public_id])
    today = timezone.localdate().isoformat()
    member = Membership.objects.get(case=case, user=lead)
    lead_client, delegate_client = Client(), Client()
    lead_client.force_login(lead)
    delegate_client.force_login(delegate)
    time_pages(
        lead_client,
        {
            "trail, first page": trail,
            "trail, halfway": f"{trail}?after={cursor_of(middle)}",
            "trail, by type": f"{trail}?kind=analysis.contestedissue",
            "trail, by person": f"{trail}?person={member.public_id}",
            "trail, by dates": f"{trail}?since={today}&until={today}",
            "dashboard (lead)": reverse("cases:dashboard", args=[case.public_id]),
        },
        repeat=args.repeat,
        width=20,
    )
    time_pages(
        delegate_client,
        {"dashboard (delegate)": reverse("cases:dashboard", args=[case.public_id])},
        repeat=args.repeat,
        width=20,
    )


if __name__ == "__main__":
    main()
