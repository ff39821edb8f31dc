"""Reading a case file: bytes → a current-version dict that passes the JSON Schema.

No database access and no transaction: a large or hostile file costs this request's time and
memory, never other users' writes. Limits come first and are cheap: size before decoding,
nesting depth before parsing (Python's parser would recurse), items per array before the
schema is checked. Problems are collected, up to CASEFILE_MAX_PROBLEMS, each with its place.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from itertools import accumulate
from typing import Any, cast

import jsonschema
import jsonschema_rs
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peacetrack.casefile.errors import CaseFileError, Problem
from peacetrack.casefile.schema import READABLE_VERSIONS, SCHEMA_VERSION, full_schema
from peacetrack.casefile.upgrades import upgrade

# A JSON string, escapes included (unrolled so that it runs in linear time).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def megabytes(size: int) -> str:
    return f"{size / 2**20:.0f}" if size >= 2**20 else f"{size / 2**20:.2f}"


def check_size(size: int) -> None:
    """Refuse a file over CASEFILE_MAX_BYTES (callers check an upload's size before reading)."""
    limit = settings.CASEFILE_MAX_BYTES
    if size > limit:
        raise CaseFileError(
            _("the file is %(size)s MB; case files are limited to %(limit)s MB")
            % {"size": f"{size / 2**20:.1f}", "limit": megabytes(limit)}
        )


def nesting_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest, counted on the bytes without parsing them."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(accumulate(_STEP[b] for b in brackets), default=0)


def _too_deep() -> CaseFileError:
    return CaseFileError(
        _(
            "the file nests lists and objects more than %(limit)d levels deep; a case file "
            "needs far fewer, so this is not a case file"
        )
        % {"limit": settings.CASEFILE_MAX_DEPTH}
    )


def read(raw: bytes) -> dict[str, Any]:
    """Bytes → a checked case-file dict of the current schema version, or CaseFileError."""
    check_size(len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaseFileError(
            _("the file is not UTF-8 text (byte %(byte)d)") % {"byte": exc.start}
        ) from None
    if nesting_depth(raw) > settings.CASEFILE_MAX_DEPTH:
        raise _too_deep()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            _("the file is not valid JSON: %(problem)s at line %(line)d, column %(column)d")
            % {"problem": exc.msg, "line": exc.lineno, "column": exc.colno}
        ) from None
    except RecursionError:  # the depth count above was fooled by a malformed string
        raise _too_deep() from None
    del text
    if not isinstance(data, dict):
        raise CaseFileError(_("the file must hold a JSON object, not a list or a value"))
    version = data.get("schema_version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        raise CaseFileError(
            _("unknown schema_version %(version)s: this Peacetrack reads versions %(readable)s")
            % {
                "version": json.dumps(version),
                "readable": ", ".join(str(v) for v in READABLE_VERSIONS),
            }
        )
    _check_counts(data)
    data = upgrade(data, SCHEMA_VERSION)
    problems = schema_problems(data)
    if problems:
        raise CaseFileError(problems=problems)
    return data


def _check_counts(data: Any) -> None:
    """Refuse any array with more than CASEFILE_MAX_ITEMS items, naming where it is."""
    limit = settings.CASEFILE_MAX_ITEMS
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack and len(problems) < settings.CASEFILE_MAX_PROBLEMS:
        value, path = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, (*path, k)) for k, v in value.items() if isinstance(v, dict | list))
        elif isinstance(value, list):
            if len(value) > limit:
                problems.append(
                    Problem(
                        path,
                        _("%(count)s items; a case file allows at most %(limit)s in one list")
                        % {"count": f"{len(value):,}", "limit": f"{limit:,}"},
                    )
                )
                continue
            stack.extend((v, (*path, i)) for i, v in enumerate(value) if isinstance(v, dict | list))
    if problems:
        raise CaseFileError(problems=sorted(problems, key=lambda p: _sort_key(p.path)))


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(full_schema())


