# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared rule cases of seats, working hours and slots (see ``cases``)."""
from collections import namedtuple
from datetime import date, datetime, timedelta

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


SESSION_CASES = [
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
]
