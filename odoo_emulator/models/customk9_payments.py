"""Orders the client pays on Odoo's portal: payable quotations, payment holds and the cron that ends them.

Mirrors the addon's ``models/customk9_holds.py`` and ``customk9_booking._payable_order``: a quotation with
``require_payment``, no signature, ``customk9_hold_until`` (now + ``customk9.payment_hold_minutes``) and an
access token; ``get_portal_url`` answers ``/my/orders/<id>?access_token=<token>`` as portal.mixin does
(making the token when the order has none). The decisions are the addon's ``rules/holds.py``.

``ir.cron`` holds the addon's record ``customk9.ir_cron_cancel_expired_holds``; ``method_direct_trigger``
(Settings only, as on Odoo) runs it now, as Odoo's cron thread would when it is due: tests trigger it so.
The deposit product ``customk9.product_rental_deposit`` is the addon's data record.
"""

from __future__ import annotations

import uuid
from typing import Any

from .. import rules
from ..exceptions import AccessError
from .registry import Registry

rule = rules.holds
CRON_XMLID = "customk9.ir_cron_cancel_expired_holds"
DEPOSIT_XMLID = "customk9.product_rental_deposit"


def hold_until(db: Any) -> str:
    from .customk9_booking import fmt, now

    return fmt(rule.hold_until(now(db), rule.minutes(db.get_param(rule.PARAMETER))))


def payable_order(db: Any, uid: int, partner: int, lines: list[dict], values: dict | None = None) -> int:
    """The addon's ``_payable_order``: a quotation paid online, holding what it books."""
    return db.create_record("sale.order", {
        **(values or {}), "partner_id": partner, "require_payment": True, "require_signature": False,
        "prepayment_percent": 1.0, "customk9_hold_until": hold_until(db), "access_token": str(uuid.uuid4()),
        "order_line": [(0, 0, line) for line in lines]}, uid)


def portal_url(db: Any, uid: int, ids: list[int]) -> str:
    """portal.mixin ``get_portal_url`` of one order (ensure_one), making its token when missing."""
    if len(ids) != 1:
        from ..exceptions import PythonValueError

        raise PythonValueError(f"Expected singleton: sale.order({', '.join(map(str, ids))})")
    row = db.tables["sale.order"][ids[0]]
    if not row.get("access_token"):
        row["access_token"] = str(uuid.uuid4())
    return f"/my/orders/{ids[0]}?access_token={row['access_token']}"


def held_registrations(db: Any, key: str, rec_id: int) -> int:
    """Draft registrations of an event or ticket whose order still holds them (counted as taken seats)."""
    from .customk9_booking import now

    moment, orders = now(db), db.tables.get("sale.order", {})
    count = 0
    for reg in db.tables.get("event.registration", {}).values():
        if reg.get(key) != rec_id or reg.get("state") != "draft" or not reg.get("active", True):
            continue
        order = orders.get(reg.get("sale_order_id")) or {}
        if rule.holds(order.get("state"), order.get("customk9_hold_until"), moment):
            count += 1
    return count


def cancel_expired_holds(db: Any, uid: int) -> list[int]:
    """The cron's job: cancel the unpaid orders whose hold is over (``rule.expired``)."""
    from .customk9_booking import now
    from .sale import _cancel

    moment = now(db)
    expired = sorted(oid for oid, row in db.tables.get("sale.order", {}).items()
                     if rule.expired(row.get("state"), row.get("customk9_hold_until"), moment))
    if expired:
        context = db.context
        db.context = {**(context or {}), "disable_cancel_warning": True}
        try:
            _cancel(db, uid, expired)
        finally:
            db.context = context
    return expired


CRON_JOBS = {"model._customk9_cancel_expired_holds()": cancel_expired_holds}


def method_direct_trigger(db: Any, uid: int, ids: list[int]) -> bool:
    """``ir.cron.method_direct_trigger``: run the scheduled actions now (Settings only)."""
    if "base.group_system" not in db.user_groups(uid) and uid != 1:
        raise AccessError("You are not allowed to modify 'Scheduled Actions' (ir.cron) records.")
    for cron in ids:
        CRON_JOBS[db.tables["ir.cron"][cron]["code"]](db, 1)
    return True


def setup(reg: Registry) -> None:
    so = reg["sale.order"]
    so.set("customk9_hold_until", type="datetime", string="Held Until", copy=False)
    so.method("get_portal_url", access="read")(portal_url)
    if "ir.cron" not in reg.models:
        reg.define("ir.cron", "Scheduled Actions", {
            "name": ("char",), "code": ("text",), "interval_number": ("integer",), "interval_type": ("char",),
            "active": ("boolean",)})
    reg["ir.cron"].method("method_direct_trigger")(method_direct_trigger)


def seed(db: Any) -> None:
    from .seed import _make

    _make(db, "ir.cron", CRON_XMLID, {"name": "CustomK9: cancel unpaid orders after their hold",
                                      "code": "model._customk9_cancel_expired_holds()", "interval_number": 5,
                                      "interval_type": "minutes", "active": True})
    _make(db, "product.product", DEPOSIT_XMLID, {"name": "Rental deposit", "type": "service", "sale_ok": True,
                                                  "purchase_ok": False, "list_price": 0.0})
