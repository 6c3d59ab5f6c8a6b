# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Equipment rentals: the period, the requested lines, the stock free over a period and the price.

Units free over a period = on-hand quantity minus the quantities on rental orders (draft, sent or
confirmed) whose period overlaps, never below 0. A period ends after it starts, starts at most an hour in
the past and lasts at most 90 days; a malformed date is an invalid period too (availability has no
VALIDATION). A rental is priced per started day.
"""
import math
from datetime import timedelta

from .common import RuleError, _, parse_utc, wire_int

RENTAL_CATEGORY = "Rental Equipment"
MAX_LINES = 10
MAX_QUANTITY = 20
MAX_PERIOD = timedelta(days=90)
PAST_TOLERANCE = timedelta(hours=1)
BOOKED_STATES = ("draft", "sent", "sale")


def period(start, end, now):
    """The parsed ``[start, end)`` of a rental, else INVALID_PERIOD."""
    try:
        start, end = parse_utc(start, "start"), parse_utc(end, "end")
    except RuleError as refusal:
        raise RuleError("INVALID_PERIOD", refusal.field, refusal.template) from None
    if end <= start:
        raise RuleError("INVALID_PERIOD", "end", _("The rental must end after it starts."))
    if start < now - PAST_TOLERANCE:
        raise RuleError("INVALID_PERIOD", "start", _("The rental cannot start in the past."))
    if end - start > MAX_PERIOD:
        raise RuleError("INVALID_PERIOD", "end", _("A rental lasts at most 90 days."))
    return start, end


def lines(value):
    """``{product_id: quantity}`` of the request (several lines of one product are added up; a missing or
    malformed product id is 0, which no product has), else VALIDATION ``lines``."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_LINES:
        raise RuleError("VALIDATION", "lines", _("Rent 1 to %(count)s products."), count=MAX_LINES)
    wanted = {}
    for line in value:
        if not isinstance(line, dict):
            raise RuleError("VALIDATION", "lines", _("Each line has a product_id and a quantity."))
        product = wire_int(line.get("product_id")) or 0
        quantity = wire_int(line.get("quantity"))
        if quantity is None or not 1 <= quantity <= MAX_QUANTITY:
            raise RuleError("VALIDATION", "lines", _("Rent 1 to %(count)s units of a product."), count=MAX_QUANTITY)
        wanted[product] = wanted.get(product, 0) + quantity
    return wanted


def product_ids(value):
    """The positive ids among a request's ``product_ids`` (anything else is left out)."""
    return [i for i in (wire_int(p) for p in (value if isinstance(value, list) else [])) if i and i > 0]


def overlaps(rental_start, rental_end, start, end):
    """Whether a rental order's period (datetimes or Odoo strings, possibly empty) overlaps ``[start, end)``."""
    if not rental_start or not rental_end:
        return False
    return parse_utc(rental_start, "start") < end and parse_utc(rental_end, "end") > start


def free_units(on_hand, booked):
    """Units free when ``booked`` of ``on_hand`` are on overlapping rentals."""
    return max(int(math.floor((on_hand or 0.0) - (booked or 0.0))), 0)


def enough(units, wanted, product_name):
    if units < wanted:
        raise RuleError("EQUIPMENT_UNAVAILABLE", "equipmentId",
                        _("Only %(units)s of %(product)s are free for this period."), units=units,
                        product=product_name)


def days(start, end):
    """Started days of a rental (the unit of its price)."""
    return math.ceil((end - start).total_seconds() / 86400)


def cancellable(rental_start, locked, now):
    if not rental_start or parse_utc(rental_start, "rental_start") <= now or locked:
        raise RuleError("TOO_LATE_TO_CANCEL", False, _("The rental has already started."))


def deposit(per_unit, quantities):
    """The deposit of a rental: ``per_unit[product] * quantities[product]`` summed, rounded to cents."""
    return round(sum((per_unit.get(product) or 0.0) * quantity for product, quantity in quantities.items()), 2)
