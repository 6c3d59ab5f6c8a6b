"""Equipment rentals of the booking API: ``equipment_availability``, ``create_rental``, ``cancel_rental``.

Rental equipment: an active product.product, storable, ``sale_ok``, in the product category named "Rental
Equipment" or one of its children (else NOT_FOUND, field ``equipmentId``). A period: UTC datetimes
(else VALIDATION), ``end > start``, ``start`` not more than an hour in the past, at most 90 days (else
INVALID_PERIOD). Lines: 1 to 10, 1 to 20 units each (else VALIDATION ``lines``), lines of one product
added up. Units free over a
period: ``qty_available`` minus the quantities on the lines of rental sale orders (``is_rental``, state
draft, sent or sale) whose ``[rental_start, rental_end)`` overlaps it. A rental is a draft sale.order
(``is_rental``, ``rental_start``, ``rental_end``) with one line per product at ``list_price`` times the
number of started days, in product id order; it can be cancelled (``action_cancel`` with
``disable_cancel_warning``; a cancelled rental answers ok again) until its start and while not locked,
else TOO_LATE_TO_CANCEL.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from .customk9_booking import as_id, client, fail, fmt, not_found, now, ok, owns, parse_datetime, register
from .registry import Registry
from .sale import _cancel

RENTAL_CATEGORY = "Rental Equipment"
MAX_RENTAL_DAYS = 90
MAX_LINES = 10
MAX_QUANTITY = 20
PAST_TOLERANCE = timedelta(hours=1)
BOOKED_STATES = ("draft", "sent", "sale")


def rental_products(db: Any, ids: list[int]) -> set[int]:
    """Those of ``ids`` that are rental equipment."""
    if not ids:
        return set()
    categories = db.search_ids("product.category", [("name", "=", RENTAL_CATEGORY)], order=False)
    if not categories:
        return set()
    domain = [
        ("id", "in", ids),
        ("is_storable", "=", True),
        ("sale_ok", "=", True),
        ("categ_id", "child_of", categories),
    ]
    return set(db.search_ids("product.product", domain, order=False))


def _period(db: Any, start: Any, end: Any) -> tuple[datetime, datetime] | dict:
    begin, finish = parse_datetime(start), parse_datetime(end)
    if begin is None:
        return fail("VALIDATION", "start", "Give a UTC date and time as YYYY-MM-DD HH:MM:SS.")
    if finish is None:
        return fail("VALIDATION", "end", "Give a UTC date and time as YYYY-MM-DD HH:MM:SS.")
    if finish <= begin:
        return fail("INVALID_PERIOD", "end", "The rental must end after it starts.")
    if begin < now(db) - PAST_TOLERANCE:
        return fail("INVALID_PERIOD", "start", "A rental cannot start in the past.")
    if finish - begin > timedelta(days=MAX_RENTAL_DAYS):
        return fail("INVALID_PERIOD", "end", f"A rental lasts at most {MAX_RENTAL_DAYS} days.")
    return begin, finish


def booked(db: Any, product: int, begin: datetime, finish: datetime) -> float:
    """Units of ``product`` on rental orders whose period overlaps ``[begin, finish)``."""
    a, b = fmt(begin), fmt(finish)
    orders = {
        oid
        for oid, row in db.tables.get("sale.order", {}).items()
        if row.get("is_rental")
        and row.get("state") in BOOKED_STATES
        and row.get("rental_start")
        and row.get("rental_end")
        and row["rental_start"] < b
        and row["rental_end"] > a
    }
    return sum(
        line.get("product_uom_qty") or 0.0
        for line in db.tables.get("sale.order.line", {}).values()
        if line.get("order_id") in orders and line.get("product_id") == product
    )


def free_units(db: Any, product: int, begin: datetime, finish: datetime) -> int:
    units = db.value("product.product", product, "qty_available") - booked(db, product, begin, finish)
    return max(0, math.floor(units))


def equipment_availability(db: Any, uid: int, product_ids: Any, start: Any, end: Any) -> dict:
    """Free units of each rental product among ``product_ids`` (other ids are left out)."""
    period = _period(db, start, end)
    if isinstance(period, dict):
        return period
    ids = [i for i in (product_ids if isinstance(product_ids, list) else []) if as_id(i) is not None]
    return ok(available={str(p): free_units(db, p, *period) for p in sorted(rental_products(db, ids))})


def _lines(lines: Any) -> dict[int, int] | dict:
    """Quantities by product (lines of one product are added up), or the failure."""
    if not isinstance(lines, list) or not 1 <= len(lines) <= MAX_LINES:
        return fail("VALIDATION", "lines", f"Rent 1 to {MAX_LINES} products.")
    out: dict[int, int] = {}
    for line in lines:
        product = as_id(line.get("product_id")) if isinstance(line, dict) else None
        qty = line.get("quantity") if isinstance(line, dict) else None
        if product is None:
            return not_found("equipmentId", "This equipment")
        if isinstance(qty, bool) or not isinstance(qty, int) or not 1 <= qty <= MAX_QUANTITY:
            return fail("VALIDATION", "lines", f"Rent 1 to {MAX_QUANTITY} units of a product.")
        out[product] = out.get(product, 0) + qty
    return out


def create_rental(
    db: Any, uid: int, partner_id: Any, lines: Any, start: Any, end: Any, idempotency_key: Any = False
) -> dict:
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "This client")
    wanted = _lines(lines)
    if "ok" in wanted:
        return wanted
    period = _period(db, start, end)
    if isinstance(period, dict):
        return period
    begin, finish = period
    products = sorted(rental_products(db, list(wanted)))
    if len(products) != len(wanted):
        return not_found("equipmentId", "This equipment")
    for product in products:
        units = free_units(db, product, begin, finish)
        if units < wanted[product]:
            name = db.display_name("product.product", product)
            return fail("EQUIPMENT_UNAVAILABLE", "equipmentId", f"Only {units} of {name} are free for this period.")
    days = math.ceil((finish - begin).total_seconds() / 86400)
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
    order = db.create_record(
        "sale.order",
        {
            "partner_id": partner,
            "is_rental": True,
            "rental_start": fmt(begin),
            "rental_end": fmt(finish),
            "order_line": order_lines,
        },
        uid,
    )
    return ok(rental_id=order)


def cancel_rental(db: Any, uid: int, partner_id: Any, rental_id: Any) -> dict:
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "This client")
    rental = as_id(rental_id)
    row = db.tables["sale.order"].get(rental) if rental else None
    if row is None or not row.get("is_rental") or not owns(db, partner, row.get("partner_id")):
        return not_found("rental_id", "This rental")
    if row.get("state") == "cancel":
        return ok(rental_id=rental)
    if (row.get("rental_start") or "") <= fmt(now(db)) or row.get("locked"):
        return fail("TOO_LATE_TO_CANCEL", "rental_id", "The rental has already started.")
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
