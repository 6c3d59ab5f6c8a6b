"""Relay-style connections with offset cursors and a total count."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

import strawberry

from bff.errors import BadUserInput
from bff.odoo_values import MAX_ODOO_ID
from bff.settings import Settings

NodeT = TypeVar("NodeT")

First = Annotated[int | None, strawberry.argument(
    description="Page size: how many items to return (default 20, at most 100).")]
After = Annotated[str | None, strawberry.argument(
    description="Return the items after this cursor (a page's `pageInfo.endCursor`).")]
_PREFIX = "offset:"
_ORDER_KEY = r"[A-Z_]{1,40}-(?:ASC|DESC)"
_CURSOR = re.compile(rf"^offset:(\d{{1,10}})(?::({_ORDER_KEY}(?:\.{_ORDER_KEY}){{0,9}}))?$")


def encode_cursor(offset: int, order_key: str = "") -> str:
    """An opaque cursor: the item's offset, and the order it was made for unless it is the list's default
    (``bff.schema.ordering``), so default-order cursors are the same as before ``orderBy`` existed."""
    suffix = f":{order_key}" if order_key else ""
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}{suffix}".encode()).decode()


def decode_cursor(cursor: str, order_key: str = "") -> int:
    """The offset of a cursor made for ``order_key``; a forged one Odoo could not page to (above PostgreSQL's
    ``integer``) is refused like a malformed one, and one made for another order is refused too (its offset
    would point at another item)."""
    try:
        match = _CURSOR.match(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadUserInput(f"Invalid cursor {cursor!r}", field="after") from exc
    offset = int(match.group(1)) if match else -1
    if not 0 <= offset < MAX_ODOO_ID:
        raise BadUserInput(f"Invalid cursor {cursor!r}", field="after")
    if match and (match.group(2) or "") != order_key:
        raise BadUserInput("This cursor was made for another `orderBy`: page again from the start",
                           field="after")
    return offset


@dataclass(frozen=True)
class Page:
    """Which slice of a list a ``first``/``after`` pair asks for, in which order (``order_key``)."""

    limit: int
    offset: int
    order_key: str = ""

    @classmethod
    def from_args(cls, first: int | None, after: str | None, settings: Settings, order_key: str = "") -> Page:
        if first is None:
            first = settings.page_size_default
        if first < 0:
            raise BadUserInput("`first` must not be negative", field="first")
        if first > settings.page_size_max:
            raise BadUserInput(f"`first` may be at most {settings.page_size_max}", field="first")
        offset = decode_cursor(after, order_key) + 1 if after else 0
        return cls(limit=first, offset=offset, order_key=order_key)


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items come before this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of the page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item; pass it as `after`.")


@strawberry.type(description="An item of a page with its cursor.")
class Edge(Generic[NodeT]):
    node: NodeT = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Opaque cursor of this item; pass it as `after`.")


@strawberry.type(description="A page of a list, Relay style, with the size of the whole list.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")
    total_count: int = strawberry.field(description="How many items the whole list has (all pages).")

    @classmethod
    def build(cls, nodes: list[NodeT], page: Page, total: int) -> Connection[NodeT]:
        edges = [Edge(node=node, cursor=encode_cursor(page.offset + i, page.order_key))
                 for i, node in enumerate(nodes)]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.offset + len(nodes) < total,
                has_previous_page=page.offset > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=total,
        )
