"""Rental tracking of the booking API: ``mark_rental_picked_up``, ``mark_rental_returned`` (staff only), and the
addon's fields on sale.order (``customk9_picked_up_at``, ``customk9_returned_at``, the notes, the computed
``customk9_is_late``). The rules (notes, order of the steps, lateness, which rentals keep their units) are the
addon's ``rules/rental_tracking.py``; ``customk9_booking_rentals.booked`` applies ``occupies``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import rules
from .customk9_booking import as_id, not_found, now, ok, register
from .customk9_booking_staff import staff
from .registry import Registry

rule = rules.rental_tracking


def _rental(db: Any, rental_id: Any) -> dict | None:
    rental = as_id(rental_id)
    row = db.tables["sale.order"].get(rental) if rental else None
    return row if row is not None and row.get("is_rental") else None


def _mark(db: Any, uid: int, user_id: Any, rental_id: Any, notes: Any, allowed: Callable[[dict], None],
          stamp: str, notes_field: str) -> dict:
    """A staff step on a rental (the addon's ``_staff`` + ``_tracked_rental``): ``allowed`` raises the rule's
    refusal, else ``stamp`` gets the time and ``notes_field`` the notes."""
    if staff(db, user_id) is None:
        return not_found("user_id", "This staff member")
    text = rule.notes(notes)
    row = _rental(db, rental_id)
    if row is None:
        return not_found("id", "This rental")
    allowed(row)
    db.write_records("sale.order", [row["id"]], {stamp: db.now_str(), notes_field: text or False}, uid)
    return ok(rental_id=row["id"])


def mark_rental_picked_up(db: Any, uid: int, user_id: Any, rental_id: Any, notes: Any = False) -> dict:
    return _mark(db, uid, user_id, rental_id, notes,
                 lambda row: rule.can_pick_up(row.get("state"), row.get("customk9_picked_up_at")),
                 "customk9_picked_up_at", "customk9_pickup_notes")


def mark_rental_returned(db: Any, uid: int, user_id: Any, rental_id: Any, notes: Any = False) -> dict:
    return _mark(db, uid, user_id, rental_id, notes,
                 lambda row: rule.can_return(row.get("state"), row.get("customk9_picked_up_at"),
                                             row.get("customk9_returned_at")),
                 "customk9_returned_at", "customk9_return_notes")


def extend(reg: Registry) -> None:
    so = reg["sale.order"]
    so.set("customk9_picked_up_at", type="datetime", string="Picked Up At", copy=False)
    so.set("customk9_returned_at", type="datetime", string="Returned At", copy=False)
    so.set("customk9_pickup_notes", type="text", string="Pick-up Notes", copy=False)
    so.set("customk9_return_notes", type="text", string="Return Condition Notes", copy=False)
    late = so.set("customk9_is_late", type="boolean", store=False, string="Late Return")
    late.compute = lambda db, rec: bool(rec.get("is_rental")) and rule.is_late(
        rec.get("rental_end"), rec.get("customk9_picked_up_at"), rec.get("customk9_returned_at"), now(db))


def setup(reg: Registry) -> None:
    register(reg, "mark_rental_picked_up", mark_rental_picked_up)
    register(reg, "mark_rental_returned", mark_rental_returned)
