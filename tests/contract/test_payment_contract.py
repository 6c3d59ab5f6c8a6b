"""Orders the client pays on Odoo's portal, payment holds and memberships (the CustomK9 addon on Odoo 18).

What the BFF relies on: a paid ticket's order is a payable quotation with an access token whose
``get_portal_url()`` is ``/my/orders/<id>?access_token=<token>`` (200 anonymously, a 303 to ``/my`` with any
other token), its registrations are drafts that keep their seats while the hold lasts, confirming the order
confirms them, and the addon's cron (``method_direct_trigger``, as Odoo's cron thread runs it) cancels an
unpaid order after its hold, which frees the seats. ``buy_membership`` makes the same kind of order and a
confirmed one gives the client a membership. On a real Odoo only: paying with ``payment_demo`` through the
portal's own routes confirms the order (the emulator has no payment providers: the BFF never calls them).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import aiohttp
import pytest

from .rpc import OdooRpc
from .test_booking_contract import FMT, Booking, booking  # noqa: F401 (the fixture the tests take)

pytestmark = pytest.mark.contract
HOLD = "customk9.payment_hold_minutes"


async def paid_event(booking: Booking, seats: int = 2) -> tuple[int, int]:  # noqa: F811 (the fixture)
    unique = booking.addon.unique
    begin = datetime.utcnow().replace(microsecond=0) + timedelta(days=30)
    event = await booking.cleanup.create("event.event", {
        "name": f"{unique} paid event", "date_begin": begin.strftime(FMT),
        "date_end": (begin + timedelta(hours=2)).strftime(FMT), "seats_limited": True, "seats_max": seats,
        "is_published": True})
    product = await booking.cleanup.create("product.product", {"name": f"{unique} seat", "type": "service"})
    ticket = await booking.cleanup.create("event.event.ticket", {
        "name": f"{unique} paid", "event_id": event, "price": 40.0, "product_id": product})
    return event, ticket


async def register(booking: Booking, event: int, ticket: int) -> dict:  # noqa: F811 (the fixture)
    result = await booking("register_event", booking.client, event, ticket, [{"name": f"{booking.addon.unique} A"}])
    assert result["ok"] is True, result
    booking.cleanup.add("event.registration", result["registration_ids"])
    booking.cleanup.add("sale.order", result["sale_order_id"])
    return result


async def seats(admin: OdooRpc, event: int) -> int:
    [row] = await admin.call_kw("event.event", "read", [[event], ["seats_available"]])
    return row["seats_available"]


async def states(admin: OdooRpc, result: dict) -> tuple[str, set[str]]:
    [order] = await admin.call_kw("sale.order", "read", [[result["sale_order_id"]], ["state"]])
    rows = await admin.call_kw("event.registration", "read", [result["registration_ids"], ["state"]])
    return order["state"], {r["state"] for r in rows}


async def run_cron(admin: OdooRpc, module: str, name: str) -> None:
    [data] = await admin.call_kw("ir.model.data", "search_read", [[["module", "=", module], ["name", "=", name]]],
                                 {"fields": ["res_id"]})
    await admin.call_kw("ir.cron", "method_direct_trigger", [[data["res_id"]]])


async def test_paid_ticket_order_is_payable_on_the_portal_and_holds_its_seat(booking: Booking) -> None:  # noqa: F811 (the fixture)
    admin = booking.addon.admin
    event, ticket = await paid_event(booking)
    result = await register(booking, event, ticket)
    order_id = result["sale_order_id"]
    [order] = await admin.call_kw("sale.order", "read", [[order_id], [
        "state", "require_payment", "require_signature", "access_token", "customk9_hold_until", "create_date",
        "amount_untaxed"]])
    assert (order["state"], order["require_payment"], order["require_signature"]) == ("draft", True, False)
    assert order["amount_untaxed"] == 40.0 and order["access_token"]  # (a real Odoo may add its sales tax)
    hold = datetime.strptime(order["customk9_hold_until"], FMT) - datetime.strptime(order["create_date"], FMT)
    parameter = await admin.call_kw("ir.config_parameter", "get_param", [HOLD])
    minutes = int(parameter) if parameter else 30
    assert timedelta(minutes=minutes) - timedelta(seconds=5) <= hold <= timedelta(minutes=minutes, seconds=5)
    assert (await states(admin, result)) == ("draft", {"draft"})
    assert await seats(admin, event) == 1  # the draft holds its seat
    # the integration account gets the portal URL; the token in it is the order's
    url = await booking.bff.client.call_kw("sale.order", "get_portal_url", [[order_id]])
    assert url == f"/my/orders/{order_id}?access_token={order['access_token']}"
    base = booking.addon.target.url.rstrip("/")
    async with aiohttp.ClientSession() as browser:  # anonymous: no session cookie
        async with browser.get(base + url, allow_redirects=False) as page:
            assert page.status == 200 and "text/html" in page.headers["Content-Type"]
        async with browser.get(base + url[:-6] + "000000", allow_redirects=False) as wrong:
            assert wrong.status == 303 and wrong.headers["Location"].endswith("/my")
    # confirming the order (payment done, or staff) confirms the registration; the seat stays taken
    await admin.call_kw("sale.order", "action_confirm", [[order_id]])
    assert (await states(admin, result)) == ("sale", {"open"})
    assert await seats(admin, event) == 1


async def test_an_unpaid_order_is_cancelled_after_its_hold_and_frees_its_seat(booking: Booking) -> None:  # noqa: F811 (the fixture)
    admin = booking.addon.admin
    event, ticket = await paid_event(booking)
    result = await register(booking, event, ticket)
    confirmed = await register(booking, event, ticket)
    await admin.call_kw("sale.order", "action_confirm", [[confirmed["sale_order_id"]]])
    assert await seats(admin, event) == 0
    await run_cron(admin, "customk9", "ir_cron_cancel_expired_holds")
    assert (await states(admin, result)) == ("draft", {"draft"})  # the hold is not over yet
    past = (datetime.utcnow() - timedelta(minutes=1)).strftime(FMT)
    await admin.call_kw("sale.order", "write", [[result["sale_order_id"], confirmed["sale_order_id"]],
                                                {"customk9_hold_until": past}])
    assert await seats(admin, event) == 1  # an expired hold holds nothing, even before the cron
    await run_cron(admin, "customk9", "ir_cron_cancel_expired_holds")
    assert (await states(admin, result)) == ("cancel", {"cancel"})
    assert (await states(admin, confirmed)) == ("sale", {"open"})  # paid: never cancelled
    assert await seats(admin, event) == 1


async def test_paying_with_the_demo_provider_confirms_the_order(booking: Booking) -> None:  # noqa: F811 (the fixture)
    if booking.addon.target.emulated:
        pytest.skip("payment providers are Odoo's: the BFF never calls them, the emulator has none")
    admin = booking.addon.admin
    if not await admin.call_kw("ir.module.module", "search_count", [[["name", "=", "payment_demo"],
                                                                      ["state", "=", "installed"]]]):
        pytest.skip("payment_demo is not installed on this Odoo (an optional module, for test databases)")
    [provider] = await admin.call_kw("payment.provider", "search_read", [[["code", "=", "demo"]]],
                                     {"fields": ["state", "is_published", "payment_method_ids"]})
    if provider["state"] != "test" or not provider["is_published"]:
        await admin.call_kw("payment.provider", "write", [[provider["id"]], {"state": "test", "is_published": True}])
    event, ticket = await paid_event(booking)
    result = await register(booking, event, ticket)
    order_id = result["sale_order_id"]
    url = await booking.bff.client.call_kw("sale.order", "get_portal_url", [[order_id]])
    token = url.split("access_token=")[1]
    [order] = await admin.call_kw("sale.order", "read", [[order_id], ["amount_total"]])
    browser = OdooRpc(booking.addon.target.url, booking.addon.target.db)  # anonymous, as the client's browser
    try:
        processing = await browser.call(f"/my/orders/{order_id}/transaction", {
            "access_token": token, "provider_id": provider["id"],
            "payment_method_id": provider["payment_method_ids"][0],
            "token_id": None, "amount": order["amount_total"], "flow": "direct", "tokenization_requested": False,
            "landing_route": url})
        await browser.call("/payment/demo/simulate_payment", {
            "reference": processing["reference"], "payment_details": "4242", "simulated_state": "done"})
    finally:
        await browser.close()
    # the confirmation mail attaches the order as a PDF, which needs wkhtmltopdf on the Odoo host: leave the
    # PDF out while the payment is post-processed (what the status page or the cron does), then put it back
    [template] = await admin.call_kw("ir.model.data", "search_read", [[
        ["module", "=", "sale"], ["name", "=", "mail_template_sale_confirmation"]]], {"fields": ["res_id"]})
    [reports] = await admin.call_kw("mail.template", "read", [[template["res_id"]], ["report_template_ids"]])
    await admin.call_kw("mail.template", "write", [[template["res_id"]], {"report_template_ids": [(6, 0, [])]}])
    try:
        await run_cron(admin, "payment", "cron_post_process_payment_tx")
    finally:
        await admin.call_kw("mail.template", "write", [[template["res_id"]], {
            "report_template_ids": [(6, 0, reports["report_template_ids"])]}])
    assert (await states(admin, result)) == ("sale", {"open"})
    [paid] = await admin.call_kw("sale.order", "read", [[order_id], ["amount_paid"]])
    assert paid["amount_paid"] == order["amount_total"]


async def test_buy_membership_makes_a_payable_order_and_a_confirmed_one_a_membership(booking: Booking) -> None:  # noqa: F811 (the fixture)
    admin = booking.addon.admin
    installed = await admin.call_kw("ir.module.module", "search_count",
                                    [[["name", "=", "membership"], ["state", "=", "installed"]]])
    if not installed:
        assert (await booking("buy_membership", booking.client, 1))["code"] == "FEATURE_UNAVAILABLE"
        return
    today = datetime.utcnow().date()
    plan = await booking.cleanup.create("product.product", {
        "name": f"{booking.addon.unique} club", "type": "service", "membership": True, "sale_ok": True,
        "list_price": 90.0, "membership_date_from": today.isoformat(),
        "membership_date_to": (today + timedelta(days=364)).isoformat()})
    try:
        await check_membership(booking, plan, today)
    finally:  # invoiced, the plan cannot be deleted: archived, it leaves the plans on sale
        await admin.call_kw("product.product", "write", [[plan], {"active": False}])


async def check_membership(booking: Booking, plan: int, today: date) -> None:  # noqa: F811 (the fixture)
    admin = booking.addon.admin
    assert (await booking("membership_status", booking.client)) == {
        "ok": True, "state": "none", "since": False, "until": False, "plan_id": False}
    bought = await booking("buy_membership", booking.client, plan)
    assert set(bought) == {"ok", "sale_order_id"} and bought["ok"] is True
    booking.cleanup.add("sale.order", bought["sale_order_id"])
    [order] = await admin.call_kw("sale.order", "read", [[bought["sale_order_id"]], [
        "state", "amount_untaxed", "require_payment", "access_token", "customk9_hold_until"]])
    assert (order["state"], order["amount_untaxed"], order["require_payment"]) == ("draft", 90.0, True)
    assert order["access_token"] and order["customk9_hold_until"]
    not_a_plan = await booking.cleanup.create("product.product", {"name": f"{booking.addon.unique} x"})
    refused = await booking("buy_membership", booking.client, not_a_plan)
    assert (refused["ok"], refused["code"], refused["field"]) == (False, "NOT_FOUND", "planId")
    await admin.call_kw("sale.order", "action_confirm", [[bought["sale_order_id"]]])
    # the addon invoiced it: a posted customer invoice of the client (what the documents list shows files of)
    [reference] = await admin.call_kw("sale.order", "read", [[bought["sale_order_id"]], ["name"]])
    invoices = await booking.bff.client.call_kw("account.move", "search_read", [[
        ["partner_id", "child_of", booking.client], ["move_type", "in", ["out_invoice", "out_refund"]],
        ["state", "=", "posted"]]], {"fields": ["invoice_origin"]})
    assert [i["invoice_origin"] for i in invoices] == [reference["name"]]
    status = await booking("membership_status", booking.client)
    assert status == {"ok": True, "state": "invoiced", "since": today.isoformat(),
                      "until": (today + timedelta(days=364)).isoformat(), "plan_id": plan}
