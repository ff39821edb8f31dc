"""Pages and API answers travel compressed to a browser that asks for it."""

from __future__ import annotations

import gzip
import json

import pytest

from peacetrack.conftest import World

pytestmark = pytest.mark.django_db


def test_a_page_comes_compressed_when_the_browser_accepts_gzip(world: World) -> None:
    response = world.client("lead").get(
        f"/cases/{world.case.public_id}/", HTTP_ACCEPT_ENCODING="gzip, deflate, br"
    )

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert world.case.title in gzip.decompress(response.content).decode()


def test_a_page_comes_plain_to_a_client_that_does_not_ask(world: World) -> None:
    response = world.client("lead").get(f"/cases/{world.case.public_id}/")

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert world.case.title in response.content.decode()


def test_an_api_answer_comes_compressed_too(world: World) -> None:
    response = world.client("lead").get("/api/v1/cases", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert world.case.title in json.dumps(json.loads(gzip.decompress(response.content)))


def test_the_same_answer_compresses_to_different_sizes_against_breach(world: World) -> None:
    # Django pads each compressed body with random bytes: a secret in an answer cannot be
    # guessed by watching the compressed size change with what an attacker injects.
    client = world.client("lead")
    answers = [client.get("/api/v1/cases", HTTP_ACCEPT_ENCODING="gzip") for _ in range(8)]

    assert len({gzip.decompress(answer.content) for answer in answers}) == 1  # same content
    assert len({len(answer.content) for answer in answers}) > 1
