"""Service requests: a client asks for a service, staff answer in its conversation (a project.task and its
public chatter in Odoo's "Service requests" project, see the addon's ``customk9_booking_service``)."""

from __future__ import annotations

import enum
import html
from datetime import date, datetime
from typing import Any

import strawberry

from bff.context import Info
from bff.odoo_values import many2one_id, many2one_name, parse_datetime, plain_text
from bff.schema.document import Document
from bff.schema.dog import Dog
from bff.schema.mutation_error import MutationError
from bff.schema.node import Node
from bff.schema.training import Trainer
from bff.text_input import max_length

Row = dict[str, Any]


@strawberry.enum(description="What kind of service the client asks for.")
class ServiceRequestKind(enum.Enum):
    TRAINING = "training"
    BEHAVIOUR = "behaviour"
    BOARDING = "boarding"
    GROOMING = "grooming"
    EQUIPMENT = "equipment"
    OTHER = "other"


@strawberry.enum(description="Where a request stands: NEW (nobody assigned), IN_PROGRESS (a trainer has it), "
                             "CLOSED (answered, or turned into a plan or a session).")
class ServiceRequestState(enum.Enum):
    NEW = "NEW"
    IN_PROGRESS = "IN_PROGRESS"
    CLOSED = "CLOSED"


@strawberry.type(description="One public message of a request's conversation (internal staff notes are never "
                             "shown).")
class ServiceRequestMessage:
    row: strawberry.Private[Row]
    body: str = strawberry.field(description="The text of the message (plain text).")
    author: str = strawberry.field(description="Who wrote it (their name).")
    at: datetime | None = strawberry.field(description="When it was written (UTC).")

    @classmethod
    def from_row(cls, row: Row) -> ServiceRequestMessage:
        text = html.unescape(plain_text((row.get("body") or "").replace("<br>", "\n"))).strip()
        return cls(row=row, body=text, author=many2one_name(row.get("author_id")) or "",
                   at=parse_datetime(row.get("date")))

    @strawberry.field(description="Files attached to the message; download them with `downloadPath`.")
    async def attachments(self, info: Info) -> list[Document]:
        ids = list(self.row.get("attachment_ids") or [])
        if not ids:
            return []
        rows = await info.context.loaders.service_requests.attachments.load_many(ids)
        # only files that hang on the request itself: those are the ones the documents route serves
        request = self.row.get("res_id")
        return [Document.from_row(row) for row in rows
                if row and row.get("res_model") == "project.task" and row.get("res_id") == request]


@strawberry.type(description="A client's request for a service (training, consultation, boarding...) and its "
                             "conversation with staff.")
class ServiceRequest(Node):
    row: strawberry.Private[Row]
    kind: ServiceRequestKind = strawberry.field(description="The service asked for.")
    state: ServiceRequestState = strawberry.field(description="Where the request stands.")
    title: str = strawberry.field(description="Short title, e.g. 'Training: Rex'.")
    preferred_dates: list[date] = strawberry.field(description="Days the client would prefer.")
    created_at: datetime | None = strawberry.field(description="When it was asked (UTC).")
    client_name: str = strawberry.field(description="The client who asked (their name).")

    @classmethod
    def from_row(cls, row: Row) -> ServiceRequest:
        if row.get("state") == "1_done":
            state = ServiceRequestState.CLOSED
        else:
            state = ServiceRequestState.IN_PROGRESS if row.get("user_ids") else ServiceRequestState.NEW
        dates = [date.fromisoformat(d) for d in (row.get("customk9_preferred_dates") or "").split(",") if d]
        kind = row.get("customk9_service_kind") or "other"
        return cls(odoo_id=row["id"], row=row, kind=ServiceRequestKind(kind), state=state,
                   title=row.get("name") or "", preferred_dates=dates,
                   created_at=parse_datetime(row.get("create_date")),
                   client_name=many2one_name(row.get("partner_id")) or "")

    @strawberry.field(description="The dog it is about, if any (null when the viewer may not see it).")
    async def dog(self, info: Info) -> Dog | None:
        dog_id = many2one_id(self.row.get("customk9_dog_id"))
        row = await info.context.loaders.dog.load(dog_id) if dog_id else None
        return Dog.from_row(row) if row else None

    @strawberry.field(description="The trainer handling it; null while nobody is assigned.")
    async def assignee(self, info: Info) -> Trainer | None:
        users = list(self.row.get("user_ids") or [])
        if not users:
            return None
        row = await info.context.loaders.service_requests.users.load(users[0])
        return Trainer(odoo_id=users[0], name=row.get("name") or "") if row else None

    @strawberry.field(description="The client's first message.")
    async def message(self, info: Info) -> str:
        messages = await self.messages(info)
        return messages[0].body if messages else ""

    @strawberry.field(description="The public conversation, oldest first: the client's first message and every "
                                  "reply.")
    async def messages(self, info: Info) -> list[ServiceRequestMessage]:
        rows = await info.context.loaders.service_requests.messages.load(self.odoo_id)
        return [ServiceRequestMessage.from_row(row) for row in rows]


@strawberry.input(description="A new service request.")
class RequestServiceInput:
    kind: ServiceRequestKind = strawberry.field(description="The service asked for.")
    message: str = strawberry.field(description="What the client needs (1 to 5000 characters).",
                                    metadata=max_length(5000))
    dog_id: strawberry.ID | None = strawberry.field(default=None, description="One of the client's dogs.")
    preferred_dates: list[date] | None = strawberry.field(default=None,
                                                          description="Up to 5 days the client would prefer.")


@strawberry.input(description="Staff queue filter.")
class ServiceRequestFilter:
    state: ServiceRequestState | None = strawberry.field(default=None, description="Only requests in this state.")
    mine: bool | None = strawberry.field(default=None, description="Only requests assigned to the viewer.")


@strawberry.type(description="The request after `requestService`, `assignServiceRequest` or `closeServiceRequest`.")
class ServiceRequestPayload:
    service_request: ServiceRequest | None = strawberry.field(default=None, description="The request.")
    errors: list[MutationError] = strawberry.field(default_factory=list,
                                                   description="Why it was not done; empty on success.")


@strawberry.type(description="The conversation after `postServiceRequestMessage`.")
class ServiceRequestMessagePayload:
    service_request: ServiceRequest | None = strawberry.field(default=None, description="The request.")
    message: ServiceRequestMessage | None = strawberry.field(default=None, description="The new message.")
    errors: list[MutationError] = strawberry.field(default_factory=list,
                                                   description="Why it was not done; empty on success.")


@strawberry.enum(description="What a request becomes with `convertServiceRequest`.")
class ServiceRequestTarget(enum.Enum):
    TRAINING_PLAN = "training_plan"
    SESSION = "session"
