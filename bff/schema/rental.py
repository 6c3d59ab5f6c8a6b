"""Equipment rentals: sale orders flagged as rentals by the CustomK9 addon, with their period."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from bff.context import Info
from bff.odoo_values import many2one_id, many2one_name, parse_datetime, text
from bff.schema.common import Money
from bff.schema.equipment import Equipment
from bff.schema.mutation_error import MutationError
from bff.schema.node import Node

if TYPE_CHECKING:
    from bff.schema.order import Order

Row = dict[str, Any]


@strawberry.enum(description="Where a rental stands.")
class RentalState(enum.Enum):
    QUOTATION = "draft"
    SENT = "sent"
    CONFIRMED = "sale"
    CANCELLED = "cancel"


@strawberry.type(description="One rented item of a rental.")
class RentalLine:
    row: strawberry.Private[Row]
    description: str = strawberry.field(description="What is rented, as on the order.")
    quantity: float = strawberry.field(description="Units rented.")
    unit_price: Money = strawberry.field(description="Price of one unit for the whole period, before taxes.")
    subtotal: Money = strawberry.field(description="Price of the line before taxes.")

    @strawberry.field(description="The equipment rented (null if it left the rental catalogue).")
    async def equipment(self, info: Info) -> Equipment | None:
        from bff.resolvers.equipment import equipment_by_id

        product_id = many2one_id(self.row.get("product_id"))
        return await equipment_by_id(info, product_id) if product_id else None


@strawberry.type(description="An equipment rental over a period.")
class Rental(Node):
    row: strawberry.Private[Row]
    reference: str = strawberry.field(description="Order reference, e.g. S00012.")
    starts_at: datetime | None = strawberry.field(description="Pick-up time (UTC).")
    ends_at: datetime | None = strawberry.field(description="Return time (UTC).")
    state: RentalState = strawberry.field(description="Where the rental stands.")
    amount: Money = strawberry.field(description="Total amount of the order.")
    picked_up_at: datetime | None = strawberry.field(description="When the client took the equipment (UTC); null "
                                                                 "until staff mark it picked up.")
    returned_at: datetime | None = strawberry.field(description="When the equipment came back (UTC); null until "
                                                                "staff mark it returned.")
    is_late: bool = strawberry.field(description="Picked up and not back after its return time, or returned "
                                                 "after it. A late unit stays unavailable until it is returned.")
    return_notes: str | None = strawberry.field(description="Condition of the equipment when it came back.")

    @classmethod
    def from_row(cls, row: Row) -> Rental:
        return cls(odoo_id=row["id"], row=row, reference=row.get("name") or "",
                   starts_at=parse_datetime(row.get("rental_start")),
                   ends_at=parse_datetime(row.get("rental_end")),
                   state=RentalState(row.get("state") or "draft"),
                   amount=Money.of(row.get("amount_total"), row.get("currency_id")),
                   picked_up_at=parse_datetime(row.get("customk9_picked_up_at")),
                   returned_at=parse_datetime(row.get("customk9_returned_at")),
                   is_late=bool(row.get("customk9_is_late")), return_notes=text(row.get("customk9_return_notes")))

    @strawberry.field(description="The rented items.")
    async def lines(self, info: Info) -> list[RentalLine]:
        rows = await info.context.loaders.rental_lines.load(self.odoo_id)
        return [RentalLine(row=row, description=row.get("name") or many2one_name(row.get("product_id")) or "",
                           quantity=float(row.get("product_uom_qty") or 0),
                           unit_price=Money.of(row.get("price_unit"), row.get("currency_id")),
                           subtotal=Money.of(row.get("price_subtotal"), row.get("currency_id"))) for row in rows]


@strawberry.input(description="Equipment and how many units to rent.")
class RentalItemInput:
    equipment_id: strawberry.ID = strawberry.field(description="Global ID of the equipment.")
    quantity: int = strawberry.field(description="Units (1 to 20).")


@strawberry.type(description="The rental after `createRental` or `cancelRental`.")
class RentalPayload:
    rental: Rental | None = strawberry.field(default=None, description="The rental; null on failure.")
    order: Annotated[Order, strawberry.lazy("bff.schema.order")] | None = strawberry.field(
        default=None, description="The order to pay for a new rental (daily prices and deposit, its `paymentUrl` "
                                  "and `holdUntil`); null for cancellations.")
    errors: list[MutationError] = strawberry.field(default_factory=list,
                                                   description="Why it was not done; empty on success.")
