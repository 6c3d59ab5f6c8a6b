# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Rental tracking: pick-up, return, lateness, and how long a rental keeps its units.

| rental                                   | keeps its units over                 | late                  |
|------------------------------------------|--------------------------------------|-----------------------|
| not picked up                            | [rental_start, rental_end)           | no                    |
| picked up, not returned, before its end  | [rental_start, rental_end)           | no                    |
| picked up, not returned, after its end   | [rental_start, forever) until return | yes                   |
| returned                                 | [rental_start, returned_at)          | returned after its end|

A rental is picked up once (confirmed or draft orders, never a cancelled one) and returned once, after its
pick-up. ``occupying_domain`` is the same rule as an Odoo domain on ``sale.order`` (the addon's read_group
uses it); ``occupies`` evaluates it on one order's values (the emulator uses it). Both must agree.
"""
from .common import RuleError, _, parse_utc

MAX_NOTES = 2000


def _at(value, field):
    return parse_utc(value, field) if value else None


def is_late(rental_end, picked_up_at, returned_at, now):
    """Out past its end (not returned), or returned after its end."""
    end = _at(rental_end, "rental_end")
    if end is None or not picked_up_at:
        return False
    returned = _at(returned_at, "returned_at")
    return returned > end if returned else now > end


def occupies(rental_start, rental_end, picked_up_at, returned_at, start, end, now):
    """Whether an order with these values keeps its units during ``[start, end)`` (table above)."""
    begin = _at(rental_start, "rental_start")
    if begin is None or not rental_end or begin >= end:
        return False
    returned = _at(returned_at, "returned_at")
    if returned:
        return returned > start
    if is_late(rental_end, picked_up_at, returned_at, now):
        return True
    return _at(rental_end, "rental_end") > start


def occupying_domain(start, end, now, prefix=""):
    """The orders that keep their units during ``[start, end)``, as a domain (``prefix``: path to sale.order)."""
    p = prefix
    return [
        "&", (p + "rental_start", "<", end),
        "|",
        "&", (p + "customk9_returned_at", "!=", False), (p + "customk9_returned_at", ">", start),
        "&", (p + "customk9_returned_at", "=", False),
        "|", (p + "rental_end", ">", start),
        "&", (p + "customk9_picked_up_at", "!=", False), (p + "rental_end", "<", now),
    ]


def notes(value):
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > MAX_NOTES:
        raise RuleError("VALIDATION", "notes", _("Notes are at most %(count)s characters."), count=MAX_NOTES)
    return text


def can_pick_up(state, picked_up_at):
    if state == "cancel":
        raise RuleError("NOT_FOUND", "id", _("This rental does not exist."))
    if picked_up_at:
        raise RuleError("ALREADY_DONE", "id", _("This rental was already picked up."))


def can_return(state, picked_up_at, returned_at):
    if state == "cancel":
        raise RuleError("NOT_FOUND", "id", _("This rental does not exist."))
    if not picked_up_at:
        raise RuleError("NOT_PICKED_UP", "id", _("This rental has not been picked up yet."))
    if returned_at:
        raise RuleError("ALREADY_DONE", "id", _("This rental was already returned."))
