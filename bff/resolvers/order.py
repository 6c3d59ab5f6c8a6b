"""Orders: ``order(id)`` and ``node`` for the viewer's own orders, and the order a booking payload returns."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.context import Info
from bff.errors import NotFound
from bff.loaders.base import load_page
from bff.permissions import IsAuthenticated
from bff.resolvers.node import node_resolver
from bff.schema.node import expect_global_id
from bff.schema.order import Order
from bff.schema.pagination import Connection, Page

ORDER = "date_order desc, id desc"


@node_resolver("Order")
async def order_by_id(info: Info, odoo_id: int) -> Order | None:
    row = await info.context.loaders.order.load(odoo_id)
    return Order.from_row(row) if row else None


async def payload_order(info: Info, result: dict) -> Order | None:
    """The order a booking answer names (``sale_order_id``), read fresh in the viewer's scope."""
    order_id = result.get("sale_order_id")
    if not order_id:
        return None
    info.context.loaders.order.clear(order_id)
    return await order_by_id(info, order_id)


async def orders_page(info: Info, partner_id: int, first: int | None, after: str | None) -> Connection[Order]:
    """A client's orders, newest first, within the viewer's scope (one Odoo call for the page and count)."""
    page = Page.from_args(first, after, info.context.settings)
    loader = info.context.loaders.order
    domain = [("partner_id", "child_of", partner_id), *info.context.scope.orders()]
    total, rows = await load_page(info.context.odoo, loader, domain, limit=page.limit, offset=page.offset,
                                  order=ORDER, many2one=frozenset({"partner_id", "currency_id"}))
    return Connection[Order].build([Order.from_row(row) for row in rows], page, total)


@strawberry.type
class OrderQueries:
    @strawberry.field(description="One of the viewer's orders. Another client's order answers NOT_FOUND, "
                                  "exactly like a missing one.", permission_classes=[IsAuthenticated])
    async def order(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(
            description="Global ID of the order.")]) -> Order | None:
        found = await order_by_id(info, expect_global_id(id, "Order"))
        if found is None:
            raise NotFound("No such order", field="id")
        return found
