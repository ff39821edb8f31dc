"""Every kind of page passes axe-core's WCAG 2.1 A and AA rules, in real headless Chromium, for
the lead and for a party's delegate where the two see different pages (the demo case: real
notes, charts and records). One right-to-left page in Arabic too."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from peacetrack.cases.models import Case, TaskNote
from peacetrack.demo import DEMO_LEAD, DEMO_PASSWORD, demo_load
from peacetrack.testing.accessibility import assert_accessible
from peacetrack.testing.browser import browser, fresh_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DELEGATE = "gov.delegate@demo.peacetrack.org"

# Rules a page still breaks while another piece of work fixes them: {(page kind, axe rule):
# who fixes it}. Every other rule is still checked on that page, then the test xfails; once the
# rule passes, the test fails until the entry goes.
EXPECTED_TO_BE_FIXED_ELSEWHERE: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class PageKind:
    name: str
    # Where to go on the site, given the demo case.
    path: Callable[[Case], str]
    visitor: str | None = DEMO_LEAD
    # What to do once there before checking (fill a form, wait for the map...).
    then: Callable[[Any], None] | None = None

    def __str__(self) -> str:
        who = {DEMO_LEAD: "lead", DELEGATE: "delegate", None: "anonymous"}[self.visitor]
        return f"{self.name}-{who}"


def _case(suffix: str) -> Callable[[Case], str]:
    return lambda case: f"/cases/{case.public_id}/{suffix}"


def _lead_note(case: Case) -> str:
    note = TaskNote.objects.filter(case=case, author__email=DEMO_LEAD).order_by("id").first()
    assert note is not None, "the demo lead wrote notes"
    return f"/cases/{case.public_id}/notes/{note.public_id}/edit/"


def _first_record(page: Any) -> None:
    page.locator("main table a.strong").first.click()
    page.wait_for_load_state()


def _submit_empty(page: Any) -> None:
    # Past the browser's own check of required fields, to see the page's error messages.
    page.locator("main form[method=post]").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name="Add", exact=True).click()
    page.locator(".field-error").first.wait_for()


def _profile_form(page: Any) -> None:
    _first_record(page)
    page.get_by_role("link", name="Edit profile").click()
    page.wait_for_load_state()


def _shared_with_everyone(page: Any) -> None:
    page.get_by_label("Who can read it").select_option("public")
    page.get_by_role("button", name="Save").click()
    page.locator(".widening").wait_for()


def _map_drawn(page: Any) -> None:
    # (a delegate with nothing shared gets the empty state, not a map to wait for)
    if page.locator("#actor-map").count():
        page.locator("#actor-map[data-ready='true']").wait_for()


def _wrong_current_password(page: Any) -> None:
    page.locator("#id_oldpassword").fill("not the password")
    page.locator("#id_password1").fill("a new long passphrase 42")
    page.locator("#id_password2").fill("a new long passphrase 42")
    page.locator("main form button[type=submit]").click()
    page.locator(".field-error").first.wait_for()


def _in_arabic(page: Any) -> None:
    page.get_by_role("button", name="العربية").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"


PAGES = [
    PageKind("sign-in", lambda case: "/accounts/login/", visitor=None),
    *(
        kind
        for visitor, records in ((DEMO_LEAD, "actors"), (DELEGATE, "events"))
        for kind in (
            PageKind("case-list", lambda case: "/cases/", visitor),
            PageKind("dashboard", _case(""), visitor),
            PageKind("step", _case("steps/1/"), visitor),
            PageKind("task", _case("tasks/1.1.1/"), visitor),
            PageKind("analysis-overview", _case("analysis/"), visitor),
            PageKind("actor-map", _case("analysis/map/"), visitor, then=_map_drawn),
            PageKind("positions-matrix", _case("analysis/positions/matrix/"), visitor),
            # The demo shares events with the parties, not actors.
            PageKind("record-list", _case(f"analysis/{records}/"), visitor),
            PageKind("record-detail", _case(f"analysis/{records}/"), visitor, then=_first_record),
            PageKind("members", _case("members/"), visitor),
            PageKind("search-results", _case("search/?q=land"), visitor),
        )
    ),
    PageKind("note-form", _lead_note),
    PageKind("note-form-asking-to-confirm-wider-sharing", _lead_note, then=_shared_with_everyone),
    PageKind("actor-profile-form", _case("analysis/actors/"), then=_profile_form),
    PageKind("parties", _case("parties/")),
    PageKind("case-form", _case("edit/")),
    PageKind("case-import", lambda case: "/cases/import/"),
    PageKind("methodology-search", lambda case: "/methodology/?q=ceasefire"),
    PageKind("account-sessions", lambda case: "/account/sessions/"),
    PageKind("api-tokens", lambda case: "/account/tokens/"),
    PageKind("people", lambda case: "/account/people/"),
    PageKind("record-form-with-errors", _case("analysis/actors/new/"), then=_submit_empty),
    PageKind("audit-trail", _case("audit/")),
    PageKind(
        "password-change", lambda case: "/accounts/password/change/", then=_wrong_current_password
    ),
    PageKind("not-found", _case("analysis/nothing-here/")),
    PageKind("dashboard-in-arabic", _case(""), then=_in_arabic),
]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    yield from browser()


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    yield from fresh_page(chromium)


@pytest.mark.parametrize("kind", PAGES, ids=str)
def test_page_breaks_no_wcag_21_aa_rule(kind: PageKind, page: Any, live_server: Any) -> None:
    case, _ = demo_load()
    if kind.visitor:
        sign_in(page, live_server.url, kind.visitor, DEMO_PASSWORD)
    page.goto(live_server.url + kind.path(case))
    if kind.then:
        kind.then(page)
    known = {
        rule: who
        for (name, rule), who in EXPECTED_TO_BE_FIXED_ELSEWHERE.items()
        if name == str(kind)
    }
    assert_accessible(page, where=f"{kind} ({page.url})", known=known)


def test_the_two_search_landmarks_of_the_search_page_are_told_apart(
    page: Any, live_server: Any
) -> None:
    """(axe passes unnamed search forms: a screen reader's list of landmarks does not.)"""
    case, _ = demo_load()
    sign_in(page, live_server.url, DEMO_LEAD, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.public_id}/search/?q=land")
    names = page.get_by_role("search").evaluate_all(
        "forms => forms.map(f => f.getAttribute('aria-label')"
        " || document.getElementById(f.getAttribute('aria-labelledby'))?.textContent)"
    )
    assert names == ["Search this case", "Search this case's notes and the methodology"]
