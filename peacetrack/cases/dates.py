"""Dates as histories have them: a year, a month or a day, optionally "about".

The value is a string in a small subset of the Library of Congress Extended Date/Time Format
(EDTF, level 0 plus its "approximate" qualifier of level 1): "1976", "1976-12", "1976-12-04",
each optionally followed by "~" for "about" ("1976~", "1976-12~"). One type serves every
capability: a model field (ApproxDateField), a pydantic type for payloads and JSON Schemas
(ApproxDateStr), a form field (ApproxDateFormField), how it reads (approx_date_text: never a
day that was not recorded), a sort key, and the first and last day of its span for charts.

Order. Years have four digits, so the stored strings sort chronologically by their first day.
At the same start the coarser value comes first ("1976" before "1976-01" before
"1976-01-01"), and "about X" right after X. Plain string order would put "1976~" after
"1976-12-31" ("~" sorts after "-"), so ordered queries use approx_ordering(), which compares
the string without its "~" first, then the string itself; approx_sort_key() gives the same
order in Python.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Replace
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

# The JSON Schema pattern (the same in both regex dialects).
PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?~?$"
MAX_LENGTH = len("1976-12-04~")
_FORM = re.compile(PATTERN)
# What people type for "about" in front of a date.
_ABOUT_WORDS = re.compile(r"^(about|around|circa|ca\.?|c\.|vers|environ|~)\s*", re.IGNORECASE)

YEAR, MONTH, DAY = "year", "month", "day"


@dataclass(frozen=True)
class ApproxDate:
    year: int
    month: int | None = None
    day: int | None = None
    about: bool = False

    @classmethod
    def parse(cls, value: Any) -> ApproxDate:
        """The date a value names: an EDTF string (with "about", "c.", "~" in front accepted),
        a date, or an ApproxDate. ValueError, with a message for the reader, if it is none."""
        if isinstance(value, ApproxDate):
            return value
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        text = str(value if value is not None else "").strip()
        about = False
        words = _ABOUT_WORDS.match(text)
        if words:
            text, about = text[words.end() :].strip(), True
        if not _FORM.match(text):
            raise ValueError(
                gettext(
                    "Write a year (1976), a month (1976-12) or a day (1976-12-04), "
                    "with ~ after it for “about” (1976~)."
                )
            )
        if text.endswith("~"):
            text, about = text[:-1], True
        parts = [int(part) for part in text.split("-")]
        year, month, day = [*parts, 0, 0][:3]
        if day and day > calendar.monthrange(year, month)[1]:
            raise ValueError(gettext("%(value)s is not a real day.") % {"value": text})
        return cls(year, month or None, day or None, about)

    @property
    def precision(self) -> str:
        return DAY if self.day else MONTH if self.month else YEAR

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text + ("~" if self.about else "")

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        if self.day:
            return self.first_day
        month = self.month or 12
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def middle(self) -> datetime.date:
        """The middle of the span (a chart places a year-precision event mid-year)."""
        return self.first_day + (self.last_day - self.first_day) / 2

    def sort_key(self) -> tuple[int, int, int, bool]:
        return (self.year, self.month or 0, self.day or 0, self.about)

    def text(self) -> str:
        """As the reader's language writes it, to the precision recorded: "1976", "Dec 1976",
        "4 Dec 1976", "about 1976" (formats from peacetrack/formats/<language>)."""
        if self.day:
            shown = date_format(self.first_day, "DATE_FORMAT")
        elif self.month:
            shown = date_format(self.first_day, "YEAR_MONTH_FORMAT")
        else:
            shown = str(self.year)
        if self.about:
            return gettext("about %(date)s") % {"date": shown}
        return shown


def approx_normalize(value: Any) -> str:
    """The stored form of a value (ValueError if it names no date)."""
    return str(ApproxDate.parse(value))


def approx_date_text(value: Any) -> str:
    """How a stored value reads ("—" when empty); a value that is not a date reads as it is."""
    if value in (None, ""):
        return "—"
    try:
        return ApproxDate.parse(value).text()
    except ValueError:
        return str(value)


def approx_sort_key(value: Any) -> tuple[int, int, int, bool]:
    """Chronological, coarser first at the same start, "about X" right after X; empty last."""
    if value in (None, ""):
        return (10000, 0, 0, False)
    return ApproxDate.parse(value).sort_key()


def approx_ordering(name: str) -> list[Any]:
    """order_by() terms that sort a stored field as approx_sort_key does."""
    return [Replace(models.F(name), models.Value("~"), models.Value("")), name]


def _payload_value(value: Any) -> str:
    try:
        return approx_normalize(value)
    except ValueError as exc:  # the refusal in our words, as the payloads' rules give theirs
        raise PydanticCustomError("rule", "{message}", {"message": str(exc)}) from None


def _payload_value_or_none(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _payload_value(value)


# For payloads: the stored string; the JSON Schema states its form.
ApproxDateStr = Annotated[
    str,
    BeforeValidator(_payload_value),
    WithJsonSchema({"type": "string", "pattern": PATTERN}),
]
OptionalApproxDateStr = Annotated[
    str | None,
    BeforeValidator(_payload_value_or_none),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": PATTERN}, {"type": "null"}]}),
]


def _validate(value: Any) -> None:
    try:
        ApproxDate.parse(value)
    except ValueError as exc:
        raise ValidationError(str(exc), code="invalid_date") from None


class ApproxDateFormField(forms.CharField):
    """A text input for a year, a month or a day, "about" with ~ (or "about", "c." in front)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            _("A year (1976), a month (1976-12) or a day (1976-12-04); add ~ for “about” (1976~)."),
        )
        kwargs["max_length"] = None
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("size", "14")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if text in self.empty_values:
            return ""
        try:
            return approx_normalize(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid_date") from None


class ApproxDateField(models.CharField):  # type: ignore[type-arg]
    """A date to the precision known, stored as its EDTF string (see the module's docstring)."""

    description = _("A year, a month or a day, optionally about")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_length"] = MAX_LENGTH
        super().__init__(*args, **kwargs)
        self.validators.append(_validate)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def to_python(self, value: Any) -> Any:
        if isinstance(value, datetime.date | ApproxDate):
            return str(ApproxDate.parse(value))
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date | ApproxDate):
            value = str(ApproxDate.parse(value))
        return super().get_prep_value(value)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return ApproxDateFormField(
            required=not self.blank,
            label=str(self.verbose_name).capitalize(),
            **kwargs,
        )
