"""Registering for events and cancelling registrations. Seat limits hold inside Odoo (the addon locks the
event row), so concurrent requests through any number of BFF processes cannot oversell."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.booking import booking, client_partner, idempotency_key, own_id
from bff.context import Info
from bff.permissions import IsClient
from bff.resolvers.order import payload_order
from bff.schema.arguments import Arg
from bff.schema.mutation_error import Refused
from bff.schema.registration import AttendeeInput, EventRegistration, RegistrationPayload

MAX_ATTENDEES = 10



def attendee_values(attendees: list[AttendeeInput]) -> list[dict[str, str]]:
    if not 1 <= len(attendees) <= MAX_ATTENDEES:
        raise Refused("VALIDATION", f"Register 1 to {MAX_ATTENDEES} attendees", "attendees")
    values = []
    for attendee in attendees:
        name, email = attendee.name.strip(), attendee.email.strip().lower()
        if not 1 <= len(name) <= 100 or "@" not in email or len(email) > 254:
            raise Refused("VALIDATION", "Each attendee needs a name and a valid email", "attendees")
        values.append({"name": name, "email": email, "phone": (attendee.phone or "").strip()[:32]})
    return values


@strawberry.type
class RegistrationMutations:
    @strawberry.mutation(description="Register attendees for a published event; a paid ticket also creates "
                                     "the sale order to pay.", permission_classes=[IsClient])
    async def register_for_event(
        self, info: Info, event_id: Annotated[strawberry.ID, Arg("The event.")],
        attendees: Annotated[list[AttendeeInput], Arg("1 to 10 attendees.")],
        ticket_id: Annotated[strawberry.ID | None, Arg("The ticket type, if the event has several.")] = None,
        idempotency_key_: Annotated[str | None, Arg("Same key, same result: retries register once.",
                                                    name="idempotencyKey")] = None,
    ) -> RegistrationPayload:
        try:
            result = await booking(info, "register_event", [
                client_partner(info), own_id(event_id, "Event", "eventId"),
                own_id(ticket_id, "Ticket", "ticketId") or False, attendee_values(attendees)],
                {"idempotency_key": idempotency_key(idempotency_key_)})
        except Refused as refused:
            return RegistrationPayload(errors=[refused.error])
        rows = await info.context.loaders.registration.load_existing(result["registration_ids"])
        order = await payload_order(info, result)
        return RegistrationPayload(registrations=[EventRegistration.from_row(row) for row in rows], order=order,
                                   order_reference=order.reference if order else None)

    @strawberry.mutation(description="Cancel one of the client's registrations (before the event starts).",
                         permission_classes=[IsClient])
    async def cancel_registration(self, info: Info, id: Annotated[strawberry.ID, Arg("The registration.")],
                                  ) -> RegistrationPayload:
        try:
            result = await booking(info, "cancel_registration", [
                client_partner(info), own_id(id, "EventRegistration", "id")])
        except Refused as refused:
            return RegistrationPayload(errors=[refused.error])
        rows = await info.context.loaders.registration.load_existing([result["registration_id"]])
        return RegistrationPayload(registrations=[EventRegistration.from_row(row) for row in rows])
