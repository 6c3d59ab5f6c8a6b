"""Orders and payment end to end: a paid ticket or a rental returns the order to pay on Odoo's portal page;
Odoo confirming it confirms what it pays for; an unpaid order is cancelled after its hold and frees its seat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

EVENT = "Loose-Leash Walking Clinic"  # 10 seats, 2 taken, one "Standard" ticket at 60.00
ORDER_FIELDS = """id reference state paymentState holdUntil paymentUrl
  amountUntaxed { amount currencyCode } amountTax { amount } amountTotal { amount }
  lines { product quantity unitPrice { amount } subtotal { amount } }
  registrations { id state attendeeName } rental { id reference }"""
REGISTER = """mutation R($e: ID!, $t: ID, $a: [AttendeeInput!]!, $k: String) {
  registerForEvent(eventId: $e, ticketId: $t, attendees: $a, idempotencyKey: $k) {
    registrations { id state } orderReference order { ORDER_FIELDS } errors { code field } } }""".replace(
    "ORDER_FIELDS", ORDER_FIELDS)
SEATS = "query S($id: ID!) { event(id: $id) { seatsAvailable tickets { id name } } }"
ORDER = "query O($id: ID!) { order(id: $id) { ORDER_FIELDS } }".replace("ORDER_FIELDS", ORDER_FIELDS)
MY_ORDERS = """{ me { orders(first: 10) { totalCount edges { node { id reference state } } }
  registrations { id state } } }"""
RENT = """mutation C($i: ID!, $f: DateTime!, $t: DateTime!) { createRental(items: [{equipmentId: $i, quantity: 2}],
  from: $f, to: $t) { rental { id reference state lines { quantity } } order { ORDER_FIELDS } errors { code } } }
