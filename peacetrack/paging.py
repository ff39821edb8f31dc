"""Keyset pagination, the one way every list is cut into pages (API lists and list pages).

A page is the rows after a cursor in the list's ordering ended by a unique key (the public
id, else the primary key: rows that tie on the ordering keep their place): a row added while
someone pages through the list never shifts what the next page shows, unlike OFFSET. The
cursor is opaque: the last row's ordering values, signed (a cursor edited by hand, made for
another list, or damaged on the way is refused with `BadCursor`, never read as something
else). The count is exact up to `COUNT_CAP` and said as "1,000+" beyond, so that counting
never costs more than reading the cap's worth of rows.

The API answers `api_page(...)` (envelope `{"items", "next", "count", "count_capped"}`, query
`cursor` and `limit`); pages call `page_for_request(...)` and render the page with
`{% include "_pager.html" with page=... %}`. A list computed in memory rather than read from
a table (the advisor's findings) is cut the same way by `sequence_page` / `api_sequence_page`:
its cursor is the last item's place in the list's order, signed likewise.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Expression, F, Model, OrderBy, Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import create_model

T = TypeVar("T")
M = TypeVar("M", bound=Model)

#: The count is exact up to this many rows, then "1,000+".
COUNT_CAP = 1000
#: Rows per page unless the reader asks (API `limit`), and the most one may ask for.
DEFAULT_LIMIT = 50
MAX_LIMIT = 200

_SALT = "peacetrack.paging"
_KEY = "_page_key_{}"

BAD_CURSOR = gettext_lazy(
    "This page link is out of date or damaged: start again from the first page."
)


class BadCursor(ValidationError):
    """A cursor that this list did not make (the API answers 422 naming `cursor`)."""

    def __init__(self) -> None:
        super().__init__({"cursor": [str(BAD_CURSOR)]}, code="invalid")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its rows, the cursor of the next page (None on the last), and the
    list's count (exact up to COUNT_CAP; `count_capped` beyond, with `count` = COUNT_CAP)."""

    items: list[T]
    next: str | None
    count: int
    count_capped: bool
    # Pages only: whether a cursor was given (a "First page" link then), the links, and the
    # message shown when the cursor was refused (the first page is shown instead).
    is_first: bool = True
    next_url: str = ""
    first_url: str = ""
    error: str = ""
    label: str = ""  # the next page's link
    name: str = ""  # the pager's name for screen readers, where a page shows two lists

    @property
    def count_text(self) -> str:
        """The count as the pages say it: "1,234" or "1,000+"."""
        text = number_format(self.count, force_grouping=True)
        return f"{text}+" if self.count_capped else text


def _may_be_null(model: type[Model], expression: Any) -> bool:
    """Whether an ordering term can be NULL: a column (through foreign keys) declared NOT
    NULL cannot; anything else (an expression) may."""
    if not isinstance(expression, F):
        return True
    if expression.name in {"pk", "public_id"}:
        return False
    try:
        for part in expression.name.split("__"):
            field: Any = model._meta.get_field(part)
            if field.null:
                return True
            model = field.related_model or model
    except FieldDoesNotExist:
        return True
    return False


def _term(model: type[Model], expression: Any, *, descending: bool) -> OrderBy:
    # NULLs last either way, said only where a NULL can be: elsewhere the plain ordering is
    # the one the indexes hold, so the database reads a page straight from the index.
    nulls_last = True if _may_be_null(model, expression) else None
    return OrderBy(expression, descending=descending, nulls_last=nulls_last)


def _unique_key(model: type[Model]) -> str:
    """What ends every ordering, so that each row has a place of its own: the public id where
    the model has one (a cursor holds it, and a public id reveals nothing, unlike a row
    number that counts the rows hidden from the reader), else the primary key."""
    names = {field.name for field in model._meta.get_fields()}
    return "public_id" if "public_id" in names else "pk"


def _terms(queryset: QuerySet[Any], ordering: Sequence[Any] | None) -> list[OrderBy]:
    """The list's ordering (given, the queryset's, or the model's) as expressions, ended by
    the model's unique key (its "id" terms read as that key)."""
    model = queryset.model
    unique = _unique_key(model)
    terms = list(ordering or queryset.query.order_by or model._meta.ordering)
    expressions: list[OrderBy] = []
    for term in terms:
        if isinstance(term, str):
            name = term.lstrip("-")
            expression: Any = F(unique if name in {"id", "pk"} else name)
            expressions.append(_term(model, expression, descending=term.startswith("-")))
        elif isinstance(term, OrderBy):
            expressions.append(_term(model, term.expression, descending=term.descending))
        else:
            expressions.append(_term(model, term, descending=False))
    last = expressions[-1].expression if expressions else None
    if not (isinstance(last, F) and last.name == unique):
        descending = bool(expressions) and expressions[-1].descending
        expressions.append(_term(model, F(unique), descending=descending))
    return expressions


