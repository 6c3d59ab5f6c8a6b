"""``exportMyData``: everything a client holds in Odoo through this API, as one JSON document (GDPR art. 15, 20).

Every section is read with the viewer's *client* scope (``bff.policy``), whatever their role: a trainer's export
holds what is theirs as a customer, never their clients' records. Sections, each one scoped search per model:

    profile          res.partner           the viewer's own partner (and login)
    dogs             customk9.dog          owner in the client's company
    trainingPlans    project.project       customer is the client (+ their tasks: project.task)
    sessions         calendar.event        the client is an attendee
    registrations    event.registration    registered partner is the client
    rentals          sale.order            the client's rental orders (+ lines)
    orders           sale.order            every sale order of the client (+ lines), invoiced or not
    serviceRequests  project.task          the client's service requests (``Scope.service_requests``)
    documents        ir.attachment         metadata and download path of the client's documents (not the bytes)

A module Odoo does not have leaves its section empty and listed in ``unavailable``.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bff.auth.viewer import Role, Viewer
from bff.documents import DocumentsByOwnerLoader
from bff.errors import OdooModelNotFound
from bff.loaders.private import (
    CLIENT_FIELDS,
    DOG_FIELDS,
    PLAN_FIELDS,
    REGISTRATION_FIELDS,
    RENTAL_FIELDS,
    SESSION_FIELDS,
    TASK_FIELDS,
)
from bff.odoo_client import OdooClient
from bff.policy import Scope
from bff.schema.node import encode_global_id

ORDER_FIELDS = ["name", "partner_id", "state", "date_order", "amount_untaxed", "amount_tax", "amount_total",
                "currency_id", "invoice_status", "is_rental"]
LINE_FIELDS = ["order_id", "name", "product_id", "product_uom_qty", "price_unit", "price_subtotal"]
REQUEST_FIELDS = ["name", "stage_id", "description", "create_date", "date_deadline", "partner_id"]


def client_scope(viewer: Viewer) -> Scope:
    """The viewer as a customer: the client rules of ``bff.policy`` on their own commercial partner."""
    return Scope(replace(viewer, role=Role.CLIENT))


async def collect(odoo: OdooClient, viewer: Viewer) -> dict[str, Any]:
    scope = client_scope(viewer)
    client = viewer.commercial_partner_id or 0
    unavailable: list[str] = []

    async def rows(section: str, model: str, domain: list[Any], fields: list[str] | tuple[str, ...]) -> list[Any]:
        try:
            return await odoo.search_read(model, domain, fields=list(fields), order="id")
        except OdooModelNotFound:
            unavailable.append(section)
            return []

    async def profile() -> dict[str, Any]:
        [row] = await odoo.read("res.partner", [viewer.partner_id or 0], fields=list(CLIENT_FIELDS)) or [{}]
        return {**row, "login": viewer.login}

    async def documents() -> list[Any]:
        found = await DocumentsByOwnerLoader(odoo, scope, limit=10_000).load(client)
        return [{**row, "download": "/documents/" + encode_global_id("Document", row["id"])} for row in found]

    (me, dogs, plans, tasks, sessions, registrations, rentals, orders, requests, docs) = await asyncio.gather(
        profile(),
        rows("dogs", "customk9.dog", scope.dogs(), DOG_FIELDS),
        rows("trainingPlans", "project.project", scope.plans(), PLAN_FIELDS),
        rows("trainingPlans", "project.task", scope.tasks(), TASK_FIELDS),
        rows("sessions", "calendar.event", scope.sessions(), SESSION_FIELDS),
        rows("registrations", "event.registration", scope.registrations(), REGISTRATION_FIELDS),
        rows("rentals", "sale.order", scope.rentals(), RENTAL_FIELDS),
        rows("orders", "sale.order", scope.orders(), ORDER_FIELDS),
        rows("serviceRequests", "project.task", scope.service_requests(), REQUEST_FIELDS),
        documents(),
    )
    lines = await rows("orders", "sale.order.line", [("order_id", "in", [o["id"] for o in orders])], LINE_FIELDS) \
        if orders else []
    by_order: dict[int, list[Any]] = {}
    for line in lines:
        by_order.setdefault(line["order_id"][0], []).append(line)
    for order in [*orders, *rentals]:
        order["lines"] = by_order.get(order["id"], [])
    for plan in plans:
        plan["tasks"] = [t for t in tasks if t["project_id"] and t["project_id"][0] == plan["id"]]
    return {
        "exportedAt": datetime.now(UTC).isoformat(timespec="seconds"),
        "profile": me, "dogs": dogs, "trainingPlans": plans, "sessions": sessions,
        "registrations": registrations, "rentals": rentals, "orders": orders, "serviceRequests": requests,
        "documents": docs, "unavailable": sorted(set(unavailable)),
    }