""".replace("ORDER_FIELDS", ORDER_FIELDS)
OMAR = [{"name": "Omar", "email": "omar@customk9.demo"}]


def run_cron(odoo: DemoOdoo) -> None:
    """What Odoo's cron thread does when the addon's job is due (as an administrator over RPC)."""
    cron = odoo.db.xmlid_to_res_id("customk9.ir_cron_cancel_expired_holds")
    assert odoo.db.execute(2, "ir.cron", "method_direct_trigger", [[cron]], {}) is True


async def register_paid(omar: GraphQLClient, fresh_odoo: DemoOdoo, key: str) -> tuple[str, dict]:
    event = encode_global_id("Event", fresh_odoo.seeded.events[EVENT])
    ticket = (await omar.query(SEATS, {"id": event}))["event"]["tickets"][0]["id"]
    made = (await omar.query(REGISTER, {"e": event, "t": ticket, "a": OMAR, "k": key}))["registerForEvent"]
    assert made["errors"] == [], made
    return event, made


async def test_paid_ticket_order_is_paid_on_odoo_and_confirms_the_registration(
        fresh_odoo: DemoOdoo, fresh_bff: GraphQLClient) -> None:
    omar = await fresh_bff.log_in("omar@customk9.demo")
    event = encode_global_id("Event", fresh_odoo.seeded.events[EVENT])
    seats = (await omar.query(SEATS, {"id": event}))["event"]["seatsAvailable"]
    fresh_odoo.server.clear_calls()
    _, made = await register_paid(omar, fresh_odoo, "omar-paid-ticket-1")
    order = made["order"]
    odoo_id = int(fresh_odoo.db.search_ids("sale.order", [("name", "=", order["reference"])], order=False)[0])
    token = fresh_odoo.db.tables["sale.order"][odoo_id]["access_token"]
    assert made["orderReference"] == order["reference"]
    assert made["registrations"] == [{"id": order["registrations"][0]["id"], "state": "DRAFT"}]
    assert (order["state"], order["paymentState"]) == ("QUOTATION", "NOT_PAID")
    assert (order["amountUntaxed"], order["amountTax"], order["amountTotal"]) == (
        {"amount": "60.00", "currencyCode": "USD"}, {"amount": "0.00"}, {"amount": "60.00"})
    assert order["lines"] == [{"product": order["lines"][0]["product"], "quantity": 1.0,
                               "unitPrice": {"amount": "60.00"}, "subtotal": {"amount": "60.00"}}]
    assert order["paymentUrl"] == f"{fresh_odoo.server.url}/my/orders/{odoo_id}?access_token={token}"
    hold = datetime.fromisoformat(order["holdUntil"])
    assert timedelta(minutes=29) < hold - datetime.now(UTC) <= timedelta(minutes=30)
    assert order["rental"] is None
    # one read of the order for the payload, its lines and registrations batched: no call per field
    assert len(fresh_odoo.server.calls_to("sale.order", "search_read")) == 1
    assert len(fresh_odoo.server.calls_to("sale.order", "get_portal_url")) == 0  # the token came with the row
    # the held draft keeps its seat
    assert (await omar.query(SEATS, {"id": event}))["event"]["seatsAvailable"] == seats - 1
    # Odoo's portal page answers the token, and only it (a real Odoo redirects the rest to /my)
    async with httpx.AsyncClient(follow_redirects=False) as browser:
        assert (await browser.get(order["paymentUrl"])).status_code == 200
        wrong = await browser.get(order["paymentUrl"][:-4] + "0000")
        assert (wrong.status_code, wrong.headers["location"]) == (303, "/my")
        other = await browser.get(f"{fresh_odoo.server.url}/my/orders/{odoo_id + 1000}?access_token={token}")
        assert other.status_code == 303
    # the same key again: the same order, nothing new
    _, again = await register_paid(omar, fresh_odoo, "omar-paid-ticket-1")
    assert again["order"]["id"] == order["id"]
    # Odoo confirms it (the payment provider's post-processing, or staff): the registration is confirmed
    assert fresh_odoo.db.execute(2, "sale.order", "action_confirm", [[odoo_id]], {}) is True
    paid = (await omar.query(ORDER, {"id": order["id"]}))["order"]
    assert (paid["state"], paid["holdUntil"], paid["registrations"][0]["state"]) == ("CONFIRMED", None, "CONFIRMED")
    mine = (await omar.query(MY_ORDERS))["me"]
    assert {"id": order["id"], "reference": order["reference"], "state": "CONFIRMED"} in [
        e["node"] for e in mine["orders"]["edges"]]
    assert {"id": order["registrations"][0]["id"], "state": "CONFIRMED"} in mine["registrations"]
    assert (await omar.query(SEATS, {"id": event}))["event"]["seatsAvailable"] == seats - 1
    # the cron leaves a confirmed order alone, even long after its hold
    fresh_odoo.db._clock = lambda: datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=2)
    run_cron(fresh_odoo)
    assert fresh_odoo.db.tables["sale.order"][odoo_id]["state"] == "sale"


async def test_unpaid_order_is_cancelled_after_its_hold_and_the_seat_comes_back(
        fresh_odoo: DemoOdoo, fresh_bff: GraphQLClient) -> None:
    omar = await fresh_bff.log_in("omar@customk9.demo")
    event = encode_global_id("Event", fresh_odoo.seeded.events[EVENT])
    seats = (await omar.query(SEATS, {"id": event}))["event"]["seatsAvailable"]
    _, made = await register_paid(omar, fresh_odoo, "omar-paid-ticket-2")
    assert (await omar.query(SEATS, {"id": event}))["event"]["seatsAvailable"] == seats - 1
    run_cron(fresh_odoo)  # not yet over: nothing happens
    assert (await omar.query(ORDER, {"id": made["order"]["id"]}))["order"]["state"] == "QUOTATION"
    fresh_odoo.db._clock = lambda: datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=31)
    run_cron(fresh_odoo)
    order = (await omar.query(ORDER, {"id": made["order"]["id"]}))["order"]
    assert (order["state"], order["holdUntil"], order["registrations"][0]["state"]) == (
        "CANCELLED", None, "CANCELLED")
    assert (await omar.query(SEATS, {"id": event}))["event"]["seatsAvailable"] == seats


async def test_a_hold_alone_ends_and_the_setting_sets_its_length(
        fresh_odoo: DemoOdoo, fresh_bff: GraphQLClient) -> None:
    """The addon reads ``customk9.payment_hold_minutes``; an expired hold no longer holds even before the cron."""
    fresh_odoo.db.set_param("customk9.payment_hold_minutes", "5")
    omar = await fresh_bff.log_in("omar@customk9.demo")
    event = encode_global_id("Event", fresh_odoo.seeded.events[EVENT])
    seats = (await omar.query(SEATS, {"id": event}))["event"]["seatsAvailable"]
    _, made = await register_paid(omar, fresh_odoo, "omar-paid-ticket-3")
    hold = datetime.fromisoformat(made["order"]["holdUntil"])
    assert timedelta(minutes=4) < hold - datetime.now(UTC) <= timedelta(minutes=5)
    fresh_odoo.db._clock = lambda: datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=6)
    assert (await omar.query(SEATS, {"id": event}))["event"]["seatsAvailable"] == seats


async def test_rental_order_has_daily_prices_and_the_deposit(fresh_odoo: DemoOdoo, fresh_bff: GraphQLClient) -> None:
    lea = await fresh_bff.log_in("lea@customk9.demo")
    start = (datetime.now(UTC) + timedelta(days=12)).replace(microsecond=0)
    made = (await lea.query(RENT, {"i": encode_global_id("Equipment", fresh_odoo.seeded.equipment["K9-AGIL"]),
                                   "f": start.isoformat(), "t": (start + timedelta(days=3)).isoformat()}))
    made = made["createRental"]
    order = made["order"]
    assert made["errors"] == [] and made["rental"]["lines"] == [{"quantity": 2.0}]  # the deposit is no item
    assert order["rental"] == {"id": made["rental"]["id"], "reference": made["rental"]["reference"]}
    daily = fresh_odoo.db.value("product.product", fresh_odoo.seeded.equipment["K9-AGIL"], "list_price")
    assert [(line["quantity"], line["unitPrice"]["amount"]) for line in order["lines"]] == [
        (2.0, f"{daily * 3:.2f}"), (1.0, "300.00")]  # 3 days, then 2 x 150.00 deposit
    assert order["amountTotal"]["amount"] == f"{daily * 6 + 300:.2f}"
    assert order["paymentUrl"] and order["holdUntil"] and order["registrations"] == []


async def test_orders_are_the_owners_alone(fresh_odoo: DemoOdoo, fresh_bff: GraphQLClient) -> None:
    omar = await fresh_bff.log_in("omar@customk9.demo")
    _, made = await register_paid(omar, fresh_odoo, "omar-paid-ticket-4")
    dana = await fresh_bff.log_in("dana@customk9.demo")
    assert made["order"]["id"] not in [e["node"]["id"] for e in
                                       (await dana.query(MY_ORDERS))["me"]["orders"]["edges"]]
    assert await dana.error_codes(ORDER, {"id": made["order"]["id"]}) == ["NOT_FOUND"]
    assert (await dana.query("query N($id: ID!) { node(id: $id) { id } }", {"id": made["order"]["id"]}))["node"] is None
    # a manager sees the order but not its payment link (the owner's secret)
    manager = await fresh_bff.log_in("manager@customk9.demo")
    seen = (await manager.query(ORDER, {"id": made["order"]["id"]}))["order"]
    assert seen["reference"] == made["order"]["reference"] and seen["paymentUrl"] is None
