"""Pages of a list computed in memory (paging.sequence_page): the cursor is the last item's
place in the list's order, so a page keeps its place when items come or go meanwhile."""

from __future__ import annotations

import pytest

from peacetrack.paging import COUNT_CAP, BadCursor, sequence_page


def _names(page) -> list[str]:
    return [name for _rank, name in page.items]


def _place(item: tuple[int, str]) -> list[object]:
    return [item[0], item[1]]


def test_pages_follow_the_order_and_keep_their_place_when_items_come_and_go():
    items = [(2, "delta"), (1, "bravo"), (1, "alpha"), (3, "echo")]

    first = sequence_page(items, name="letters", place=_place, limit=2)
    assert _names(first) == ["alpha", "bravo"]
    assert first.count == 4

    # An item that sorts before the cursor arrives, and one after it goes.
    changed = [(0, "zulu"), (1, "alpha"), (1, "bravo"), (3, "echo")]
    second = sequence_page(changed, name="letters", place=_place, cursor=first.next, limit=2)
    assert _names(second) == ["echo"]
    assert second.next is None


def test_a_cursor_of_another_list_or_edited_is_refused():
    items = [(1, "a"), (2, "b")]
    cursor = sequence_page(items, name="letters", place=_place, limit=1).next
    assert cursor
    with pytest.raises(BadCursor):
        sequence_page(items, name="numbers", place=_place, cursor=cursor)
    with pytest.raises(BadCursor):
        sequence_page(items, name="letters", place=_place, cursor=cursor[:-2] + "xx")


def test_the_count_is_capped_like_every_list():
    items = [(i, str(i)) for i in range(COUNT_CAP + 5)]
    page = sequence_page(items, name="many", place=_place, limit=10)
    assert (page.count, page.count_capped) == (COUNT_CAP, True)
