"""Rental equipment: products of the rental category, with price and units owned."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry

from bff.catalog import RENTAL_DEPOSIT_FIELD
from bff.context import Info
from bff.errors import BadUserInput, FeatureUnavailable
from bff.images import HEIGHT_HELP, WIDTH_HELP, record_image_url
from bff.odoo_values import format_datetime, slug, text
from bff.schema.common import Money
from bff.schema.node import Node

Row = dict[str, Any]


@strawberry.type(description="Something CustomK9 rents out, e.g. a crate or an agility set.")
class Equipment(Node):
    row: strawberry.Private[Row]
    name: str = strawberry.field(description="Name of the equipment.")
    slug: str = strawberry.field(description="URL slug (`<name>-<id>`); `equipmentBySlug` takes it, and still "
                                             "finds the item under an old name.")
    reference: str | None = strawberry.field(description="Internal reference (Odoo default code).")
    description: str | None = strawberry.field(description="What it is and what it is for (plain text).")
    daily_price: Money = strawberry.field(description="Rental price for one day.")
    units_owned: int = strawberry.field(description="Units CustomK9 owns (on-hand stock in Odoo).")
    base_url: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: Row, base_url: str) -> Equipment:
        return cls(
            odoo_id=row["id"], row=row, name=row.get("name") or "", slug=slug(row.get("name") or "", row["id"]),
            reference=text(row.get("default_code")),
            description=text(row.get("description_sale")),
            daily_price=Money.of(row.get("list_price"), row.get("currency_id")),
            units_owned=max(0, int(row.get("qty_available") or 0)),
            base_url=base_url,
        )

    @strawberry.field(description="Absolute URL of the product image on Odoo, fitted within `width` x `height` "
                                  "pixels keeping its proportions (never enlarged; one side alone: the other "
                                  "follows); without a size, at most 1024 px. Odoo serves a placeholder picture "
                                  "when the product has none. The URL changes when the product does, so it may be "
                                  "cached for good.")
    def image_url(
        self,
        width: Annotated[int | None, strawberry.argument(description=WIDTH_HELP)] = None,
        height: Annotated[int | None, strawberry.argument(description=HEIGHT_HELP)] = None,
    ) -> str:
        return record_image_url(self.base_url, "product.product", self.odoo_id, self.row.get("write_date"),
                                width, height)

    @strawberry.field(description="Units free to rent over a period: units owned minus units on rentals "
                                  "that overlap it. Needs the CustomK9 Odoo addon.")
    async def availability(
        self, info: Info,
        start: Annotated[datetime, strawberry.argument(
            name="from", description="Pick-up time (a date alone: 00:00 UTC that day).")],
        end: Annotated[datetime, strawberry.argument(
            name="to", description="Return time (a date alone: 00:00 UTC that day).")],
    ) -> int:
        if end <= start or start.tzinfo is None or end.tzinfo is None:
            raise BadUserInput("`to` must come after `from`, both with a time zone", field="to")
        if not (await info.context.odoo.detect()).has("customk9"):
            raise FeatureUnavailable("Availability needs the CustomK9 Odoo addon", field="availability")
        loader = info.context.loaders.equipment_availability(format_datetime(start), format_datetime(end))
        units = await loader.load(self.odoo_id)
        if units is None:
            raise BadUserInput("This period cannot be rented (at most 90 days, not in the past)", field="from")
        return max(0, units)

    @strawberry.field(description="Deposit asked per unit when renting. Needs the CustomK9 Odoo addon: "
                                  "without it this field answers FEATURE_UNAVAILABLE.")
    async def deposit(self, info: Info) -> Money | None:
        if RENTAL_DEPOSIT_FIELD not in await info.context.catalog.model_fields("product.product"):
            raise FeatureUnavailable("Rental deposits need the CustomK9 Odoo addon", field="deposit")
        row = await info.context.loaders.equipment_deposit.load(self.odoo_id)
        return Money.of(row[RENTAL_DEPOSIT_FIELD], row.get("currency_id")) if row else None
