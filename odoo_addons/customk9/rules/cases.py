# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Rule cases shared by both test suites: the project's pytest (``tests/rules``, the rules as the emulator
loads them) and the addon's Odoo tests (``tests/test_rules.py``, the rules as the addon imports them).

Each case is ``(module, function, args, expected)``; ``expected`` is the returned value, or
``Refused(code, field)`` when the rule must refuse. ``check(package, case)`` runs one case and returns a
description of the mismatch, or None.
"""
from datetime import date, datetime, timedelta

from .cases_holds import HOLD_CASES
from .cases_sessions import NOW, SESSION_CASES, Refused
from .common import RuleError

DEC3, DEC4 = datetime(2026, 12, 3), datetime(2026, 12, 4)
CASES = SESSION_CASES + HOLD_CASES + [
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
    ("rentals", "overlaps", ("2026-12-02 00:00:00", "2026-12-03 00:00:00", DEC3, DEC4),
     False),
    ("rentals", "overlaps", ("2026-12-02 00:00:00", "2026-12-03 00:00:01", DEC3, DEC4),
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
    ("records", "dog_values", ({"name": " Rex ", "weight_kg": 0}, date(2026, 12, 1)),
     Refused("VALIDATION", "weight_kg")),
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
