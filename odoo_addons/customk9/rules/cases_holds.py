# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Rule cases of payment holds and rental deposits (see ``cases.py``)."""
from datetime import datetime, timedelta

NOW = datetime(2026, 12, 3, 12, 0, 0)
HOLD_CASES = [
    ("holds", "minutes", ("45",), 45),
    ("holds", "minutes", (False,), 30),
    ("holds", "minutes", ("0",), 30),
    ("holds", "minutes", ("20000",), 30),
    ("holds", "minutes", ("soon",), 30),
    ("holds", "hold_until", (NOW.replace(microsecond=5), 30), NOW + timedelta(minutes=30)),
    ("holds", "holds", ("draft", "2026-12-03 12:00:01", NOW), True),
    ("holds", "holds", ("sent", NOW + timedelta(minutes=1), NOW), True),
    ("holds", "holds", ("draft", "2026-12-03 12:00:00", NOW), False),
    ("holds", "holds", ("sale", "2026-12-03 13:00:00", NOW), False),
    ("holds", "holds", ("draft", False, NOW), False),
    ("holds", "expired", ("draft", "2026-12-03 12:00:00", NOW), True),
    ("holds", "expired", ("sent", "2026-12-03 11:00:00", NOW), True),
    ("holds", "expired", ("draft", "2026-12-03 12:00:01", NOW), False),
    ("holds", "expired", ("sale", "2026-12-03 11:00:00", NOW), False),
    ("holds", "expired", ("cancel", "2026-12-03 11:00:00", NOW), False),
    ("holds", "expired", ("draft", False, NOW), False),
    ("rentals", "deposit", ({1: 25.0, 2: 2.5}, {1: 1, 2: 3}), 32.5),
    ("rentals", "deposit", ({1: 0.0}, {1: 4}), 0.0),
    ("rentals", "deposit", ({}, {1: 4}), 0.0),
]
