"""Renting equipment and cancelling rentals. Availability holds inside Odoo (the addon locks the product
rows), so concurrent rentals of the last crate through any BFF process cannot both succeed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from bff.booking import booking, client_partner, idempotency_key, odoo_time, own_id
from bff.context import Info
from bff.permissions import IsClient
from bff.resolvers.order import payload_order
from bff.schema.arguments import Arg
from bff.schema.mutation_error import Refused
from bff.schema.rental import Rental, RentalItemInput, RentalPayload

MAX_LINES = 10



def rental_lines(items: list[RentalItemInput]) -> list[dict[str, int]]:
    if not 1 <= len(items) <= MAX_LINES:
        raise Refused("VALIDATION", f"Rent 1 to {MAX_LINES} kinds of equipment at once", "items")
    lines: dict[int, int] = {}
    for item in items:
        product = own_id(item.equipment_id, "Equipment", "equipmentId") or 0
        if not 1 <= item.quantity <= 20:
            raise Refused("VALIDATION", "Rent 1 to 20 units of each item", "quantity")
        lines[product] = lines.get(product, 0) + item.quantity
    return [{"product_id": product, "quantity": quantity} for product, quantity in sorted(lines.items())]


async def _rental(info: Info, rental_id: int) -> RentalPayload:
    row = await info.context.loaders.rental.load(rental_id)
    return RentalPayload(rental=Rental.from_row(row) if row else None)


@strawberry.type
class RentalMutations:
    @strawberry.mutation(description="Rent equipment over a period (pick-up `from`, return `to`).",
                         permission_classes=[IsClient])
    async def create_rental(
        self, info: Info, items: Annotated[list[RentalItemInput], Arg("What to rent.")],
        start: Annotated[datetime, Arg("Pick-up time, with a time zone (a date alone: 00:00 UTC that day).",
                                       name="from")],
        end: Annotated[datetime, Arg("Return time, with a time zone (a date alone: 00:00 UTC that day).",
                                     name="to")],
        idempotency_key_: Annotated[str | None, Arg("Same key, same result: retries rent once.",
                                                    name="idempotencyKey")] = None,
    ) -> RentalPayload:
        try:
            if end <= start:
                raise Refused("INVALID_PERIOD", "The return must come after the pick-up", "to")
            result = await booking(info, "create_rental", [
                client_partner(info), rental_lines(items), odoo_time(start, "from"), odoo_time(end, "to")],
                {"idempotency_key": idempotency_key(idempotency_key_)})
        except Refused as refused:
            return RentalPayload(errors=[refused.error])
        payload = await _rental(info, result["rental_id"])
        payload.order = await payload_order(info, result)
        return payload

    @strawberry.mutation(description="Cancel one of the client's rentals before its pick-up.",
                         permission_classes=[IsClient])
    async def cancel_rental(self, info: Info, id: Annotated[strawberry.ID, Arg("The rental.")]) -> RentalPayload:
        try:
            result = await booking(info, "cancel_rental", [client_partner(info), own_id(id, "Rental", "id")])
        except Refused as refused:
            return RentalPayload(errors=[refused.error])
        info.context.loaders.rental.clear(result["rental_id"])
        return await _rental(info, result["rental_id"])
