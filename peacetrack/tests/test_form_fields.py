"""A form field's help and error texts are tied to its input: a screen reader reads them when
the input takes focus (the ids Django's aria-describedby names exist on the page)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class _Descriptions(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, str] = {}  # id → tag
        self.described: dict[str, list[str]] = {}  # input's name → ids it points at
        self._open: list[str] = []
        self.texts: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[str(attributes["id"])] = tag
            self._open.append(str(attributes["id"]))
            self.texts[str(attributes["id"])] = ""
        if attributes.get("aria-describedby"):
            self.described[str(attributes.get("name"))] = str(
                attributes["aria-describedby"]
            ).split()

    def handle_data(self, data: str) -> None:
        for element_id in self._open:
            self.texts[element_id] += data

    def handle_endtag(self, tag: str) -> None:
        if self._open and self.ids.get(self._open[-1]) == tag:
            self._open.pop()


def _descriptions(html: str) -> _Descriptions:
    parser = _Descriptions()
    parser.feed(html)
    return parser


def _assert_described(html: str, name: str, *texts: str) -> None:
    page = _descriptions(html)
    ids = page.described.get(name)
    assert ids, f"the {name} input points at no description"
    missing = [i for i in ids if i not in page.ids]
    assert not missing, f"the {name} input points at ids that are not on the page: {missing}"
    said = " ".join(page.texts[i] for i in ids)
    for text in texts:
        assert text in said


def test_a_notes_help_and_its_error_are_read_with_the_input(world):
    note = world.notes["team"]
    response = world.client("lead").post(
        reverse("cases:note_edit", args=[world.case.public_id, note.public_id]),
        {"body": "", "visibility": "team", "version": note.version},
    )
    html = response.content.decode()
    _assert_described(html, "body", "Markdown: **bold**, lists, links.", "This field is required.")


def test_a_record_forms_errors_are_read_with_their_inputs(world):
    response = world.client("lead").post(
        reverse("analysis:create", args=[world.case.public_id, "actors"]), {"name": ""}
    )
    assert response.status_code == 200
    _assert_described(response.content.decode(), "name", "This field is required.")


def test_a_wrong_current_password_is_read_with_its_input(world):
    response = world.client("lead").post(
        reverse("account_change_password"),
        {"oldpassword": "not it", "password1": "a long new passphrase", "password2": "x"},
    )
    _assert_described(response.content.decode(), "oldpassword", "current password")
