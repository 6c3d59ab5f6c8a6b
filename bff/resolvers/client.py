"""Private queries: the viewer (`me`, `dashboard`), single private records by id, and staff look-ups."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from bff.context import Info
from bff.loaders.base import load_page
from bff.loaders.private import CLIENT_FIELDS, ClientByIdLoader
from bff.loaders.shaped import search_shaped
from bff.loaders.training import PLAN_SHAPE, PLAN_WITH_DOG_SHAPE, plan_with_dog_domain
from bff.permissions import IsAuthenticated, IsStaff
from bff.resolvers.node import node_resolver
from bff.schema.arguments import Arg
from bff.schema.client import Client
from bff.schema.dashboard import Dashboard
from bff.schema.document import Document
from bff.schema.dog import Dog
from bff.schema.node import expect_global_id
from bff.schema.ordering import ClientOrder, ClientOrderField, OrderDirection, order_by_help, resolve_order
from bff.schema.pagination import After, Connection, First, Page
from bff.schema.registration import EventRegistration
from bff.schema.rental import Rental
from bff.schema.session import Session
from bff.schema.training import TaskStage, TrainingPlan, TrainingTask
from bff.specification import field_names, page_selections
from bff.text_input import SEARCH_MAX_LENGTH

IdArg = Annotated[strawberry.ID, strawberry.argument(description="Global ID of the record.")]
CLIENT_DEFAULT_ORDER = ((ClientOrderField.NAME, OrderDirection.ASC),)
ClientOrderBy = Annotated[list[ClientOrder] | None, strawberry.argument(description=order_by_help("NAME ASC"))]


async def _scoped(info: Info, loader: str, odoo_id: int) -> dict[str, Any] | None:
    return await getattr(info.context.loaders, loader).load(odoo_id)


@node_resolver("Dog")
async def dog_by_id(info: Info, odoo_id: int) -> Dog | None:
    row = await _scoped(info, "dog", odoo_id)
    return Dog.from_row(row) if row else None


@node_resolver("TrainingPlan")
async def plan_by_id(info: Info, odoo_id: int) -> TrainingPlan | None:
    row = await _scoped(info, "plan", odoo_id)
    return TrainingPlan.from_row(row) if row else None


@node_resolver("TrainingTask")
async def task_by_id(info: Info, odoo_id: int) -> TrainingTask | None:
    row = await _scoped(info, "task", odoo_id)
    return TrainingTask.from_row(row) if row else None


@node_resolver("Session")
async def session_by_id(info: Info, odoo_id: int) -> Session | None:
    row = await _scoped(info, "session", odoo_id)
    return Session.from_row(row) if row else None


@node_resolver("EventRegistration")
async def registration_by_id(info: Info, odoo_id: int) -> EventRegistration | None:
    row = await _scoped(info, "registration", odoo_id)
    return EventRegistration.from_row(row) if row else None


@node_resolver("Rental")
async def rental_by_id(info: Info, odoo_id: int) -> Rental | None:
    row = await _scoped(info, "rental", odoo_id)
    return Rental.from_row(row) if row else None


@node_resolver("Client")
async def client_by_id(info: Info, odoo_id: int) -> Client | None:
    row = await _scoped(info, "client", odoo_id)
    return Client.from_row(row) if row else None


@node_resolver("Document")
async def document_by_id(info: Info, odoo_id: int) -> Document | None:
    from bff.documents import document_if_visible

    row = await document_if_visible(info.context.odoo, info.context.scope, odoo_id)
    return Document.from_row(row) if row else None


@node_resolver("TaskStage")
async def task_stage_by_id(info: Info, odoo_id: int) -> TaskStage | None:
    """A stage one of the viewer's plans moves its tasks through, or one of the viewer's tasks is in; any
    other answers null like a missing one."""
    odoo, scope = info.context.odoo, info.context.scope
    used = await odoo.search_count("project.project", [("type_ids", "in", [odoo_id]), *scope.plans()]) or (
        await odoo.search_count("project.task", [("stage_id", "=", odoo_id), *scope.tasks()]))
    rows = await info.context.loaders.task_stage.load_existing([odoo_id]) if used else []
    return TaskStage.from_row(rows[0]) if rows else None


def _viewer_dashboard(info: Info) -> Dashboard | None:
    viewer = info.context.viewer
    owner = viewer.commercial_partner_id or viewer.partner_id
    return Dashboard(odoo_id=owner) if viewer.is_authenticated and owner else None


@node_resolver("Dashboard")
async def dashboard_by_id(info: Info, odoo_id: int) -> Dashboard | None:
    """Only the viewer's own dashboard."""
    dashboard = _viewer_dashboard(info)
    return dashboard if dashboard is not None and dashboard.odoo_id == odoo_id else None


