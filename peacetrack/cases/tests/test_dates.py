"""Dates as histories have them (cases/dates.py): a year, a month or a day, optionally about."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from pydantic import TypeAdapter, ValidationError

from peacetrack.cases.dates import (
    ApproxDate,
    ApproxDateFormField,
    ApproxDateStr,
    approx_date_text,
    approx_normalize,
    approx_sort_key,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1976", "1976"),
        ("1976-12", "1976-12"),
        ("1976-12-04", "1976-12-04"),
        ("1976~", "1976~"),
        ("about 1976-12", "1976-12~"),
        ("c. 1976", "1976~"),
        (" ~1976 ", "1976~"),
        (datetime.date(1976, 12, 4), "1976-12-04"),
    ],
)
def test_a_year_a_month_or_a_day_is_stored_in_its_edtf_form(typed, stored):
    assert approx_normalize(typed) == stored


@pytest.mark.parametrize("typed", ["76", "1976-13", "1976-12-4", "Dec 1976", "1976/12", ""])
def test_what_names_no_date_is_refused_with_the_forms_it_takes(typed):
    with pytest.raises(ValueError, match=r"a year \(1976\), a month \(1976-12\)"):
        approx_normalize(typed)


def test_a_day_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="2023-02-29 is not a real day"):
        approx_normalize("2023-02-29")
    assert approx_normalize("2024-02-29") == "2024-02-29"


def test_a_date_reads_to_the_precision_recorded_and_never_invents_a_day():
    assert approx_date_text("1976") == "1976"
    assert approx_date_text("1976-12") == "Dec 1976"
    assert approx_date_text("1976-12-04") == "4 Dec 1976"
    assert approx_date_text("1976~") == "about 1976"
    assert approx_date_text("1976-12~") == "about Dec 1976"
    assert approx_date_text("") == "—"


def test_a_date_reads_in_french():
    with translation.override("fr"):
        assert approx_date_text("1976") == "1976"
        assert approx_date_text("1976-12") == "Déc 1976"  # (YEAR_MONTH_FORMAT of formats/fr)
        assert approx_date_text("1976-12-04") == "4 décembre 1976"
        assert approx_date_text("1976~") == "vers 1976"


def test_dates_sort_by_start_coarser_first_and_about_right_after_the_exact():
    values = ["1977", "1976-03-05", "1976~", "1976-03", "1976", "", "1975-12-31", "1976-03~"]
    assert sorted(values, key=approx_sort_key) == [
        "1975-12-31",
        "1976",
        "1976~",
        "1976-03",
        "1976-03~",
        "1976-03-05",
        "1977",
        "",
    ]


def test_a_span_has_a_first_day_a_last_day_and_a_middle_for_charts():
    year = ApproxDate.parse("2024")
    assert (year.first_day, year.last_day) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    assert year.middle == datetime.date(2024, 7, 1)
    month = ApproxDate.parse("2023-02~")
    assert (month.first_day, month.last_day) == (
        datetime.date(2023, 2, 1),
        datetime.date(2023, 2, 28),
    )
    assert month.precision == "month"
    assert month.about
    day = ApproxDate.parse("2023-02-14")
    assert day.first_day == day.last_day == day.middle == datetime.date(2023, 2, 14)


def test_the_payload_type_states_its_pattern_and_refuses_in_our_words():
    adapter = TypeAdapter(ApproxDateStr)
    assert adapter.validate_python("1976-12~") == "1976-12~"
    assert "pattern" in adapter.json_schema()
    with pytest.raises(ValidationError, match="a month"):
        adapter.validate_python("December")


def test_the_form_field_takes_about_in_words_and_explains_a_refusal():
    field = ApproxDateFormField()
    assert field.clean("about 1976") == "1976~"
    assert field.help_text
    with pytest.raises(Exception, match="a month"):
        field.clean("sometime")
