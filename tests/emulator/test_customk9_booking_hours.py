"""Working intervals of ``resource.calendar`` (customk9_booking_hours): tz, DST, lunch, dates, two weeks."""

from __future__ import annotations

from datetime import datetime

from customk9_helpers import ADMIN, call

from odoo_emulator.database import Database
from odoo_emulator.models.customk9_booking_hours import working_hours, working_intervals


def calendar(db: Database, tz: str, lines: list[dict], **vals: object) -> int:
    return call(db, ADMIN, "resource.calendar", "create", {
        "name": tz, "tz": tz, **vals,
        "attendance_ids": [(0, 0, {"name": "line", "day_period": "morning", **line}) for line in lines],
    })


def spans(db: Database, cal: int, start: str, end: str) -> list[tuple[str, str]]:
    found = working_intervals(db, cal, datetime.fromisoformat(start), datetime.fromisoformat(end))
    return [(a.isoformat(" "), b.isoformat(" ")) for a, b in found]


def test_standard_calendar_is_the_default_for_everyone() -> None:
    db = Database(now=lambda: datetime(2026, 11, 29, 12))
    std = db.xmlid_to_res_id("resource.resource_calendar_std")
    cal, zone, resource = working_hours(db, ADMIN)
    assert (cal, str(zone), resource) == (std, "UTC", False)
    assert spans(db, std, "2026-11-30 00:00:00", "2026-12-01 00:00:00") == [
        ("2026-11-30 08:00:00", "2026-11-30 12:00:00"), ("2026-11-30 13:00:00", "2026-11-30 17:00:00")]
    # a company calendar replaces it
    own = calendar(db, "Europe/Brussels", [{"dayofweek": "0", "hour_from": 9, "hour_to": 10}])
    call(db, ADMIN, "res.company", "write", [1], {"resource_calendar_id": own})
    assert working_hours(db, ADMIN)[0] == own


def test_time_zones_and_daylight_saving() -> None:
    db = Database(now=lambda: datetime(2026, 3, 1))
    cal = calendar(db, "Europe/Brussels", [{"dayofweek": str(d), "hour_from": 8.5, "hour_to": 12.25}
                                           for d in range(7)])
    # 2026-03-29: summer time starts in Brussels (UTC+1 -> UTC+2)
    assert spans(db, cal, "2026-03-28 00:00:00", "2026-03-30 00:00:00") == [
        ("2026-03-28 07:30:00", "2026-03-28 11:15:00"), ("2026-03-29 06:30:00", "2026-03-29 10:15:00")]
    # intervals that only meet the period are kept whole (the caller clips)
    assert spans(db, cal, "2026-03-28 11:00:00", "2026-03-28 11:30:00") == [
        ("2026-03-28 07:30:00", "2026-03-28 11:15:00")]


def test_lunch_sections_dates_and_midnight() -> None:
    db = Database(now=lambda: datetime(2026, 11, 29))
    cal = calendar(db, "UTC", [
        {"dayofweek": "0", "hour_from": 8, "hour_to": 12},
        {"dayofweek": "0", "hour_from": 12, "hour_to": 13, "day_period": "lunch"},
        {"dayofweek": "0", "hour_from": 13, "hour_to": 24, "day_period": "afternoon"},
        {"dayofweek": "1", "hour_from": 8, "hour_to": 9, "display_type": "line_section"},
        {"dayofweek": "2", "hour_from": 8, "hour_to": 9, "date_from": "2026-12-09"},
        {"dayofweek": "3", "hour_from": 8, "hour_to": 9, "date_to": "2026-12-03"},
    ])
    assert spans(db, cal, "2026-11-30 00:00:00", "2026-12-11 00:00:00") == [
        ("2026-11-30 08:00:00", "2026-11-30 12:00:00"), ("2026-11-30 13:00:00", "2026-12-01 00:00:00"),
        ("2026-12-03 08:00:00", "2026-12-03 09:00:00"),
        ("2026-12-07 08:00:00", "2026-12-07 12:00:00"), ("2026-12-07 13:00:00", "2026-12-08 00:00:00"),
        ("2026-12-09 08:00:00", "2026-12-09 09:00:00"),
    ]


def test_two_week_calendars() -> None:
    db = Database(now=lambda: datetime(2026, 11, 29))
    cal = calendar(db, "UTC", [
        {"dayofweek": "0", "hour_from": 8, "hour_to": 9, "week_type": "0"},
        {"dayofweek": "0", "hour_from": 10, "hour_to": 11, "week_type": "1"},
    ], two_weeks_calendar=True)
    found = spans(db, cal, "2026-11-30 00:00:00", "2026-12-08 00:00:00")
    assert [a[11:13] for a, _ in found] in (["08", "10"], ["10", "08"])  # one line a week, alternating
    assert len({a[11:13] for a, _ in found}) == 2
