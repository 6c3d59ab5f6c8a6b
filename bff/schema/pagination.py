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
_CURSOR = re.compile(r"^offset:(\d{1,10})$")


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset of a cursor; a forged one Odoo could not page to (above PostgreSQL's ``integer``) is
    refused like a malformed one."""
    try:
        match = _CURSOR.match(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadUserInput(f"Invalid cursor {cursor!r}", field="after") from exc
    offset = int(match.group(1)) if match else -1
    if not 0 <= offset < MAX_ODOO_ID:
        raise BadUserInput(f"Invalid cursor {cursor!r}", field="after")
    return offset


@dataclass(frozen=True)
class Page:
    """Which slice of a list a ``first``/``after`` pair asks for."""

    limit: int
    offset: int

    @classmethod
    def from_args(cls, first: int | None, after: str | None, settings: Settings) -> Page:
        if first is None:
            first = settings.page_size_default
        if first < 0:
            raise BadUserInput("`first` must not be negative", field="first")
        if first > settings.page_size_max:
            raise BadUserInput(f"`first` may be at most {settings.page_size_max}", field="first")
        offset = decode_cursor(after) + 1 if after else 0
        return cls(limit=first, offset=offset)


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
        edges = [Edge(node=node, cursor=encode_cursor(page.offset + i)) for i, node in enumerate(nodes)]
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
