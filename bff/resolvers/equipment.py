"""Queries of the rental equipment catalogue."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from bff.context import Info
from bff.loaders.base import load_page
from bff.loaders.equipment import EQUIPMENT_MANY2ONE
from bff.odoo_values import id_from_slug, many2one_id
from bff.resolvers.node import node_resolver
from bff.schema.arguments import Lang
from bff.schema.equipment import Equipment
from bff.schema.node import expect_global_id
from bff.schema.ordering import (
    EquipmentOrder,
    EquipmentOrderField,
    OrderDirection,
    order_by_help,
    resolve_order,
)
from bff.schema.pagination import After, Connection, First, Page
from bff.schema.slug import EquipmentSlugLookup, SlugArg, is_canonical

EQUIPMENT_DEFAULT_ORDER = ((EquipmentOrderField.NAME, OrderDirection.ASC),)
EquipmentOrderBy = Annotated[list[EquipmentOrder] | None, strawberry.argument(
    description=order_by_help("NAME ASC"))]


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
    @strawberry.field(description="Rentable equipment (products of the rental category), by name unless "
                                  "`orderBy` says otherwise, paginated Relay style (`first` default 20, at "
                                  "most 100).")
    async def equipment(self, info: Info, first: First = None, after: After = None,
                        order_by: EquipmentOrderBy = None, lang: Lang = None) -> Connection[Equipment]:
        ctx = info.context
        order = resolve_order(order_by, EQUIPMENT_DEFAULT_ORDER)
        page = Page.from_args(first, after, ctx.settings, order.key)
        domain = await equipment_domain(info)
        loaders = await ctx.localized(lang)
        total, rows = await load_page(ctx.odoo, loaders.equipment, domain, limit=page.limit,
                                      offset=page.offset, order=order.odoo, many2one=EQUIPMENT_MANY2ONE)
        base_url = ctx.settings.public_base_url
        return Connection[Equipment].build([Equipment.from_row(row, base_url) for row in rows], page, total)

    @strawberry.field(description="One piece of rental equipment by its ID; null when there is none.")
    async def equipment_item(self, info: Info, id: strawberry.ID, lang: Lang = None) -> Equipment | None:
        return await equipment_by_id(info, expect_global_id(id, "Equipment"), lang)

    @strawberry.field(description="One piece of rental equipment by its slug (as in `Equipment.slug`), with its "
                                  "current slug: an old slug (it was renamed) still finds it, with `isCanonical: "
                                  "false` (redirect to `canonicalSlug`). Null when there is none.")
    async def equipment_by_slug(self, info: Info, slug: SlugArg, lang: Lang = None) -> EquipmentSlugLookup | None:
        odoo_id = id_from_slug(slug)
        item = await equipment_by_id(info, odoo_id, lang) if odoo_id else None
        if item is None:
            return None
        return EquipmentSlugLookup(equipment=item, canonical_slug=item.slug,
                                   is_canonical=is_canonical(slug, item.slug))
