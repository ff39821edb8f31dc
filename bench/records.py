"""Benchmark for the record core: do page query counts stay constant as a case grows?

Builds, in a throw-away database, two cases with the same shape — a small one and a large one
(every step-1 record type, some shared with a party) — entirely through the JSON API, the way
a client would. Then reads every step-1 page, list and API list of both cases as the lead
mediator and as a party delegate, and prints each page's SQL query count on both cases and its
time as a ratio of a trivial page measured in the same run. A page whose query count differs
grows with the case is marked GROWS (a few pages may need fewer queries on the large case: the
trail and the latest changes name the kinds of record their first page shows, fewer kinds when the
most recent events are all alike). Asserts nothing: tests pin the counts.

    .venv/bin/python bench/records.py --small 2 --large 150
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from common import setup_django, time_get


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=2)
    parser.add_argument("--large", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from peacetrack.accounts.services import user_create
    from peacetrack.cases import services
    from peacetrack.cases.models import Membership, Role
    from peacetrack.methodology.loader import get_methodology

    lists = get_methodology().lists
    leverage = [item.key for item in lists["sources_of_leverage"].items]
    factors = [item.key for item in lists["intractability_factors"].items]
    lead = user_create(email="lead@example.org", password=None, organiser=True)
    delegate = user_create(email="gov@example.org", password=None)
    client = Client()
    client.force_login(lead)

    def api(method: str, url: str, body: dict[str, Any]) -> dict[str, Any]:
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code in (200, 201), (url, response.status_code, response.content)
        return response.json()  # type: ignore[no-any-return]

    def build(title: str, size: int) -> Any:
        case = services.case_create(creator=lead, title=title, conflict="Bench")
        gov = services.party_create(actor=lead, case=case, short_name="GOV", name="Government")
        services.party_create(actor=lead, case=case, short_name="FRONT", name="Front")
        Membership.objects.create(case=case, user=delegate, role=Role.DELEGATE, party=gov)
        gov_actor = gov.standing_actor.public_id  # (created with the party)
        base = f"/api/v1/cases/{case.public_id}/analysis"

        def add(slug: str, i: int, **values: Any) -> str:
            shared = "party:GOV" if i % 3 == 0 else ("parties" if i % 3 == 1 else "team")
            return api("post", f"{base}/{slug}", {"visibility": shared, **values})["id"]

        for i in range(size):
            issue = add("issues", i, title=f"Issue {i}", category="territory", levels=["local"])
            army = add("actors", i, name=f"Army {i}", kind="military_wing", party_id=gov.public_id)
            front = add("actors", i, name=f"Front {i}", kind="conflict_party")
            add("positions", i, actor_id=gov_actor, issue_id=issue, position=f"Keep {i}")
            add("ties", i, source_id=army, target_id=front, kind="hostility")
            add("beneficiaries", i, actor_id=front, gain="wealth", how=f"Smuggling {i}")
            add("institutions", i, name=f"Council {i}", kind="council", origin="indigenous")
            add("resources", i, actor_id=army, kind="armed_forces", hold="secure")
            add(
                "strength",
                i,
                actor_id=gov_actor,
                assessed_on=f"20{10 + i % 15}-01-{1 + i % 28:02}",
                strength=1 + i % 5,
                rationale=f"Reason {i}",
            )
            if i < len(leverage):  # one answer per item of the handbook's lists
                add("leverage", i, source=leverage[i], offers=f"Offer {i}", holder_id=army)
            if i < len(factors):
                add("intractability", i, factor=factors[i], status="present")
            add("events", i, date=f"19{50 + i % 50}-05-01", title=f"Event {i}", kind="other")
            add("mediations", i, mediator=f"Mediator {i}", outcome="no_agreement")
        return case

    started = time.perf_counter()
    small = build("Small case", args.small)
    large = build("Large case", args.large)
    print(
        f"built cases of {args.small} and {args.large} rounds of every step-1 type through the "
        f"API in {time.perf_counter() - started:.1f} s on {connection.vendor}"
    )

    def pages(case: Any) -> dict[str, str]:
        pid = case.public_id
        found = {
            "dashboard": reverse("cases:dashboard", args=[pid]),
            "assessment overview": reverse("analysis:overview", args=[pid]),
            "actor map page": reverse("analysis:map", args=[pid]),
            "positions matrix": reverse("analysis:matrix", args=[pid]),
            "task 1.2.1 page": reverse("cases:task", args=[pid, "1.2.1"]),
            "search": reverse("cases:search", args=[pid]) + "?q=Army",
            "audit trail": reverse("cases:audit", args=[pid]),
        }
        for slug in ("issues", "actors", "ties", "positions", "events", "strength"):
            found[f"{slug} list"] = reverse("analysis:list", args=[pid, slug])
        actor = client.get(f"/api/v1/cases/{pid}/analysis/actors").json()["items"][0]["id"]
        found["actor page"] = reverse("analysis:detail", args=[pid, "actors", actor])
        found["API actors"] = f"/api/v1/cases/{pid}/analysis/actors"
        return found

    def measure(who: Client, url: str) -> tuple[float, int]:
        timing = time_get(who, url, repeat=args.repeat)
        return timing.median, timing.queries

    delegate_client = Client()
    delegate_client.force_login(delegate)
    trivial, _ = measure(client, reverse("cases:list"))
    small_pages, large_pages = pages(small), pages(large)
    print(
        f"{'page':<22} {'who':<9} {'queries small':>13} {'queries large':>13} "
        f"{'large ÷ case list':>18}"
    )
    for who, who_client in (("lead", client), ("delegate", delegate_client)):
        for name in small_pages:
            if who == "delegate" and name == "audit trail":
                continue  # the trail is the mediation team's
            _, small_queries = measure(who_client, small_pages[name])
            seconds, large_queries = measure(who_client, large_pages[name])
            mark = "  GROWS" if large_queries > small_queries else ""
            print(
                f"{name:<22} {who:<9} {small_queries:>13} {large_queries:>13} "
                f"{seconds / trivial:>17.1f}×{mark}"
            )


if __name__ == "__main__":
    main()
