# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Working hours in a time zone: attendance lines of a ``resource.calendar`` turned into UTC intervals.

As Odoo 18's ``resource.calendar._attendance_intervals_batch`` reads them: each attendance line (lunch and
section lines skipped, ``date_from``/``date_to`` and two-week calendars honoured, lines of another
resource skipped) on each day, read in the zone (the trainer's resource zone, else the calendar's; UTC when
it names no zone) and converted to UTC day by day, so that daylight saving time is applied per day.
Overlapping or touching intervals are merged, as Odoo's ``Intervals`` does.
"""
import math
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = ZoneInfo("UTC")


def zone(name):
    """The ``ZoneInfo`` of an IANA name; UTC when empty or unknown (Odoo falls back the same way)."""
    try:
        return ZoneInfo(str(name or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def week_type(day):
    """Odoo's ``get_week_type``: the parity of the week counted from day 1."""
    return str(int(math.floor((day.toordinal() - 1) / 7) % 2))


def _iso(value):
    if not value:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _at(day, hours, tz):
    """``day`` at ``hours`` (a float, 24.0 is the next midnight) in ``tz``, as a naive UTC datetime."""
    local = datetime.combine(day, time()) + timedelta(minutes=round(hours * 60))
    return local.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)


def _merge(intervals):
    merged = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def working_intervals(lines, start, end, tz, two_weeks=False, resource=False):
    """UTC intervals ``(a, b)`` (naive, sorted, merged) of the attendance ``lines`` that meet ``[start, end)``.

    ``lines``: dicts with ``dayofweek`` ("0" is Monday), ``hour_from``, ``hour_to`` and optionally
    ``day_period``, ``display_type``, ``date_from``, ``date_to``, ``week_type``, ``resource_id`` (an id or
    False; Odoo's many2one pair is accepted too).
    """
    usable = []
    for line in lines:
        owner = line.get("resource_id")
        owner = owner[0] if isinstance(owner, (list, tuple)) else owner
        if line.get("day_period") == "lunch" or line.get("display_type") or owner not in (False, None, resource):
            continue
        usable.append(line)
    found = []
    day = start.date() - timedelta(days=1)
    while day <= end.date() + timedelta(days=1):
        iso = day.isoformat()
        for line in usable:
            if str(line.get("dayofweek")) != str(day.weekday()):
                continue
            first, last = _iso(line.get("date_from")), _iso(line.get("date_to"))
            if (first and iso < first) or (last and iso > last):
                continue
            if two_weeks and line.get("week_type") and str(line["week_type"]) != week_type(day):
                continue
            a, b = _at(day, line.get("hour_from") or 0.0, tz), _at(day, line.get("hour_to") or 0.0, tz)
            if a < b and a < end and b > start:
                found.append((a, b))
        day += timedelta(days=1)
    return _merge(found)


def fits(intervals, start, stop):
    """Whether ``[start, stop)`` lies inside one working interval."""
    return any(a <= start and stop <= b for a, b in intervals)
