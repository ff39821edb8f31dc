"""Empty choices are worded: "— choose one —" where a choice is needed, "— none —" where it
may be left empty; never Django's "---------"."""

from __future__ import annotations

import re

from django.urls import reverse

from peacetrack.accounts.models import Profile


def _select(html: str, name: str) -> str:
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match is not None, name
    return match.group(1)


def test_empty_choices_say_what_they_mean(world):
    html = (
        world.client("lead")
        .get(reverse("analysis:create", args=[world.case.public_id, "ties"]))
        .content.decode()
    )
    assert "---------" not in html
    assert '<option value="" selected>— choose one —</option>' in _select(html, "source")
    assert '<option value="" selected>— none —</option>' in _select(html, "confidence")


def test_the_empty_choice_is_translated(world):
    Profile.objects.update_or_create(user=world.users["lead"], defaults={"language": "fr"})
    html = (
        world.client("lead")
        .get(reverse("analysis:create", args=[world.case.public_id, "ties"]))
        .content
    )
    text = html.decode()
    assert "— choisir —" in _select(text, "source")
    assert "— aucun —" in _select(text, "confidence")
