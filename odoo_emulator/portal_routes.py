"""``GET /my/orders/<id>?access_token=<token>``: the portal page of a sale order, where its client pays it.

As recorded on a real Odoo 18 (``sale`` portal controller, ``portal_order_page``): the order's access token
is the credential, so an anonymous GET with the right token answers 200 with the order page (HTML); a wrong
or missing token, or an order that does not exist, answers ``303 See Other`` to ``/my`` (the controller
catches the AccessError/MissingError and redirects; ``/my`` then asks for a log-in). The emulator's page
names the order, its amount and, while it must be paid (``require_payment``, quotation, amount due), the
payment providers' form marker ``o_payment_form``, as Odoo's page does.
"""

from __future__ import annotations

import hmac
import html
import time

from aiohttp import web


async def portal_order(request: web.Request) -> web.Response:
    from odoo_emulator.server import STATE, CallRecord

    state = request.app[STATE]
    db = state.db
    state.calls.append(CallRecord("/my/orders", "sale.order", None, None, time.monotonic()))
    try:
        order_id = int(request.match_info["order_id"])
    except ValueError:
        raise web.HTTPNotFound() from None
    row = db.tables.get("sale.order", {}).get(order_id)
    token = request.query.get("access_token") or ""
    if row is None or not row.get("access_token") or not hmac.compare_digest(str(row["access_token"]), token):
        raise web.HTTPSeeOther("/my")
    amount = db.value("sale.order", order_id, "amount_total") or 0.0
    payable = row.get("state") in ("draft", "sent") and row.get("require_payment") and amount > 0
    form = '<form class="o_payment_form" data-provider-code="demo"></form>' if payable else ""
    page = (f"<!doctype html>\n<html><title>{html.escape(str(row.get('name')))}</title>\n"
            f"<h2>{html.escape(str(row.get('name')))}</h2><p>Total: {amount:.2f}</p>\n{form}</html>\n")
    return web.Response(text=page, content_type="text/html", charset="utf-8")


def add_portal_routes(app: web.Application) -> None:
    app.router.add_get("/my/orders/{order_id}", portal_order)
