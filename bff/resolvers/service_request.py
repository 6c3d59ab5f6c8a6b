"""Service requests: clients ask (`requestService`) and talk (`postServiceRequestMessage`); staff work the
queue (`serviceRequests`), assign, close or turn a request into a training plan or a session.

Every id is first read through the viewer's scope (``bff.policy.Scope.service_requests``): another client's
request, or one outside a trainer's queue, answers NOT_FOUND exactly like a missing one, before Odoo is asked
to write anything. The writes are the addon's booking methods, which post as the acting user's partner.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry

from bff.booking import booking, client_partner, idempotency_key, odoo_time, own_id
from bff.context import Info
from bff.loaders.base import load_page
from bff.permissions import IsAuthenticated, IsClient, IsStaff
from bff.resolvers.node import node_resolver
from bff.schema.arguments import Arg
from bff.schema.mutation_error import Refused
from bff.schema.node import expect_global_id
from bff.schema.pagination import After, Connection, First, Page
from bff.schema.service_request import (
    RequestServiceInput,
    ServiceRequest,
    ServiceRequestFilter,
    ServiceRequestMessagePayload,
    ServiceRequestPayload,
    ServiceRequestState,
    ServiceRequestTarget,
)

IdArg = Annotated[strawberry.ID, Arg("The service request.")]
ORDER = "create_date desc, id desc"
_STATE_DOMAINS: dict[ServiceRequestState, list[Any]] = {
    ServiceRequestState.NEW: [("state", "!=", "1_done"), ("user_ids", "=", False)],
    ServiceRequestState.IN_PROGRESS: [("state", "!=", "1_done"), ("user_ids", "!=", False)],
    ServiceRequestState.CLOSED: [("state", "=", "1_done")],
}


@node_resolver("ServiceRequest")
async def service_request_by_id(info: Info, odoo_id: int) -> ServiceRequest | None:
    row = await info.context.loaders.service_requests.request.load(odoo_id)
    return ServiceRequest.from_row(row) if row else None


async def _visible(info: Info, global_id: str) -> int:
    """The Odoo id of a request the viewer sees; a malformed id is VALIDATION, any other NOT_FOUND."""
    odoo_id = own_id(global_id, "ServiceRequest", "id")
    if odoo_id is None or await info.context.loaders.service_requests.request.load(odoo_id) is None:
        raise Refused("NOT_FOUND", "This service request does not exist.", "id")
    return odoo_id


async def _fresh(info: Info, odoo_id: int) -> ServiceRequest | None:
    loaders = info.context.loaders.service_requests
    loaders.request.clear(odoo_id)
    loaders.messages.clear(odoo_id)
    return await service_request_by_id(info, odoo_id)


async def _staff_call(info: Info, method: str, id: str, *args: Any) -> ServiceRequestPayload:
    try:
        request = await _visible(info, id)
        await booking(info, method, [info.context.viewer.user_id, request, *args])
    except Refused as refused:
        return ServiceRequestPayload(errors=[refused.error])
    return ServiceRequestPayload(service_request=await _fresh(info, request))


def _request_values(info: Info, data: RequestServiceInput) -> dict[str, Any]:
    return {"kind": data.kind.value, "message": data.message.strip(),
            "dog_id": own_id(data.dog_id, "Dog", "dogId") or False,
            "preferred_dates": [day.isoformat() for day in data.preferred_dates or []]}


@strawberry.type
class ServiceRequestQueries:
    @strawberry.field(description="One service request the viewer may see; null when missing or not theirs.",
                      permission_classes=[IsAuthenticated])
    async def service_request(self, info: Info, id: IdArg) -> ServiceRequest | None:
        return await service_request_by_id(info, expect_global_id(id, "ServiceRequest"))

    @strawberry.field(description="Staff: the service request queue, newest first. A trainer sees the requests "
                                  "of their clients, the unassigned ones and those assigned to them; a manager "
                                  "all.", permission_classes=[IsStaff])
    async def service_requests(self, info: Info, filter: ServiceRequestFilter | None = None, first: First = None,
                               after: After = None) -> Connection[ServiceRequest]:
        page = Page.from_args(first, after, info.context.settings, "service-requests")
        loader = info.context.loaders.service_requests.request
        domain = list(loader.scope_domain)
        if filter is not None and filter.state is not None:
            domain += _STATE_DOMAINS[filter.state]
        if filter is not None and filter.mine:
            domain.append(("user_ids", "in", [info.context.viewer.user_id or 0]))
        total, rows = await load_page(info.context.odoo, loader, domain, limit=page.limit, offset=page.offset,
                                      order=ORDER, many2one=frozenset({"partner_id", "stage_id", "customk9_dog_id",
                                                                       "customk9_plan_id", "customk9_session_id"}))
        return Connection[ServiceRequest].build([ServiceRequest.from_row(row) for row in rows], page, total)


@strawberry.type
class ServiceRequestMutations:
    @strawberry.mutation(description="Ask for a service; staff answer in its conversation.",
                         permission_classes=[IsClient])
    async def request_service(
        self, info: Info, input: RequestServiceInput,
        idempotency_key_: Annotated[str | None, Arg("Same key, same result: retries ask once.",
                                                    name="idempotencyKey")] = None,
    ) -> ServiceRequestPayload:
        try:
            result = await booking(info, "request_service", [client_partner(info), _request_values(info, input)],
                                   {"idempotency_key": idempotency_key(idempotency_key_)})
        except Refused as refused:
            return ServiceRequestPayload(errors=[refused.error])
        return ServiceRequestPayload(service_request=await _fresh(info, result["request_id"]))

    @strawberry.mutation(description="Add a message to a request's conversation (the client who asked, or "
                                     "staff who see the request). The author is the signed-in user.",
                         permission_classes=[IsAuthenticated])
    async def post_service_request_message(
        self, info: Info, id: IdArg,
        body: Annotated[str, Arg("The message (1 to 5000 characters).", max_length=5000)],
    ) -> ServiceRequestMessagePayload:
        try:
            request = await _visible(info, id)
            result = await booking(info, "post_service_request_message",
                                   [info.context.viewer.user_id, request, body.strip()])
        except Refused as refused:
            return ServiceRequestMessagePayload(errors=[refused.error])
        fresh = await _fresh(info, request)
        messages = await fresh.messages(info) if fresh else []
        posted = next((m for m in messages if m.row["id"] == result.get("message_id")), None)
        return ServiceRequestMessagePayload(service_request=fresh, message=posted)

    @strawberry.mutation(description="Staff: give a request to a trainer (the viewer when `trainerId` is "
                                     "omitted).", permission_classes=[IsStaff])
    async def assign_service_request(
        self, info: Info, id: IdArg,
        trainer_id: Annotated[strawberry.ID | None, Arg("The trainer (a `Trainer` id).")] = None,
    ) -> ServiceRequestPayload:
        try:
            trainer = own_id(trainer_id, "Trainer", "trainerId") if trainer_id else info.context.viewer.user_id
        except Refused as refused:
            return ServiceRequestPayload(errors=[refused.error])
        return await _staff_call(info, "assign_service_request", id, trainer)

    @strawberry.mutation(description="Staff: close a request.", permission_classes=[IsStaff])
    async def close_service_request(self, info: Info, id: IdArg) -> ServiceRequestPayload:
        return await _staff_call(info, "close_service_request", id)

    @strawberry.mutation(description="Staff: turn a request into a training plan (copied from `templateId`) or "
                                     "a session (`start`, `durationMinutes`) for the client's dog, led by "
                                     "`trainerId` or the viewer; the request is closed and links to it.",
                         permission_classes=[IsStaff])
    async def convert_service_request(
        self, info: Info, id: IdArg, to: Annotated[ServiceRequestTarget, Arg("What it becomes.")],
        template_id: Annotated[strawberry.ID | None, Arg("TRAINING_PLAN: the template plan.")] = None,
        start: Annotated[datetime | None, Arg("SESSION: when it starts (with a time zone).")] = None,
        duration_minutes: Annotated[int | None, Arg("SESSION: its length in minutes.")] = None,
        trainer_id: Annotated[strawberry.ID | None, Arg("Who leads it (default: the viewer).")] = None,
    ) -> ServiceRequestPayload:
        try:
            await _visible(info, id)  # an unknown id answers NOT_FOUND before the other arguments are judged
            values: dict[str, Any] = {
                "trainer_user_id": own_id(trainer_id, "Trainer", "trainerId") or info.context.viewer.user_id}
            if to is ServiceRequestTarget.TRAINING_PLAN:
                if template_id is None:
                    raise Refused("VALIDATION", "Give the template plan to copy", "templateId")
                values["template_id"] = own_id(template_id, "TrainingPlan", "templateId")
            else:
                if start is None or duration_minutes is None:
                    raise Refused("VALIDATION", "Give the session's start and duration", "start")
                values.update(start=odoo_time(start, "start"), duration_minutes=duration_minutes)
        except Refused as refused:
            return ServiceRequestPayload(errors=[refused.error])
        return await _staff_call(info, "convert_service_request", id, to.value, values)

