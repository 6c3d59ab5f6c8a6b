# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Rule cases shared by both test suites: the project's pytest (``tests/rules``, the rules as the emulator
loads them) and the addon's Odoo tests (``tests/test_rules.py``, the rules as the addon imports them).

Each case is ``(module, function, args, expected)``; ``expected`` is the returned value, or
``Refused(code, field)`` when the rule must refuse. ``check(package, case)`` runs one case and returns a
description of the mismatch, or None.
"""
from collections import namedtuple
from datetime import date, datetime, timedelta

from .common import RuleError
from .hours import zone

Refused = namedtuple("Refused", "code field")

NOW = datetime(2026, 12, 1, 12, 0, 0)
LA = zone("America/Los_Angeles")
# Monday 08:00-12:00 and 13:00-17:00, a lunch line between (never working time)
WEEK = [{"dayofweek": "0", "hour_from": 8.0, "hour_to": 12.0, "day_period": "morning"},
        {"dayofweek": "0", "hour_from": 12.0, "hour_to": 13.0, "day_period": "lunch"},
        {"dayofweek": "0", "hour_from": 13.0, "hour_to": 17.0, "day_period": "afternoon"}]
MONDAY = datetime(2026, 12, 7)
WINTER_MONDAY, SUMMER_MONDAY = datetime(2026, 1, 5), datetime(2026, 7, 6)


def _h(day, hour, minute=0):
    return day + timedelta(hours=hour, minutes=minute)


CASES = [
    # seats
    ("events", "seats", (5, None, 5), None),
    ("events", "seats", (4, None, 5), Refused("EVENT_FULL", "event_id")),
    ("events", "seats", (None, 0, 1), Refused("EVENT_FULL", "ticket_id")),
    ("events", "seats", (-2, 10, 1), Refused("EVENT_FULL", "event_id")),
    ("events", "seats", (None, None, 10), None),
    ("events", "attendees", ([], ), Refused("VALIDATION", "attendees")),
    ("events", "attendees", ([{"name": " Ann ", "email": "ann@example.com "}], ),
     [{"name": "Ann", "email": "ann@example.com", "phone": False}]),
    ("events", "attendees", ([{"name": "Ann", "email": "not an address"}], ), Refused("VALIDATION", "attendees")),
    ("events", "attendees", ([{"name": "x" * 129}], ), Refused("VALIDATION", "attendees")),
    ("events", "cancellable", ("2026-12-01 12:00:00", NOW), Refused("TOO_LATE_TO_CANCEL", False)),
    ("events", "cancellable", ("2026-12-01 12:00:01", NOW), None),
    ("events", "not_over", (NOW, NOW), Refused("VALIDATION", "event_id")),
    # working hours and slots in a time zone (DST applied day by day)
    ("hours", "working_intervals", (WEEK, MONDAY, MONDAY + timedelta(days=1), zone("UTC")),
     [(_h(MONDAY, 8), _h(MONDAY, 12)), (_h(MONDAY, 13), _h(MONDAY, 17))]),
    ("hours", "working_intervals", (WEEK[:1], WINTER_MONDAY, WINTER_MONDAY + timedelta(days=1), LA),
     [(_h(WINTER_MONDAY, 16), _h(WINTER_MONDAY, 20))]),
    ("hours", "working_intervals", (WEEK[:1], SUMMER_MONDAY, SUMMER_MONDAY + timedelta(days=1), LA),
     [(_h(SUMMER_MONDAY, 15), _h(SUMMER_MONDAY, 19))]),
    ("hours", "working_intervals", ([dict(WEEK[0], hour_to=12.5), dict(WEEK[2], hour_from=12.5)], MONDAY,
                                    MONDAY + timedelta(days=1), zone("UTC")), [(_h(MONDAY, 8), _h(MONDAY, 17))]),
    ("hours", "working_intervals", ([dict(WEEK[0], date_to=date(2026, 12, 6))], MONDAY, MONDAY + timedelta(days=1),
                                    zone("UTC")), []),
    ("hours", "zone", ("Not/AZone", ), zone("UTC")),
    ("sessions", "free_slots", ([(_h(MONDAY, 8, 10), _h(MONDAY, 10))], zone("UTC"), MONDAY, _h(MONDAY, 23),
                                timedelta(minutes=60), NOW, [("2026-12-07 09:00:00", "2026-12-07 09:30:00")]),
     []),  # 08:30 and 09:00 overlap the busy half hour; 08:10 is not on a half hour
    ("sessions", "free_slots", ([(_h(MONDAY, 8), _h(MONDAY, 10))], zone("UTC"), MONDAY, _h(MONDAY, 23),
                                timedelta(minutes=60), NOW, []),
     [["2026-12-07 08:00:00", "2026-12-07 09:00:00"], ["2026-12-07 08:30:00", "2026-12-07 09:30:00"],
      ["2026-12-07 09:00:00", "2026-12-07 10:00:00"]]),
    ("sessions", "free_slots", ([(_h(MONDAY, 8), _h(MONDAY, 10))], zone("Asia/Kathmandu"), MONDAY, _h(MONDAY, 23),
                                timedelta(minutes=90), NOW, []),
     [["2026-12-07 08:15:00", "2026-12-07 09:45:00"]]),
    ("sessions", "duration", (45, ), timedelta(minutes=45)),
    ("sessions", "duration", (50, ), Refused("VALIDATION", "duration_minutes")),
    ("sessions", "duration", (True, ), Refused("VALIDATION", "duration_minutes")),
    ("sessions", "duration", (255, ), Refused("VALIDATION", "duration_minutes")),
    ("sessions", "within_hours", ([(_h(MONDAY, 8), _h(MONDAY, 12))], _h(MONDAY, 11), _h(MONDAY, 12)), None),
    ("sessions", "within_hours", ([(_h(MONDAY, 8), _h(MONDAY, 12))], _h(MONDAY, 11, 30), _h(MONDAY, 12, 30)),
     Refused("OUTSIDE_WORKING_HOURS", "start")),
    ("sessions", "free", ([("2026-12-07 09:00:00", "2026-12-07 10:00:00")], _h(MONDAY, 10), _h(MONDAY, 11)), None),
    ("sessions", "free", ([("2026-12-07 09:00:00", "2026-12-07 10:00:00")], _h(MONDAY, 9, 30), _h(MONDAY, 11)),
     Refused("SLOT_TAKEN", "start")),
    ("sessions", "future_start", (NOW, NOW), Refused("VALIDATION", "start")),
    ("sessions", "slot_period", ("2026-12-01 00:00:00", "2027-01-01 00:00:01"), Refused("INVALID_PERIOD", "end")),
    ("sessions", "slot_period", ("2026-12-01", "2026-12-02 00:00:00"), Refused("VALIDATION", "start")),
    # cancellation notice
    ("sessions", "notice", (NOW + timedelta(hours=24, seconds=1), 24, NOW), None),
    ("sessions", "notice", (NOW + timedelta(hours=24), 24, NOW), Refused("TOO_LATE_TO_CANCEL", "session_id")),
    ("sessions", "notice", (NOW + timedelta(hours=48), -1, NOW), Refused("VALIDATION", "notice_hours")),
    ("sessions", "notice", (NOW + timedelta(hours=48), True, NOW), Refused("VALIDATION", "notice_hours")),
    ("sessions", "user_ids", ([3, 2, 3], ), [2, 3]),
    ("sessions", "user_ids", ([2, "3"], ), Refused("VALIDATION", "trainer_user_ids")),
    # stock over a period
    ("rentals", "free_units", (5.0, 2.0), 3),
    ("rentals", "free_units", (1.0, 3.0), 0),
    ("rentals", "free_units", (2.5, 0.0), 2),
    ("rentals", "overlaps", ("2026-12-02 00:00:00", "2026-12-03 00:00:00", datetime(2026, 12, 3), datetime(2026, 12, 4)),
     False),
    ("rentals", "overlaps", ("2026-12-02 00:00:00", "2026-12-03 00:00:01", datetime(2026, 12, 3), datetime(2026, 12, 4)),
     True),
    ("rentals", "period", ("2026-12-01 11:00:00", "2026-12-02 00:00:00", NOW),
     (datetime(2026, 12, 1, 11), datetime(2026, 12, 2))),
    ("rentals", "period", ("2026-12-01 10:59:59", "2026-12-02 00:00:00", NOW), Refused("INVALID_PERIOD", "start")),
    ("rentals", "period", ("2026-12-02 00:00:00", "2027-03-02 00:00:01", NOW), Refused("INVALID_PERIOD", "end")),
    ("rentals", "period", ("2026-12-02", "2026-12-03 00:00:00", NOW), Refused("INVALID_PERIOD", "start")),
    ("rentals", "lines", ([{"product_id": 4, "quantity": 2}, {"product_id": 4, "quantity": 3}], ), {4: 5}),
    ("rentals", "lines", ([{"product_id": "4", "quantity": 2}], ), {0: 2}),
    ("rentals", "lines", ([{"product_id": 4, "quantity": 21}], ), Refused("VALIDATION", "lines")),
    ("rentals", "lines", ([{"product_id": 4, "quantity": 1}] * 11, ), Refused("VALIDATION", "lines")),
    ("rentals", "enough", (1, 2, "Crate"), Refused("EQUIPMENT_UNAVAILABLE", "equipmentId")),
    ("rentals", "days", (datetime(2026, 12, 1), datetime(2026, 12, 2, 0, 0, 1)), 2),
    ("rentals", "cancellable", ("2026-12-02 00:00:00", False, NOW), None),
    ("rentals", "cancellable", ("2026-12-02 00:00:00", True, NOW), Refused("TOO_LATE_TO_CANCEL", False)),
    # idempotency keys
    ("idempotency", "check_key", ("abc", ), Refused("VALIDATION", "idempotencyKey")),
    ("idempotency", "check_key", ("key-0001:retry.1", ), None),
    ("idempotency", "fingerprint", ({"b": 1, "a": [1, "x"]}, ),
     "a88dede55f330dbae7d6c99cb78c43213f114625ed11c8fd0b769d117c06bb50"),
    ("idempotency", "replay", ({"operation": "create_dog", "owner": "partner:7", "fingerprint": "f", "result": "1"},
                               "create_dog", "partner:7", "f"), 1),
    ("idempotency", "replay", ({"operation": "create_dog", "owner": "partner:7", "fingerprint": "f", "result": "1"},
                               "create_dog", "partner:7", "g"), Refused("IDEMPOTENCY_KEY_REUSED", "idempotencyKey")),
    ("idempotency", "replay", ({"operation": "create_dog", "owner": "partner:7", "fingerprint": None, "result": "1"},
                               "create_dog", "partner:7", "g"), 1),
    ("idempotency", "replay", ({"operation": "create_dog", "owner": "partner:7", "fingerprint": "f", "result": "1"},
                               "create_dog", "partner:8", "f"), Refused("IDEMPOTENCY_KEY_REUSED", "idempotencyKey")),
    ("idempotency", "expired_before", (NOW, ), NOW - timedelta(days=7)),
    # values
    ("records", "dog_values", ({"name": " Rex ", "weight_kg": 0}, date(2026, 12, 1)), Refused("VALIDATION", "weight_kg")),
    ("records", "dog_values", ({"name": "Rex", "birth_date": "2026-12-02"}, date(2026, 12, 1)),
     Refused("VALIDATION", "birth_date")),
    ("records", "dog_values", ({"name": "Rex", "colour": "red"}, date(2026, 12, 1)), Refused("VALIDATION", "colour")),
    ("records", "dog_values", ({"name": " Rex ", "breed": " Collie ", "birth_date": "2020-02-29"}, date(2026, 12, 1)),
     {"name": "Rex", "breed": "Collie", "notes": False, "birth_date": date(2020, 2, 29), "sex": "unknown"}),
    ("records", "tag_name", ("  Puppies ", ), "Puppies"),
    ("records", "tag_name", ("x" * 65, ), Refused("VALIDATION", "name")),
    ("records", "plan_name", ("Rex", "Template: Puppy basics"), "Rex: Puppy basics"),
]


def check(package, case):
    """Run ``case`` on ``package`` (the rules package as the caller loaded it): None, or what went wrong."""
    module, function, args, expected = case
    func = getattr(getattr(package, module), function)
    try:
        got = func(*args)
    except RuleError as refusal:
        got = Refused(refusal.code, refusal.field)
    except Exception as error:  # a rule that crashes is a failed case, reported with the others
        got = "%s: %s" % (type(error).__name__, error)
    if isinstance(expected, Refused) != isinstance(got, Refused) or got != expected:
        return "%s.%s%r: expected %r, got %r" % (module, function, args, expected, got)
    return None