def _fingerprint(queryset: QuerySet[Any], terms: list[OrderBy]) -> str:
    """Which list a cursor belongs to: the model and its ordering (not the filters: a cursor
    stays good when the reader narrows or widens the list, it only says where to resume)."""
    text = f"{queryset.model._meta.label}|{[repr(t) for t in terms]}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"n": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text),) = value.items()
        parse: dict[str, Callable[[str], Any]] = {
            "t": datetime.datetime.fromisoformat,
            "d": datetime.date.fromisoformat,
            "n": decimal.Decimal,
        }
        return parse[tag](text)
    if isinstance(value, dict | list):
        raise ValueError("not a key value")
    return value


def _read_cursor(cursor: str, fingerprint: str, size: int) -> list[Any]:
    try:
        data = signing.loads(cursor, salt=_SALT)
        if not isinstance(data, dict) or data.get("l") != fingerprint:
            raise BadCursor
        values = data["k"]
        if not isinstance(values, list) or len(values) != size:
            raise BadCursor
        return [_decode(value) for value in values]
    except (signing.BadSignature, KeyError, ValueError, TypeError, decimal.InvalidOperation):
        raise BadCursor from None


def _after(terms: list[OrderBy], values: list[Any]) -> Q:
    """The rows after `values` in the ordering (NULLs last in either direction, where a
    term can be NULL)."""
    condition = Q(pk__in=[])
    equal = Q()
    for index, (term, value) in enumerate(zip(terms, values, strict=True)):
        key = _KEY.format(index)
        if value is None:  # nothing comes after NULL but more NULLs
            later = Q(pk__in=[])
            same = Q(**{f"{key}__isnull": True})
        else:
            later = Q(**{f"{key}__{'lt' if term.descending else 'gt'}": value})
            if term.nulls_last:
                later |= Q(**{f"{key}__isnull": True})
            same = Q(**{key: value})
        condition |= equal & later
        equal &= same
    return condition


def paginate(
    queryset: QuerySet[M],
    *,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    ordering: Sequence[str | Expression | OrderBy] | None = None,
) -> Page[M]:
    """The page of `queryset` after `cursor` (the first page without one): two queries, plus
    the queryset's own prefetches, whatever the length of the list.
    `ordering` defaults to the queryset's, then the model's; a unique key ends it.
    Raises BadCursor for a cursor this list did not make."""
    terms = _terms(queryset, ordering)
    fingerprint = _fingerprint(queryset, terms)
    count = queryset.order_by()[: COUNT_CAP + 1].count()
    keyed = queryset.annotate(
        **{_KEY.format(i): term.expression for i, term in enumerate(terms)}
    ).order_by(
        *(
            OrderBy(F(_KEY.format(i)), descending=term.descending, nulls_last=term.nulls_last)
            for i, term in enumerate(terms)
        )
    )
    if cursor:
        keyed = keyed.filter(_after(terms, _read_cursor(cursor, fingerprint, len(terms))))
    rows = list(keyed[: limit + 1])
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        values = [_encode(getattr(rows[-1], _KEY.format(i))) for i in range(len(terms))]
        following = signing.dumps({"l": fingerprint, "k": values}, salt=_SALT, compress=True)
    return Page(
        items=rows,
        next=following,
        count=min(count, COUNT_CAP),
        count_capped=count > COUNT_CAP,
        is_first=not cursor,
    )


# The API ----------------------------------------------------------------------------------


class PageQuery(Schema):
    """The query of every API list: where to resume and how many rows."""

    cursor: str | None = Field(
        None, description="`next` of the previous page, as it was answered (opaque)"
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="rows on the page")


_ENVELOPES: dict[Any, Any] = {}


def envelope(item: Any) -> Any:
    """The schema of a page of `item`s: `{"items", "next", "count", "count_capped"}`."""
    if item not in _ENVELOPES:
        name = getattr(item, "__name__", "Item").removesuffix("Out")
        _ENVELOPES[item] = create_model(
            f"{name}Page",
            __base__=Schema,
            __doc__=(
                "One page of the list. `next`: the cursor of the following page (send it as "
                "`cursor`), null on the last page. `count`: the rows in the whole list, exact "
                f"up to {COUNT_CAP}; beyond, `count_capped` is true and `count` is {COUNT_CAP}."
            ),
            items=(list[item], ...),
            next=(str | None, None),
            count=(int, ...),
            count_capped=(bool, ...),
        )
    return _ENVELOPES[item]


