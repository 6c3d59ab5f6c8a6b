"""``dashboardChanged`` reports orders (kind ``ORDER``): Odoo confirming Omar's order reaches Omar, with the
order and the registrations it confirmed, and nobody else."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bff.odoo_client import OdooClient
from bff.schema.node import encode_global_id
from tests.conftest import ADMIN, DB, DemoOdoo
from tests.live.harness import Served, registered, serve_bff, ws_client

DASHBOARD = """subscription { dashboardChanged { kind operation ids
  nodes { id ... on Order { state } ... on EventRegistration { registrationState: state } } } }"""
REGISTER = """mutation($e: ID!, $t: ID) { registerForEvent(eventId: $e, ticketId: $t,
  attendees: [{name: "Omar", email: "omar@x.io"}]) { order { id } errors { code } } }"""
TICKETS = "query($id: ID!) { event(id: $id) { tickets { id } } }"


@pytest.fixture
async def live(fresh_odoo: DemoOdoo) -> AsyncIterator[Served]:
    async with serve_bff(fresh_odoo) as served:
        yield served


async def test_a_confirmed_order_reaches_its_owner_only(live: Served, fresh_odoo: DemoOdoo) -> None:
    omar = await live.gql.log_in("omar@customk9.demo")
    dana = await live.gql.log_in("dana@customk9.demo")
    event = encode_global_id("Event", fresh_odoo.seeded.events["Loose-Leash Walking Clinic"])
    ticket = (await omar.query(TICKETS, {"id": event}))["event"]["tickets"][0]["id"]
    made = (await omar.query(REGISTER, {"e": event, "t": ticket}))["registerForEvent"]
    assert made["errors"] == []
    order_id = made["order"]["id"]
    async with ws_client(live.url, omar.token) as omar_ws, ws_client(live.url, dana.token) as dana_ws:
        await omar_ws.subscribe(DASHBOARD)
        await dana_ws.subscribe(DASHBOARD)
        await registered(live, 2)
        async with OdooClient(url=fresh_odoo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as admin:
            odoo_id = fresh_odoo.db.search_ids("sale.order", [("partner_id", "=", fresh_odoo.seeded.client_partners[
                "omar@customk9.demo"]), ("state", "=", "draft")], order=False)[-1]
            await admin.call("sale.order", "action_confirm", [[odoo_id]])
        changes = []
        for _ in range(3):
            message = await omar_ws.receive(timeout=2.0)
            changes.append(message["payload"]["data"]["dashboardChanged"])
            if any(c["kind"] == "ORDER" for c in changes) and any(c["kind"] == "REGISTRATION" for c in changes):
                break
        order = next(c for c in changes if c["kind"] == "ORDER")
        assert order == {"kind": "ORDER", "operation": "UPDATED", "ids": [order_id],
                         "nodes": [{"id": order_id, "state": "CONFIRMED"}]}
        registration = next(c for c in changes if c["kind"] == "REGISTRATION")
        assert registration["nodes"][0]["registrationState"] == "CONFIRMED"
        assert not any(c["kind"] == "RENTAL" for c in changes)  # a ticket order is no rental
        assert await dana_ws.nothing_within(0.5)
