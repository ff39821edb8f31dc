"""Pydantic's refusals in our words and the reader's language.

Pydantic writes its messages in English only ("Field required", "Input should be a valid
date"). Every place that shows one to a person — the API's 422 bodies, a step-1 payload's
refusal on a page or in an import — reads it through `pydantic_message`, which words the
common kinds of error as the pages always have (Django's wording) and translates them; an
unusual kind falls back to pydantic's English rather than to nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Words = Callable[[Mapping[str, Any]], str]


def _choices(ctx: Mapping[str, Any]) -> str:
    expected = str(ctx.get("expected", ""))
    return _("Choose one of: %(choices)s.") % {"choices": expected.replace("'", "")}


def _fixed(text: Any) -> Words:
    return lambda ctx: str(text)


MESSAGES: dict[str, Words] = {
    "missing": _fixed(gettext_lazy("This field is required.")),
    "string_too_short": _fixed(gettext_lazy("This field cannot be blank.")),
    "string_too_long": lambda ctx: (
        _("Ensure this value has at most %(max)d characters.") % {"max": ctx.get("max_length", 0)}
    ),
    "extra_forbidden": _fixed(gettext_lazy("There is no such field.")),
    "string_type": _fixed(gettext_lazy("Enter a text.")),
    "string_pattern_mismatch": _fixed(gettext_lazy("Enter a valid value.")),
    "int_type": _fixed(gettext_lazy("Enter a whole number.")),
    "int_parsing": _fixed(gettext_lazy("Enter a whole number.")),
    "int_from_float": _fixed(gettext_lazy("Enter a whole number.")),
    "bool_type": _fixed(gettext_lazy("Enter true or false.")),
    "bool_parsing": _fixed(gettext_lazy("Enter true or false.")),
    "date_type": _fixed(gettext_lazy("Enter a date as YYYY-MM-DD.")),
    "date_parsing": _fixed(gettext_lazy("Enter a date as YYYY-MM-DD.")),
    "date_from_datetime_parsing": _fixed(gettext_lazy("Enter a date as YYYY-MM-DD.")),
    "datetime_type": _fixed(gettext_lazy("Enter a date and time.")),
    "datetime_parsing": _fixed(gettext_lazy("Enter a date and time.")),
    "list_type": _fixed(gettext_lazy("Enter a list.")),
    "dict_type": _fixed(gettext_lazy("Enter an object.")),
    "model_type": _fixed(gettext_lazy("Enter an object.")),
    "model_attributes_type": _fixed(gettext_lazy("Enter an object.")),
    "json_invalid": _fixed(gettext_lazy("This is not valid JSON.")),
    "literal_error": _choices,
    "enum": _choices,
    "greater_than_equal": lambda ctx: (
        _("Ensure this value is greater than or equal to %(limit)s.") % {"limit": ctx.get("ge")}
    ),
    "less_than_equal": lambda ctx: (
        _("Ensure this value is less than or equal to %(limit)s.") % {"limit": ctx.get("le")}
    ),
    "greater_than": lambda ctx: (
        _("Ensure this value is greater than %(limit)s.") % {"limit": ctx.get("gt")}
    ),
    "less_than": lambda ctx: (
        _("Ensure this value is less than %(limit)s.") % {"limit": ctx.get("lt")}
    ),
}

__all__ = ["MESSAGES", "pydantic_message"]


def pydantic_message(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) as a person should read it."""
    words = MESSAGES.get(str(error.get("type", "")))
    return words(error.get("ctx") or {}) if words else str(error.get("msg", ""))
