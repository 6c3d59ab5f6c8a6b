"""Equipment rentals of the booking API: ``equipment_availability``, ``create_rental``, ``cancel_rental``.

Glue only: the rules (the period, the lines, units free over a period, the price per started day, when a
rental can be cancelled) are the addon's ``rules/rentals.py``. Rental equipment: an active product.product,
storable, ``sale_ok``, in the product category named "Rental Equipment" or one of its children (else
NOT_FOUND, field ``equipmentId``). A rental is a payable quotation (``customk9_payments.payable_order``:
``is_rental``, ``rental_start``, ``rental_end``) with one line per product, in product id order, and a
deposit line (the addon's deposit product) when the products have a deposit; cancelling it is ``action_cancel`` with
``disable_cancel_warning``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .. import rules
from .customk9_booking import as_id, client, fmt, not_found, now, ok, owns, register
from .customk9_payments import DEPOSIT_XMLID, payable_order
from .registry import Registry
from .sale import _cancel

rule = rules.rentals
tracking = rules.rental_tracking


def rental_products(db: Any, ids: list[int]) -> set[int]:
    """Those of ``ids`` that are rental equipment."""
    if not ids:
        return set()
    categories = db.search_ids("product.category", [("name", "=", rule.RENTAL_CATEGORY)], order=False)
    if not categories:
        return set()
    domain = [
        ("id", "in", ids),
        ("is_storable", "=", True),
        ("sale_ok", "=", True),
        ("categ_id", "child_of", categories),
    ]
    return set(db.search_ids("product.product", domain, order=False))


def booked(db: Any, product: int, begin: datetime, finish: datetime) -> float:
    """Units of ``product`` on rental orders that keep them during ``[begin, finish)`` (a returned rental frees
    them, a late one keeps them: ``rules.rental_tracking.occupies``)."""
    moment = now(db)
    orders = {
        oid
        for oid, row in db.tables.get("sale.order", {}).items()
        if row.get("is_rental")
        and row.get("state") in rule.BOOKED_STATES
        and tracking.occupies(row.get("rental_start"), row.get("rental_end"), row.get("customk9_picked_up_at"),
                              row.get("customk9_returned_at"), begin, finish, moment)
    }
    return sum(
        line.get("product_uom_qty") or 0.0
        for line in db.tables.get("sale.order.line", {}).values()
        if line.get("order_id") in orders and line.get("product_id") == product
    )


def free_units(db: Any, product: int, begin: datetime, finish: datetime) -> int:
    return rule.free_units(db.value("product.product", product, "qty_available"), booked(db, product, begin, finish))


def equipment_availability(db: Any, uid: int, product_ids: Any, start: Any, end: Any) -> dict:
    """Free units of each rental product among ``product_ids`` (other ids are left out)."""
    period = rule.period(start, end, now(db))
    ids = rule.product_ids(product_ids)
    return ok(available={str(p): free_units(db, p, *period) for p in sorted(rental_products(db, ids))})


def create_rental(
    db: Any, uid: int, partner_id: Any, lines: Any, start: Any, end: Any, idempotency_key: Any = False
) -> dict:
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "This client")
    wanted = rule.lines(lines)
    products = sorted(rental_products(db, list(wanted)))
    if len(products) != len(wanted):
        return not_found("equipmentId", "This equipment")
    begin, finish = rule.period(start, end, now(db))
    for product in products:
        name = db.display_name("product.product", product)
        rule.enough(free_units(db, product, begin, finish), wanted[product], name)
    days = rule.days(begin, finish)
    order_lines = [
        (
            0,
            0,
            {
                "product_id": product,
                "product_uom_qty": float(wanted[product]),
                "price_unit": round((db.value("product.product", product, "list_price") or 0.0) * days, 2),
            },
        )
        for product in products
    ]
    deposits = {p: db.value("product.product", p, "customk9_deposit") or 0.0 for p in products}
    deposit = rule.deposit(deposits, wanted)
    if deposit > 0:
        order_lines.append((0, 0, {"product_id": db.xmlid_to_res_id(DEPOSIT_XMLID), "product_uom_qty": 1.0,
                                   "price_unit": deposit}))
    order = payable_order(db, uid, partner, [line for _, _, line in order_lines],
                          {"is_rental": True, "rental_start": fmt(begin), "rental_end": fmt(finish)})
    return ok(rental_id=order, sale_order_id=order)


def cancel_rental(db: Any, uid: int, partner_id: Any, rental_id: Any) -> dict:
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "This client")
    rental = as_id(rental_id)
    row = db.tables["sale.order"].get(rental) if rental else None
    if row is None or not row.get("is_rental") or not owns(db, partner, row.get("partner_id")):
        return not_found("rental_id", "This rental")
    rule.cancellable(row.get("rental_start"), row.get("locked"), now(db))
    if row.get("state") == "cancel":
        return ok(rental_id=rental)
    context = db.context
    db.context = {**(context or {}), "disable_cancel_warning": True}
    try:
        _cancel(db, uid, [rental])
    finally:
        db.context = context
    return ok(rental_id=rental)


def setup(reg: Registry) -> None:
    register(reg, "equipment_availability", equipment_availability)
    register(reg, "create_rental", create_rental, lambda a: f"partner:{a['partner_id']}")
    register(reg, "cancel_rental", cancel_rental)