@strawberry.type
class ClientQueries:
    @strawberry.field(description="The signed-in user's own profile and data.",
                      permission_classes=[IsAuthenticated])
    async def me(self, info: Info) -> Client | None:
        viewer = info.context.viewer
        rows = await info.context.odoo.read("res.partner", [viewer.partner_id or 0], fields=list(CLIENT_FIELDS))
        return Client.from_row(rows[0], owner_id=viewer.commercial_partner_id) if rows else None

    @strawberry.field(description="The signed-in client's overview: next sessions, active plans, open "
                                  "rentals, upcoming registrations and counts. Null with an UNAUTHENTICATED "
                                  "error when nobody is signed in; the rest of the query keeps its data.",
                      permission_classes=[IsAuthenticated])
    async def dashboard(self, info: Info) -> Dashboard | None:
        return _viewer_dashboard(info)

    @strawberry.field(description="One of the viewer's dogs; null when it does not exist or is not theirs.",
                      permission_classes=[IsAuthenticated])
    async def dog(self, info: Info, id: IdArg) -> Dog | None:
        return await dog_by_id(info, expect_global_id(id, "Dog"))

    @strawberry.field(description="One of the viewer's training plans; null when missing or not theirs.",
                      permission_classes=[IsAuthenticated])
    async def training_plan(self, info: Info, id: IdArg) -> TrainingPlan | None:
        """One call: the plan through the viewer's plan scope, its tasks and stages nested, and its dog when the
        same domain proves the dog in the viewer's dog scope (``bff.loaders.training``)."""
        selections = page_selections(info.selected_fields)
        domain = [("id", "=", expect_global_id(id, "TrainingPlan")), *info.context.scope.plans()]
        odoo = info.context.odoo
        if odoo.reads_specifications and "dog" in field_names(selections):  # (Odoo 16 has no "any" operator)
            spec = PLAN_WITH_DOG_SHAPE.compile(selections)
            rows = await search_shaped(odoo, PLAN_WITH_DOG_SHAPE, spec,
                                       [*domain, *plan_with_dog_domain(info.context.scope)])
            if rows:
                return TrainingPlan.from_row(rows[0])
        rows = await search_shaped(odoo, PLAN_SHAPE, PLAN_SHAPE.compile(selections), domain)
        return TrainingPlan.from_row(rows[0]) if rows else None

    @strawberry.field(description="One of the viewer's sessions; null when missing or not theirs.",
                      permission_classes=[IsAuthenticated])
    async def session(self, info: Info, id: IdArg) -> Session | None:
        return await session_by_id(info, expect_global_id(id, "Session"))

    @strawberry.field(description="One of the viewer's rentals; null when missing or not theirs.",
                      permission_classes=[IsAuthenticated])
    async def rental(self, info: Info, id: IdArg) -> Rental | None:
        return await rental_by_id(info, expect_global_id(id, "Rental"))

    @strawberry.field(description="Staff: clients (a trainer sees the clients they train), by name unless "
                                  "`orderBy` says otherwise.",
                      permission_classes=[IsStaff])
    async def clients(self, info: Info, search: Annotated[str | None, Arg(
            "Text the name or email contains (any case; at most 100 characters).",
            max_length=SEARCH_MAX_LENGTH)] = None,
            first: First = None, after: After = None, order_by: ClientOrderBy = None) -> Connection[Client]:
        order = resolve_order(order_by, CLIENT_DEFAULT_ORDER)
        page = Page.from_args(first, after, info.context.settings, order.key)
        domain = list(info.context.scope.clients())
        if search:
            domain += ["|", ("name", "ilike", search), ("email", "ilike", search)]
        loader: ClientByIdLoader = info.context.loaders.client
        total, rows = await load_page(info.context.odoo, loader, domain, limit=page.limit, offset=page.offset,
                                      order=order.odoo, many2one=frozenset({"country_id", "state_id"}))
        return Connection[Client].build([Client.from_row(row) for row in rows], page, total)
