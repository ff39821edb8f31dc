"""Static files carry a hash of their content in their name, so browsers keep them for a
year and still never run an old script after an upgrade; they travel compressed."""

from __future__ import annotations

import gzip
import re

import pytest
from django.templatetags.static import static
from django.test import Client

pytestmark = pytest.mark.django_db

HASHED_STYLESHEET = re.compile(r'href="(/static/peacetrack/app\.[0-9a-f]{12}\.css)"')
A_YEAR = 365 * 24 * 60 * 60


def _stylesheet_url() -> str:
    page = Client().get("/accounts/login/")
    found = HASHED_STYLESHEET.search(page.content.decode())
    assert found, "the sign-in page links its stylesheet under a hashed name"
    return found.group(1)


def test_pages_link_static_files_by_hashed_names_cached_for_a_year() -> None:
    response = Client().get(_stylesheet_url())

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    max_age = re.search(r"max-age=(\d+)", cache_control)
    assert max_age
    assert int(max_age.group(1)) >= A_YEAR
    assert "immutable" in cache_control
    assert "public" in cache_control
    assert b"body" in response.getvalue()


def test_a_static_file_comes_compressed_when_the_browser_accepts_gzip() -> None:
    response = Client().get(_stylesheet_url(), HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert b"body" in gzip.decompress(response.getvalue())


def test_a_link_to_a_static_file_that_does_not_exist_fails_loudly() -> None:
    # The manifest lists every collected file: a typo fails the page's test, not a user.
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        static("peacetrack/no-such-file.css")
