# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Payment holds: how long an unpaid order keeps its seats and units, and when it is released.

An order the booking API creates for a client to pay (a paid ticket, a rental, a membership) is a quotation
(``draft``) with ``customk9_hold_until`` = creation + the hold. While it is payable (``draft`` or ``sent``)
and the hold lasts, its draft registrations count as taken seats (Odoo counts only ``open`` and ``done``
ones) and its rental lines as booked units. Once paid or confirmed by staff (``sale``) the hold no longer
matters; once the hold is over and the order is still unpaid, the addon's cron (the emulator runs the same
``expired``) cancels it, which frees them for good.

The hold length is the system parameter ``customk9.payment_hold_minutes`` (1 to 10080 minutes; anything
else, or nothing, means ``DEFAULT_MINUTES``).
"""
from datetime import timedelta

from .common import parse_utc

PARAMETER = "customk9.payment_hold_minutes"
DEFAULT_MINUTES = 30
MAX_MINUTES = 7 * 24 * 60
PAYABLE_STATES = ("draft", "sent")


def minutes(value):
    """The hold length from the system parameter's text (or None)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return DEFAULT_MINUTES
    return number if 1 <= number <= MAX_MINUTES else DEFAULT_MINUTES


def hold_until(now, length):
    """When a hold made at ``now`` (naive UTC) for ``length`` minutes ends."""
    return now.replace(microsecond=0) + timedelta(minutes=length)


def holds(order_state, until, now):
    """Whether an order in ``order_state`` whose hold ends at ``until`` (False: no hold) still holds."""
    return order_state in PAYABLE_STATES and bool(until) and parse_utc(until, "hold_until") > now


def expired(order_state, until, now):
    """Whether the cron must cancel the order: still unpaid and its hold is over."""
    return order_state in PAYABLE_STATES and bool(until) and parse_utc(until, "hold_until") <= now
