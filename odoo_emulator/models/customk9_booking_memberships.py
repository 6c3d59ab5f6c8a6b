"""Memberships of the booking API (``buy_membership``, ``membership_status``) and Odoo's ``membership`` rules.

Mirrors the addon's ``models/customk9_booking_memberships.py``: a membership plan is an active, saleable
product.product with ``membership``; buying one makes the payable quotation of paid tickets
(``customk9_payments.payable_order``). When Odoo confirms such an order, the addon invoices it and Odoo's
``membership`` module creates the client's ``membership.membership_line`` from the posted invoice (state
``invoiced``; ``paid`` once reconciled). The emulator has no accounting beyond ``account.move`` headers:
confirming posts an invoice (partner, total, origin) and creates that line directly, with the values
``membership`` gives it (the plan's period, the line's price, state ``invoiced``).
``res.partner.membership_state`` / ``membership_start`` / ``membership_stop`` follow Odoo's
``_compute_membership_state`` for the cases the emulator can reach (no associate or free members).
Without the module installed (``ir.module.module``) both methods answer FEATURE_UNAVAILABLE.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .customk9_booking import as_id, client, fail, not_found, now, ok, register
from .customk9_payments import payable_order
from .registry import Registry


def installed(db: Any) -> bool:
    return bool(db.search_ids("ir.module.module", [("name", "=", "membership"), ("state", "=", "installed")],
                              order=False))


def unavailable() -> dict:
    return fail("FEATURE_UNAVAILABLE", False, "Memberships need Odoo's membership module.")


def buy_membership(db: Any, uid: int, partner_id: Any, product_id: Any, idempotency_key: Any = False) -> dict:
    if not installed(db):
        return unavailable()
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "This client")
    plan = as_id(product_id)
    row = db.tables["product.product"].get(plan) if plan else None
    if row is None or not db.value("product.product", plan, "active") or not db.value(
            "product.product", plan, "membership") or not db.value("product.product", plan, "sale_ok"):
        return not_found("planId", "This membership plan")
    order = payable_order(db, uid, partner, [{"product_id": plan, "product_uom_qty": 1.0,
                                              "price_unit": db.value("product.product", plan, "list_price")}])
    return ok(sale_order_id=order)


def _lines(db: Any, partner: int) -> list[dict]:
    return sorted((r for r in db.tables.get("membership.membership_line", {}).values()
                   if r.get("partner") == partner and not r.get("date_cancel")),
                  key=lambda r: (r.get("date_to") or "", r["id"]), reverse=True)


def membership_status(db: Any, uid: int, partner_id: Any) -> dict:
    if not installed(db):
        return unavailable()
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "This client")
    lines = _lines(db, partner)
    return ok(state=_state(db, {"id": partner}), since=min((r["date_from"] for r in lines if r.get("date_from")),
                                                            default=False),
              until=max((r["date_to"] for r in lines if r.get("date_to")), default=False),
              plan_id=lines[0]["membership_id"] if lines else False)


def _state(db: Any, rec: dict) -> str:
    today = now(db).date().isoformat()
    for line in sorted((r for r in db.tables.get("membership.membership_line", {}).values()
                        if r.get("partner") == rec["id"]), key=lambda r: r["id"]):
        start, end = line.get("date_from") or date.min.isoformat(), line.get("date_to") or date.min.isoformat()
        if start <= today <= end:
            return line.get("state") or "none"
        if start < today and end <= today and start < end:
            return "old" if line.get("state") == "paid" else "none"
    return "none"


def membership_lines_on_confirm(db: Any, uid: int, ids: list[int]) -> None:
    """What posting the confirmed order's invoice makes ``membership`` do: one line per membership product."""
    if not installed(db):
        return
    for oid in ids:
        order = db.tables["sale.order"][oid]
        products = [db.tables["sale.order.line"][lid].get("product_id") for lid in db.value("sale.order", oid,
                                                                                            "order_line")]
        if not any(p and db.value("product.product", p, "membership") for p in products):
            continue
        invoice = db.create_record("account.move", {  # the addon's _create_invoices().action_post()
            "partner_id": order["partner_id"], "move_type": "out_invoice", "invoice_origin": order.get("name"),
            "amount_total": db.value("sale.order", oid, "amount_total"), "invoice_date": now(db).date().isoformat()},
            1)
        db.execute(1, "account.move", "action_post", [[invoice]], {})
        for lid in db.value("sale.order", oid, "order_line"):
            line = db.tables["sale.order.line"][lid]
            product = line.get("product_id")
            if not product or not db.value("product.product", product, "membership"):
                continue
            db.create_record("membership.membership_line", {
                "partner": order["partner_id"], "membership_id": product, "member_price": line.get("price_unit"),
                "date": now(db).date().isoformat(), "state": "invoiced",
                "date_from": db.value("product.product", product, "membership_date_from") or False,
                "date_to": db.value("product.product", product, "membership_date_to") or False}, 1)


def setup(reg: Registry) -> None:
    register(reg, "buy_membership", buy_membership, lambda a: f"partner:{a['partner_id']}")
    register(reg, "membership_status", membership_status)
    partner = reg["res.partner"]
    partner.set("membership_state", compute=_state)
    partner.set("membership_start", compute=lambda db, rec: min(
        (r["date_from"] for r in _lines(db, rec["id"]) if r.get("date_from")), default=False))
    partner.set("membership_stop", compute=lambda db, rec: max(
        (r["date_to"] for r in _lines(db, rec["id"]) if r.get("date_to")), default=False))
    confirm = reg["sale.order"].methods["action_confirm"]

    def action_confirm(db: Any, uid: int, ids: list[int]) -> Any:
        result = confirm.func(db, uid, ids)
        membership_lines_on_confirm(db, uid, ids)
        return result

    reg["sale.order"].method("action_confirm")(action_confirm)
