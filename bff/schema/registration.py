"""A client's registrations for public events (event.registration)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from bff.context import Info
from bff.odoo_values import many2one_id, many2one_name, parse_datetime, text
from bff.schema.event import Event
from bff.schema.mutation_error import MutationError
from bff.schema.node import Node

if TYPE_CHECKING:
    from bff.schema.order import Order

Row = dict[str, Any]


@strawberry.enum(description="Where a registration stands.")
class RegistrationState(enum.Enum):
    DRAFT = "draft"
    CONFIRMED = "open"
    ATTENDED = "done"
    CANCELLED = "cancel"


@strawberry.type(description="One attendee's registration for an event.")
class EventRegistration(Node):
    row: strawberry.Private[Row]
    attendee_name: str | None = strawberry.field(description="Name of the attendee.")
    email: str | None = strawberry.field(description="Attendee's email.")
    phone: str | None = strawberry.field(description="Attendee's phone.")
    ticket_name: str | None = strawberry.field(description="Name of the ticket type, if any.")
    state: RegistrationState = strawberry.field(description="Where the registration stands.")
    registered_at: datetime | None = strawberry.field(description="When it was made (UTC).")

    @classmethod
    def from_row(cls, row: Row) -> EventRegistration:
        state = row.get("state") or "draft"
        return cls(odoo_id=row["id"], row=row, attendee_name=text(row.get("name")), email=text(row.get("email")),
                   phone=text(row.get("phone")), ticket_name=many2one_name(row.get("event_ticket_id")),
                   state=RegistrationState(state), registered_at=parse_datetime(row.get("create_date")))

    @strawberry.field(description="The event (null if it was unpublished since).")
    async def event(self, info: Info) -> Event | None:
        event_id = many2one_id(self.row.get("event_id"))
        if not event_id:
            return None
        loaders = await info.context.localized()
        row = await loaders.event.load(event_id)
        return Event.from_row(row, info.context.settings.public_base_url, loaders.lang) if row else None


@strawberry.input(description="One person attending an event.")
class AttendeeInput:
    name: str = strawberry.field(description="Full name (1 to 100 characters).")
    email: str = strawberry.field(description="Email for the ticket.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")


@strawberry.type(description="The registrations after `registerForEvent` or `cancelRegistration`.")
class RegistrationPayload:
    registrations: list[EventRegistration] = strawberry.field(
        default_factory=list, description="One registration per attendee; empty on failure.")
    order_reference: str | None = strawberry.field(
        default=None, description="Reference of the sale order to pay, for a paid ticket (`order.reference`).")
    order: Annotated[Order, strawberry.lazy("bff.schema.order")] | None = strawberry.field(
        default=None, description="The order to pay for a paid ticket (its `paymentUrl`, `holdUntil`); null "
                                  "for free tickets and cancellations.")
    errors: list[MutationError] = strawberry.field(default_factory=list,
                                                   description="Why it was not done; empty on success.")
