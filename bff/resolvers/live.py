"""Subscriptions: Odoo's changes, relayed live to the dashboard and to single objects.

Every subscription registers an interest with the process's ``Broker`` (``bff.live``), then waits for
deliveries. Each delivery is read again with fresh loaders for this event (``Context.use_fresh_loaders``), so
what a subscriber receives is exactly what the same query would answer now. Between deliveries the
subscription watches the viewer's access token: once it expires or is revoked, the socket is closed with
4401 (graphql-transport-ws "Unauthorized"), which ends every subscription of that connection.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any, TypeVar

import strawberry

from bff.context import Info
from bff.errors import NotFound
from bff.live.broker import Delivery, Ended, Interest, Subscription
from bff.live.interests import DashboardInterest, EventSeatsInterest, PlanInterest, SessionInterest, partner_facts
from bff.permissions import IsAuthenticated, IsPublic
from bff.resolvers.client import plan_by_id, session_by_id
from bff.resolvers.event import event_by_id
from bff.resolvers.node import resolve_node
from bff.schema.event import Event
from bff.schema.live import KINDS_BY_MODEL, NODE_TYPE_BY_KIND, OPERATION_BY_ODOO, DashboardChange, DashboardChangeKind
from bff.schema.node import encode_global_id, expect_global_id
from bff.schema.session import Session
from bff.schema.training import TrainingPlan

T = TypeVar("T")
TOKEN_CHECK_S = 15.0  # how often a quiet subscription re-checks that its access token was not revoked


async def _deliveries(info: Info, interest: Interest) -> AsyncGenerator[Delivery, None]:
    """Register ``interest`` and yield its deliveries, each with fresh loaders set for the running task, until
    the token ends (socket closed 4401) or the subscription is ended (its error is raised)."""
    context = info.context
    viewer = context.viewer
    assert context.live is not None, "create_app gives every context the broker"
    context.use_fresh_loaders()  # rows read by the subscribe-time check are not kept while the subscriber waits
    sub: Subscription = context.live.subscribe(
        interest, connection=id(context), anonymous=not viewer.is_authenticated,
        viewer=viewer.user_id if viewer.is_authenticated else context.client_address)
    try:
        while True:
            try:
                delivery = await sub.get(timeout=_until_token_check(context))
            except TimeoutError:
                if not await _token_still_valid(context):
                    await _close_unauthorized(context)
                    return
                continue
            except Ended:
                return
            if not await _token_still_valid(context):
                await _close_unauthorized(context)
                return
            context.use_fresh_loaders(delivery.public_loaders if not viewer.is_authenticated else None)
            yield delivery
    finally:
        sub.close()


async def _follow(info: Info, interest: Interest, load: Callable[[Info, int], Awaitable[T | None]], odoo_id: int,
                  field: str) -> AsyncGenerator[T, None]:
    """One object, read with the viewer's scope now and after each delivery. Missing, not the viewer's, or no
    longer visible (unpublished, deleted, moved to another client) all answer the same ``NOT_FOUND``."""
    if await load(info, odoo_id) is None:
        raise NotFound("No such object, or not yours to follow", field=field)
    async for _delivery in _deliveries(info, interest):
        found = await load(info, odoo_id)
        if found is None:
            raise NotFound("No such object, or not yours to follow", field=field)
        yield found


def _until_token_check(context: Any) -> float:
    expires_at = getattr(context.viewer, "expires_at", None)
    if expires_at is None:
        return TOKEN_CHECK_S
    return max(0.0, min(TOKEN_CHECK_S, expires_at - time.time()))


async def _token_still_valid(context: Any) -> bool:
    if not context.viewer.is_authenticated:
        return True
    expires_at = getattr(context.viewer, "expires_at", None)
    if expires_at is not None and time.time() >= expires_at:
        return False
    check = getattr(context.auth, "token_active", None)
    return True if check is None else bool(await check(context.viewer))


async def _close_unauthorized(context: Any) -> None:
    socket = context.request
    if socket is not None and hasattr(socket, "close"):
        await socket.close(code=4401, reason="Access token expired or revoked: sign in again")


@strawberry.type
class LiveSubscriptions:
    @strawberry.subscription(permission_classes=[IsAuthenticated], description=(
        "Changes to what the signed-in viewer's dashboard shows (dogs, plans, tasks, sessions, registrations, "
        "rentals, orders), as they happen in Odoo, limited to what the viewer may see. A `RESYNC` change means "
        "some may have been missed: re-read the dashboard."))
    async def dashboard_changed(self, info: Info) -> AsyncGenerator[DashboardChange, None]:
        interest = DashboardInterest(info.context.scope, await partner_facts(info.context.odoo, info.context.scope))
        async for delivery in _deliveries(info, interest):
            if delivery.resync is not None:
                yield DashboardChange(kind=DashboardChangeKind.RESYNC, operation=None, ids=[], nodes=[])
                continue
            assert delivery.model is not None and delivery.op is not None
            for kind in KINDS_BY_MODEL[delivery.model]:
                type_name = NODE_TYPE_BY_KIND[kind]
                ids, nodes = list(delivery.ids), []
                if delivery.op != "unlink":
                    found = await asyncio.gather(*(resolve_node(info, type_name, i) for i in delivery.ids))
                    ids = [i for i, node in zip(delivery.ids, found, strict=True) if node is not None]
                    nodes = [node for node in found if node is not None]
                    if not ids:
                        continue
                yield DashboardChange(kind=kind, operation=OPERATION_BY_ODOO[delivery.op], nodes=nodes,
                                      ids=[strawberry.ID(encode_global_id(type_name, i)) for i in ids])

    @strawberry.subscription(permission_classes=[IsPublic], description=(
        "The event, with fresh seat counts, each time a registration, a cancellation or a seat limit change "
        "touches it (and after a `RESYNC`). Public."))
    async def event_seats_changed(self, info: Info, event_id: strawberry.ID) -> AsyncGenerator[Event, None]:
        odoo_id = expect_global_id(event_id, "Event")
        async for event in _follow(info, EventSeatsInterest(odoo_id), event_by_id, odoo_id, "eventId"):
            yield event

    @strawberry.subscription(permission_classes=[IsAuthenticated], description=(
        "One training plan, read fresh each time it or one of its tasks changes. An id the viewer may not see "
        "is refused exactly like a missing one."))
    async def training_plan_changed(self, info: Info, id: strawberry.ID) -> AsyncGenerator[TrainingPlan, None]:
        odoo_id = expect_global_id(id, "TrainingPlan")
        async for plan in _follow(info, PlanInterest(odoo_id), plan_by_id, odoo_id, "id"):
            yield plan

    @strawberry.subscription(permission_classes=[IsAuthenticated], description=(
        "One session, read fresh each time it changes (moved, cancelled, attendees). An id the viewer may not "
        "see is refused exactly like a missing one."))
    async def session_changed(self, info: Info, id: strawberry.ID) -> AsyncGenerator[Session, None]:
        odoo_id = expect_global_id(id, "Session")
        async for session in _follow(info, SessionInterest(odoo_id), session_by_id, odoo_id, "id"):
            yield session