def api_page(
    queryset: QuerySet[M],
    query: PageQuery,
    out: Callable[[list[M]], list[Any]],
    *,
    ordering: Sequence[str | Expression | OrderBy] | None = None,
) -> dict[str, Any]:
    """The API's answer for one page: `out` turns the page's rows into the items answered."""
    page = paginate(queryset, cursor=query.cursor, limit=query.limit, ordering=ordering)
    return {
        "items": out(page.items),
        "next": page.next,
        "count": page.count,
        "count_capped": page.count_capped,
    }


def _list_fingerprint(name: str) -> str:
    return hashlib.sha256(f"memory|{name}".encode()).hexdigest()[:12]


def _place(value: Any) -> Any:
    """A place in a list computed in memory as JSON reads it back (tuples become lists)."""
    if isinstance(value, list | tuple):
        return [_place(v) for v in value]
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise TypeError(f"a place holds strings and whole numbers, not {value!r}")
    return value


def sequence_page(
    items: Sequence[T],
    *,
    name: str,
    place: Callable[[T], Sequence[Any]],
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Page[T]:
    """The page after `cursor` of a list computed in memory rather than read from a table
    (the advisor's findings): `place(item)` is the item's position in the list's order,
    strings and whole numbers (or lists of them) ending in something unique, and `items` are
    put in that order here. The cursor is the last item's place, signed and naming the list
    (`name`), so that a page keeps its place when items come or go meanwhile, as `paginate`'s
    do. Raises BadCursor for a cursor this list did not make."""
    fingerprint = _list_fingerprint(name)
    placed = sorted(((_place(place(item)), item) for item in items), key=lambda pair: pair[0])
    start = 0
    if cursor:
        try:
            data = signing.loads(cursor, salt=_SALT)
            if not isinstance(data, dict) or data.get("l") != fingerprint:
                raise BadCursor
            after = data["k"]
            start = next(
                (index for index, (where, _item) in enumerate(placed) if where > after),
                len(placed),
            )
        except (signing.BadSignature, KeyError, TypeError):
            raise BadCursor from None
    rows = placed[start : start + limit + 1]
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = signing.dumps({"l": fingerprint, "k": rows[-1][0]}, salt=_SALT, compress=True)
    return Page(
        items=[item for _where, item in rows],
        next=following,
        count=min(len(placed), COUNT_CAP),
        count_capped=len(placed) > COUNT_CAP,
        is_first=not cursor,
    )


def api_sequence_page(
    items: Sequence[T],
    query: PageQuery,
    out: Callable[[list[T]], list[Any]],
    *,
    name: str,
    place: Callable[[T], Sequence[Any]],
) -> dict[str, Any]:
    """`api_page` for a list computed in memory (`sequence_page`)."""
    page = sequence_page(items, name=name, place=place, cursor=query.cursor, limit=query.limit)
    return {
        "items": out(page.items),
        "next": page.next,
        "count": page.count,
        "count_capped": page.count_capped,
    }


# Pages ------------------------------------------------------------------------------------


def _url(request: HttpRequest, param: str, cursor: str | None, anchor: str) -> str:
    query: QueryDict = request.GET.copy()
    query.pop(param, None)
    if cursor:
        query[param] = cursor
    encoded = query.urlencode()
    fragment = f"#{anchor}" if anchor else ""
    return f"{request.path}?{encoded}{fragment}" if encoded else f"{request.path}{fragment}"


def page_for_request(
    request: HttpRequest,
    queryset: QuerySet[M],
    *,
    limit: int = DEFAULT_LIMIT,
    ordering: Sequence[str | Expression | OrderBy] | None = None,
    first_limit: int | None = None,
    param: str = "cursor",
    label: str = "",
    anchor: str = "",
    name: str = "",
) -> Page[M]:
    """The page a list page shows, from `?cursor=` (`param`) in its query string, with the
    links to the next and the first page (to `#anchor` when the list is part of a page).
    `first_limit`: fewer rows on the first page (the latest notes on a task page, the rest a
    click away). A cursor this list did not make shows the first page with a message saying
    so (never an error page: it is a link gone stale)."""
    cursor = request.GET.get(param) or None
    if not cursor and first_limit is not None:
        limit = first_limit
    error = ""
    try:
        page = paginate(queryset, cursor=cursor, limit=limit, ordering=ordering)
    except BadCursor:
        error = str(BAD_CURSOR)
        limit = first_limit or limit
        page = paginate(queryset, limit=limit, ordering=ordering)
    return Page(
        items=page.items,
        next=page.next,
        count=page.count,
        count_capped=page.count_capped,
        is_first=page.is_first,
        next_url=_url(request, param, page.next, anchor) if page.next else "",
        first_url=_url(request, param, None, anchor),
        error=error,
        label=label or _("Next page"),
        name=name,
    )
