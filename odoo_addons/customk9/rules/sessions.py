# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Training sessions: duration, start, notice, slot periods and the free slots of a trainer.

A session lasts 15 to 240 minutes in steps of 15 and starts in the future; it fits inside one working
interval (``hours``) and overlaps no busy event of the trainer. Slots start on the half hours of the
trainer's local wall clock (so "08:00" where the trainer works, whatever the offset) and are listed over a
period of at most 31 days. Cancelling or moving needs more than ``notice_hours`` before the start.
"""
from datetime import timedelta

from .common import RuleError, _, format_utc, parse_utc, wire_int
from .hours import UTC, fits

SLOT_STEP = timedelta(minutes=30)
MAX_SLOT_PERIOD = timedelta(days=31)
LOCATION = "CustomK9 Training Center"


def duration(minutes):
    """The session's length as a timedelta, else VALIDATION ``duration_minutes``."""
    minutes = wire_int(minutes)
    if minutes is None or not 15 <= minutes <= 240 or minutes % 15:
        raise RuleError("VALIDATION", "duration_minutes",
                        _("A session lasts 15 to 240 minutes, in steps of 15 minutes."))
    return timedelta(minutes=minutes)


def future_start(start, now):
    if start <= now:
        raise RuleError("VALIDATION", "start", _("The session must start in the future."))


def within_hours(intervals, start, stop):
    """``intervals``: the trainer's working intervals around ``[start, stop)``."""
    if not fits(intervals, start, stop):
        raise RuleError("OUTSIDE_WORKING_HOURS", "start", _("The session is outside the trainer's working hours."))


def overlapping(busy, start, stop):
    """The ``(start, stop)`` pairs of ``busy`` (datetimes or Odoo strings) that overlap ``[start, stop)``."""
    return [(a, b) for a, b in busy if _dt(a) < stop and _dt(b) > start]


def free(busy, start, stop):
    if overlapping(busy, start, stop):
        raise RuleError("SLOT_TAKEN", "start", _("The trainer is not free at this time."))


def notice(start, notice_hours, now):
    """A change of a session starting at ``start`` is allowed, else VALIDATION or TOO_LATE_TO_CANCEL."""
    if isinstance(notice_hours, bool) or not isinstance(notice_hours, (int, float)) or notice_hours < 0 \
            or notice_hours != notice_hours or notice_hours == float("inf"):
        raise RuleError("VALIDATION", "notice_hours", _("The notice is a number of hours."))
    if start is None or start <= now + timedelta(hours=notice_hours):
        raise RuleError("TOO_LATE_TO_CANCEL", "session_id",
                        _("Sessions can be changed up to %(hours)s hours before they start."), hours=notice_hours)


def slot_period(start, end):
    """The parsed ``[start, end)`` of a slot query, else VALIDATION or INVALID_PERIOD."""
    start, end = parse_utc(start, "start"), parse_utc(end, "end")
    if end <= start or end - start > MAX_SLOT_PERIOD:
        raise RuleError("INVALID_PERIOD", "end", _("Ask for a period of at most 31 days."))
    return start, end


def _dt(value):
    return value if not isinstance(value, str) else parse_utc(value, "start")


def free_slots(intervals, tz, start, end, length, now, busy):
    """``[[a, b]]`` (Odoo strings) of the free slots of ``length`` in the working ``intervals``, clipped to
    ``[start, end)``, starting on the half hours of ``tz``, after ``now``, overlapping nothing in ``busy``."""
    taken = [(_dt(a), _dt(b)) for a, b in busy]
    slots = []
    for a, b in intervals:
        a, b = max(a, start), min(b, end)
        local = a.replace(tzinfo=UTC).astimezone(tz)
        first = local.replace(minute=local.minute // 30 * 30, second=0, microsecond=0)
        if first < local:
            first += SLOT_STEP
        slot = first.astimezone(UTC).replace(tzinfo=None)
        while slot + length <= b:
            stop = slot + length
            if slot > now and not any(s < stop and e > slot for s, e in taken):
                slots.append([format_utc(slot), format_utc(stop)])
            slot += SLOT_STEP
    return slots


def user_ids(value):
    """The list of user ids of ``working_time_zones``, else VALIDATION."""
    if not isinstance(value, list) or len(value) > 1000 or any(wire_int(uid) is None for uid in value):
        raise RuleError("VALIDATION", "trainer_user_ids", _("Give a list of at most 1000 user ids."))
    return sorted(set(value))