@functools.cache
def _fast_validator() -> jsonschema_rs.Draft202012Validator:
    # The same schema, compiled: a large file passes in milliseconds instead of seconds.
    # It only says yes or no; a refused file is described by the (slower) Python validator.
    return jsonschema_rs.Draft202012Validator(full_schema(), validate_formats=False)


def _sort_key(path: tuple[str | int, ...]) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in path)


def schema_problems(data: dict[str, Any]) -> list[Problem]:
    """Every JSON Schema problem (up to the limit), in file order, in plain words."""
    if _fast_validator().is_valid(data):
        return []
    limit = settings.CASEFILE_MAX_PROBLEMS
    problems: list[Problem] = []
    for error in _validator().iter_errors(data):
        problems.extend(_describe(error))
        if len(problems) >= limit:
            break
    problems.sort(key=lambda p: _sort_key(p.path))
    return problems[:limit]


_TYPES = {
    "string": gettext_noop("text"),
    "integer": gettext_noop("a whole number"),
    "number": gettext_noop("a number"),
    "boolean": gettext_noop("true or false"),
    "array": gettext_noop("a list"),
    "object": gettext_noop("an object"),
    "null": gettext_noop("null"),
}


def _type_words(value: Any) -> str:
    types = value if isinstance(value, list) else [value]
    return _(" or ").join(_(_TYPES.get(str(t), str(t))) for t in types)


def _found(instance: Any) -> str:
    return json.dumps(instance, ensure_ascii=False)[:80]


def _describe(error: jsonschema.ValidationError) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    keyword: Any = error.validator
    expected: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if keyword == "required":
        for name in expected:
            if isinstance(instance, dict) and name not in instance:
                yield Problem(path, _("“%(name)s” is missing") % {"name": name})
        return
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = set(schema.get("properties", {}))
        for name in sorted(set(instance) - known):
            yield Problem(
                (*path, name), _("this file format has no field “%(name)s”") % {"name": name}
            )
        return
    if keyword in ("oneOf", "anyOf"):  # e.g. "a date or null": say what the text should be
        pattern = next((e for e in error.context or [] if e.validator == "pattern"), None)
        enum = next((e for e in error.context or [] if e.validator == "enum"), None)
        if enum is not None and pattern is not None:  # a list the team can extend
            yield Problem(
                path,
                _("%(found)s is not one of: %(allowed)s, nor a key of the case's own items")
                % {
                    "found": _found(instance),
                    "allowed": ", ".join(str(v) for v in cast("list[Any]", enum.validator_value)),
                },
            )
            return
        if pattern is not None:
            keyword, expected = "pattern", pattern.validator_value
    message = {
        "enum": lambda: (
            _("%(found)s is not one of: %(allowed)s")
            % {"found": _found(instance), "allowed": ", ".join(str(v) for v in expected)}
        ),
        "const": lambda: _("must be %(value)s") % {"value": _found(expected)},
        "type": lambda: (
            _("should be %(expected)s, not %(found)s")
            % {"expected": _type_words(expected), "found": _found(instance)}
        ),
        "maxLength": lambda: _("is longer than %(limit)d characters") % {"limit": expected},
        "minLength": lambda: (
            _("is empty")
            if expected == 1
            else _("is shorter than %(limit)d characters") % {"limit": expected}
        ),
        "pattern": lambda: (
            _("%(found)s is not a date (YYYY-MM-DD)") % {"found": _found(instance)}
            if "[0-9]{4}" in str(expected)
            else _("%(found)s is not in the expected form (%(pattern)s)")
            % {"found": _found(instance), "pattern": expected}
        ),
        "minimum": lambda: _("must be at least %(limit)s") % {"limit": expected},
        "maximum": lambda: _("must be at most %(limit)s") % {"limit": expected},
    }.get(str(keyword))
    yield Problem(path, message() if message else error.message)
