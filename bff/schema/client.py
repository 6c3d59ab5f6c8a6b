"""A CustomK9 client (res.partner of a portal user): profile and everything they own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import strawberry

from bff.context import Info
from bff.errors import BadUserInput
from bff.odoo_values import format_datetime, many2one_name, text
from bff.schema.document import Document
from bff.schema.dog import Dog
from bff.schema.membership import Membership
from bff.schema.node import Node
from bff.schema.order import Order
from bff.schema.pagination import After, Connection, First
from bff.schema.registration import EventRegistration
from bff.schema.rental import Rental
from bff.schema.service_request import ServiceRequest
from bff.schema.session import Session
from bff.schema.training import TrainingPlan

Row = dict[str, Any]
MAX_WINDOW = timedelta(days=366)


def session_window(start: datetime | None, end: datetime | None) -> list[Any]:
    domain: list[Any] = []
    if start is not None:
        domain.append(("stop", ">", format_datetime(start)))
    if end is not None:
        domain.append(("start", "<", format_datetime(end)))
    return domain


@strawberry.type(description="A CustomK9 client: their profile and what they own.")
class Client(Node):
    owner_id: strawberry.Private[int]
    name: str = strawberry.field(description="Full name.")
    email: str | None = strawberry.field(description="Email address (also the log-in).")
    phone: str | None = strawberry.field(description="Phone number.")
    street: str | None = strawberry.field(description="Street and number.")
    street2: str | None = strawberry.field(description="Second address line.")
    city: str | None = strawberry.field(description="City.")
    zip: str | None = strawberry.field(description="Postal code.")
    country: str | None = strawberry.field(description="Country name.")

    @classmethod
    def from_row(cls, row: Row, owner_id: int | None = None) -> Client:
        return cls(odoo_id=row["id"], owner_id=owner_id or row["id"], name=row.get("name") or "",
                   email=text(row.get("email")), phone=text(row.get("phone")), street=text(row.get("street")),
                   street2=text(row.get("street2")), city=text(row.get("city")), zip=text(row.get("zip")),
                   country=many2one_name(row.get("country_id")))

    @strawberry.field(description="The client's dogs, by name (archived dogs left out).")
    async def dogs(self, info: Info) -> list[Dog]:
        return [Dog.from_row(row) for row in await info.context.loaders.dogs_by_owner.load(self.owner_id)]

    @strawberry.field(description="The client's training plans, newest first.")
    async def training_plans(self, info: Info) -> list[TrainingPlan]:
        rows = await info.context.loaders.plans_by_client.load(self.owner_id)
        return [TrainingPlan.from_row(row) for row in rows]

    @strawberry.field(description="The next sessions that have not ended yet, soonest first.")
    async def upcoming_sessions(
        self, info: Info,
        first: Annotated[int, strawberry.argument(description="How many (at most 50).")] = 5,
    ) -> list[Session]:
        if not 0 <= first <= 50:
            raise BadUserInput("`first` must be between 0 and 50", field="first")
        loader = info.context.loaders.sessions_by_attendee(session_window(datetime.now(UTC), None))
        return [Session.from_row(row) for row in (await loader.load(self.owner_id))[:first]]

    @strawberry.field(description="Sessions overlapping a period (at most 366 days), in time order.")
    async def sessions(
        self, info: Info,
        start: Annotated[datetime, strawberry.argument(
            name="from", description="Period start (inclusive; a date alone: 00:00 UTC that day).")],
        end: Annotated[datetime, strawberry.argument(
            name="to", description="Period end (exclusive; a date alone: 00:00 UTC that day).")],
    ) -> list[Session]:
        if end <= start or end - start > MAX_WINDOW:
            raise BadUserInput("`to` must be after `from`, at most 366 days later", field="to")
        loader = info.context.loaders.sessions_by_attendee(session_window(start, end))
        return [Session.from_row(row) for row in await loader.load(self.owner_id)]

    @strawberry.field(description="Event registrations, newest first.")
    async def registrations(self, info: Info) -> list[EventRegistration]:
        rows = await info.context.loaders.registrations_by_client.load(self.owner_id)
        return [EventRegistration.from_row(row) for row in rows]

    @strawberry.field(description="Equipment rentals, latest period first.")
    async def rentals(self, info: Info) -> list[Rental]:
        return [Rental.from_row(row) for row in await info.context.loaders.rentals_by_client.load(self.owner_id)]

    @strawberry.field(description="Orders the client pays (tickets, rentals, memberships), newest first.")
    async def orders(self, info: Info, first: First = None, after: After = None) -> Connection[Order]:
        from bff.resolvers.order import orders_page

        return await orders_page(info, self.owner_id, first, after)

    @strawberry.field(description="The client's membership (Odoo's membership module; FEATURE_UNAVAILABLE "
                                  "without it).")
    async def membership(self, info: Info) -> Membership:
        from bff.resolvers.membership import client_membership

        return await client_membership(info, self.owner_id)
    @strawberry.field(description="The client's service requests, newest first, with their conversations.")
    async def service_requests(self, info: Info) -> list[ServiceRequest]:
        loaders = info.context.loaders.service_requests
        rows = await loaders.by_client.load(self.owner_id)
        for row in rows:
            loaders.request.prime(row["id"], row)
        return [ServiceRequest.from_row(row) for row in rows]

    @strawberry.field(description="Documents shared with the client, newest first (at most 100).")
    async def documents(self, info: Info) -> list[Document]:
        return [Document.from_row(row) for row in await info.context.loaders.documents_by_owner.load(self.owner_id)]
