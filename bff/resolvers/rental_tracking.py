"""Staff rental tracking: pick-up, return with condition notes, and the list of rentals with a late filter.

The rental is first read through the viewer's scope (``bff.policy.Scope.rentals``: managers and
administrators; trainers reach no rentals), so an id outside it answers NOT_FOUND like a missing one. The
writes are the addon's ``mark_rental_picked_up`` / ``mark_rental_returned``; availability and the
dashboard follow from the stored times (the addon's ``rules/rental_tracking.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import strawberry

from bff.booking import booking, own_id
from bff.context import Info
from bff.loaders.base import load_page
from bff.odoo_values import format_datetime
from bff.permissions import IsStaff
from bff.schema.arguments import Arg
from bff.schema.mutation_error import Refused
from bff.schema.pagination import After, Connection, First, Page
from bff.schema.rental import Rental, RentalPayload

NotesArg = Annotated[str | None, Arg("Notes (at most 2000 characters).", max_length=2000)]


@strawberry.input(description="Which rentals a staff list shows.")
class RentalFilter:
    late: bool | None = strawberry.field(default=None, description="true: only late rentals (picked up, not back "
                                                                   "after their end); false: only the others.")
    out: bool | None = strawberry.field(default=None, description="true: only rentals picked up and not returned.")


def _late_domain(now: str) -> list[Any]:
    """Picked up and not returned after the end (returned-late ones are history, not the late list)."""
    return [("customk9_picked_up_at", "!=", False), ("customk9_returned_at", "=", False), ("rental_end", "<", now)]


async def _mark(info: Info, method: str, id: str, notes: str | None) -> RentalPayload:
    try:
        rental = own_id(id, "Rental", "id")
        if rental is None or await info.context.loaders.rental.load(rental) is None:
            raise Refused("NOT_FOUND", "This rental does not exist.", "id")
        await booking(info, method, [info.context.viewer.user_id, rental, (notes or "").strip() or False])
    except Refused as refused:
        return RentalPayload(errors=[refused.error])
    info.context.loaders.rental.clear(rental)
    row = await info.context.loaders.rental.load(rental)
    return RentalPayload(rental=Rental.from_row(row) if row else None)


@strawberry.type
class RentalTrackingMutations:
    @strawberry.mutation(description="Staff: the client took the equipment of a rental.",
                         permission_classes=[IsStaff])
    async def mark_rental_picked_up(self, info: Info, id: Annotated[strawberry.ID, Arg("The rental.")],
                                    notes: NotesArg = None) -> RentalPayload:
        return await _mark(info, "mark_rental_picked_up", id, notes)

    @strawberry.mutation(description="Staff: the equipment of a rental is back; its units are free again.",
                         permission_classes=[IsStaff])
    async def mark_rental_returned(self, info: Info, id: Annotated[strawberry.ID, Arg("The rental.")],
                                   notes: Annotated[str | None, Arg("Condition of the equipment (at most 2000 "
                                                                    "characters).", max_length=2000)] = None,
                                   ) -> RentalPayload:
        return await _mark(info, "mark_rental_returned", id, notes)


@strawberry.type
class RentalTrackingQueries:
    @strawberry.field(description="Staff: rentals the viewer may manage, latest period first; `filter` picks "
                                  "late or out ones.", permission_classes=[IsStaff])
    async def rentals(self, info: Info, filter: RentalFilter | None = None, first: First = None,
                      after: After = None) -> Connection[Rental]:
        page = Page.from_args(first, after, info.context.settings, "rentals")
        loader = info.context.loaders.rental
        domain: list[Any] = list(info.context.scope.rentals()) + [("state", "!=", "cancel")]
        now = format_datetime(datetime.now(UTC))
        if filter is not None and filter.late is not None:
            late = _late_domain(now)
            domain += late if filter.late else ["!", "&", "&", *late]
        if filter is not None and filter.out:
            domain += [("customk9_picked_up_at", "!=", False), ("customk9_returned_at", "=", False)]
        total, rows = await load_page(info.context.odoo, loader, domain, limit=page.limit, offset=page.offset,
                                      order="rental_start desc, id desc",
                                      many2one=frozenset({"partner_id", "currency_id"}))
        return Connection[Rental].build([Rental.from_row(row) for row in rows], page, total)
