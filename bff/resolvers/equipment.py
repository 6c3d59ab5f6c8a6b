"""Queries of the rental equipment catalogue."""

from __future__ import annotations

from typing import Any

import strawberry

from bff.context import Info
from bff.loaders.base import load_page
from bff.loaders.equipment import EQUIPMENT_MANY2ONE
from bff.odoo_values import many2one_id
from bff.resolvers.node import node_resolver
from bff.schema.arguments import Lang
from bff.schema.equipment import Equipment
from bff.schema.node import expect_global_id
from bff.schema.pagination import After, Connection, First, Page

EQUIPMENT_ORDER = "name asc, id asc"


async def equipment_domain(info: Info) -> list[Any]:
    category_ids = await info.context.catalog.rental_category_ids()
    return [("categ_id", "in", sorted(category_ids)), ("sale_ok", "=", True)]


@node_resolver("Equipment")
async def equipment_by_id(info: Info, odoo_id: int, lang: str | None = None) -> Equipment | None:
    row = await (await info.context.localized(lang)).equipment.load(odoo_id)
    if row is None or not row.get("active", True):
        return None
    if many2one_id(row.get("categ_id")) not in await info.context.catalog.rental_category_ids():
        return None
    return Equipment.from_row(row, info.context.settings.public_base_url)


@strawberry.type
class EquipmentQueries:
    @strawberry.field(description="Rentable equipment (products of the rental category), by name, "
                                  "paginated Relay style (`first` default 20, at most 100).")
    async def equipment(self, info: Info, first: First = None,
                        after: After = None, lang: Lang = None) -> Connection[Equipment]:
        ctx = info.context
        page = Page.from_args(first, after, ctx.settings)
        domain = await equipment_domain(info)
        loaders = await ctx.localized(lang)
        total, rows = await load_page(ctx.odoo, loaders.equipment, domain, limit=page.limit,
                                      offset=page.offset, order=EQUIPMENT_ORDER, many2one=EQUIPMENT_MANY2ONE)
        base_url = ctx.settings.public_base_url
        return Connection[Equipment].build([Equipment.from_row(row, base_url) for row in rows], page, total)

    @strawberry.field(description="One piece of rental equipment by its ID; null when there is none.")
    async def equipment_item(self, info: Info, id: strawberry.ID, lang: Lang = None) -> Equipment | None:
        return await equipment_by_id(info, expect_global_id(id, "Equipment"), lang)
