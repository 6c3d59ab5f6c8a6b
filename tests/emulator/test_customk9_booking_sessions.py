"""CustomK9 booking API, sessions: working hours and slots, book, reschedule, cancel (NOW: Sunday 12:00 UTC)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from customk9_helpers import ADMIN, call, make_user
from test_customk9_booking import Booking, booking_world

MONDAY = "2026-11-30"


@pytest.fixture
def b() -> Booking:
    return booking_world()


def book(b: Booking, start: str, minutes: int = 60, **kwargs: object) -> dict:
    return b.run("book_session", b.partner(b.portal_a), b.trainer, b.dog_a, start, minutes, **kwargs)


def slots(b: Booking, start: str, end: str, minutes: int = 60, trainer: int | None = None) -> list[list[str]]:
    res = b.run("available_slots", trainer or b.trainer, start, end, minutes)
    assert res["ok"] is True and set(res) == {"ok", "slots", "time_zone"}, res
    return res["slots"]


def local_time(utc: str, zone: str) -> datetime:
    return datetime.fromisoformat(utc + "+00:00").astimezone(ZoneInfo(zone))


def starts(found: list[list[str]]) -> list[str]:
    return [a[11:16] for a, _b in found]


def meeting(b: Booking, start: str, stop: str, **vals: object) -> int:
    return call(b.db, ADMIN, "calendar.event", "create", {"name": "Meeting", "start": start, "stop": stop, **vals})


def give_calendar(
    b: Booking, tz: str, lines: list[tuple[str, float, float, str]], resource_tz: str | None = None
) -> int:
    """A calendar of the trainer's own (through a resource, as hr would make)."""
    cal = call(b.db, ADMIN, "resource.calendar", "create", {
        "name": f"Hours {tz}", "tz": tz,
        "attendance_ids": [(0, 0, {"name": f"{d} {p}", "dayofweek": d, "hour_from": f, "hour_to": t,
                                   "day_period": p}) for d, f, t, p in lines],
    })
    # no group may create resources on the recorded server (hr does it for employees): as the superuser
    b.db.create_record("resource.resource",
                       {"name": "Trainer", "user_id": b.trainer, "calendar_id": cal, "tz": resource_tz or tz})
    return cal


# ---------------------------------------------------------------------------------------------- slots


def test_slots_name_their_zone_and_follow_los_angeles_across_dst(b: Booking) -> None:
    res = b.run("available_slots", b.trainer, f"{MONDAY} 00:00:00", f"{MONDAY} 23:00:00", 60)
    assert res["time_zone"] == "UTC"  # the standard calendar, as on a fresh database
    give_calendar(b, "America/Los_Angeles", [(str(d), f, t, p) for d in range(5)
                                             for f, t, p in ((8.0, 12.0, "morning"), (13.0, 17.0, "afternoon"))])
    # US summer time starts on Sunday 2027-03-14: 08:00 local is 16:00 UTC before, 15:00 UTC after
    res = b.run("available_slots", b.trainer, "2027-03-08 00:00:00", "2027-03-20 00:00:00", 60)
    assert res["time_zone"] == "America/Los_Angeles"
    local = [(local_time(a, res["time_zone"]), local_time(z, res["time_zone"])) for a, z in res["slots"]]
    assert all(a.weekday() < 5 and (8 <= a.hour < 12 and (z.hour, z.minute) <= (12, 0) or
                                     13 <= a.hour < 17 and (z.hour, z.minute) <= (17, 0)) for a, z in local)
    by_day: dict[str, list[str]] = {}
    for (a, _z), (utc, _stop) in zip(local, res["slots"], strict=True):
        by_day.setdefault(a.date().isoformat(), []).append(utc[11:16])
    assert len(by_day) == 10 and all(len(day) == 14 for day in by_day.values())
    assert by_day["2027-03-12"][0] == "16:00" and by_day["2027-03-15"][0] == "15:00"
    assert book(b, "2027-03-15 15:00:00")["ok"] and book(b, "2027-03-12 15:00:00")["code"] == "OUTSIDE_WORKING_HOURS"


def test_working_time_zones(b: Booking) -> None:
    assert b.run("working_time_zones", [b.trainer, b.internal, 999999, 0, -1]) == {
        "ok": True, "time_zones": {str(b.trainer): "UTC", str(b.internal): "UTC"}}
    give_calendar(b, "America/Los_Angeles", [("0", 8.0, 12.0, "morning")])
    assert b.run("working_time_zones", [b.trainer])["time_zones"] == {str(b.trainer): "America/Los_Angeles"}
    for bad in ("1", [True], ["1"], list(range(1001))):
        assert b.run("working_time_zones", bad)["code"] == "VALIDATION"


def test_a_new_resource_takes_its_calendar_s_zone_when_its_user_has_none(b: Booking) -> None:
    cal = call(b.db, ADMIN, "resource.calendar", "create", {"name": "LA", "tz": "America/Los_Angeles"})
    resource = b.db.create_record("resource.resource", {"name": "T", "user_id": b.trainer, "calendar_id": cal})
    assert b.db.value("resource.resource", resource, "tz") == "America/Los_Angeles"
    call(b.db, ADMIN, "res.users", "write", [b.internal], {"tz": "Europe/Brussels"})
    other = b.db.create_record("resource.resource", {"name": "I", "user_id": b.internal, "calendar_id": cal})
    assert b.db.value("resource.resource", other, "tz") == "Europe/Brussels"


def test_slots_follow_the_standard_calendar_without_lunch(b: Booking) -> None:
    found = slots(b, f"{MONDAY} 00:00:00", f"{MONDAY} 23:59:59")
    assert starts(found) == ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00",
                             "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00"]
    assert found[0] == [f"{MONDAY} 08:00:00", f"{MONDAY} 09:00:00"]
    assert starts(slots(b, f"{MONDAY} 00:00:00", f"{MONDAY} 23:00:00", 240)) == ["08:00", "13:00"]
    # the period clips the slots: they lie inside [start, end]
    assert starts(slots(b, f"{MONDAY} 09:10:00", f"{MONDAY} 11:00:00", 30)) == ["09:30", "10:00", "10:30"]
    # weekend: nothing; today (Sunday) is not a working day either
    assert slots(b, "2026-12-05 00:00:00", "2026-12-07 00:00:00") == []
    week = slots(b, "2026-11-29 00:00:00", "2026-12-06 00:00:00", 240)
    assert len(week) == 10 and {a[:10] for a, _ in week} == {f"2026-12-0{d}" for d in (1, 2, 3, 4)} | {MONDAY}


def test_slots_skip_the_trainer_s_events(b: Booking) -> None:
    trainer_partner = b.partner(b.trainer)
    meeting(b, f"{MONDAY} 09:00:00", f"{MONDAY} 10:00:00", user_id=b.trainer)  # organiser
    meeting(b, f"{MONDAY} 13:15:00", f"{MONDAY} 13:45:00", user_id=ADMIN,  # attendee only
            partner_ids=[(6, 0, [trainer_partner])])
    archived = meeting(b, f"{MONDAY} 15:00:00", f"{MONDAY} 16:00:00", user_id=b.trainer)
    call(b.db, ADMIN, "calendar.event", "write", [archived], {"active": False})
    meeting(b, f"{MONDAY} 16:00:00", f"{MONDAY} 17:00:00", user_id=ADMIN)  # someone else's
    assert starts(slots(b, f"{MONDAY} 00:00:00", f"{MONDAY} 23:00:00")) == [
        "08:00", "10:00", "10:30", "11:00", "14:00", "14:30", "15:00", "15:30", "16:00"
    ]


def test_slots_are_in_the_future_and_on_local_half_hours(b: Booking) -> None:
    # Kathmandu is UTC+05:45: local 09:00 is 03:15 UTC, half hours fall on :15 and :45 UTC
    give_calendar(b, "Asia/Kathmandu", [("6", 9.0, 21.0, "morning")])  # Sundays
    found = slots(b, "2026-11-29 00:00:00", "2026-11-29 23:59:59", 30)
    assert starts(found) == ["12:15", "12:45", "13:15", "13:45", "14:15", "14:45"]  # after NOW, until 21:00 local
    assert call(b.db, ADMIN, "res.users", "read", [b.trainer], ["resource_calendar_id"])[0]["resource_calendar_id"]
    assert slots(b, f"{MONDAY} 00:00:00", f"{MONDAY} 23:00:00") == []  # its calendar has no Monday


def test_the_resource_s_time_zone_wins_over_the_calendar_s(b: Booking) -> None:
    give_calendar(b, "UTC", [("0", 8.0, 10.0, "morning")], resource_tz="Europe/Brussels")  # UTC+1 in winter
    assert starts(slots(b, f"{MONDAY} 00:00:00", f"{MONDAY} 23:00:00")) == ["07:00", "07:30", "08:00"]
    assert book(b, f"{MONDAY} 09:00:00")["code"] == "OUTSIDE_WORKING_HOURS"
    assert book(b, f"{MONDAY} 07:00:00")["ok"]


def test_available_slots_failures(b: Booking) -> None:
    before = b.snapshot()
    period = (f"{MONDAY} 00:00:00", f"{MONDAY} 23:00:00")
    for args, code, field in (
        ((b.internal, *period, 60), "NOT_FOUND", "trainerId"),
        ((999999, *period, 60), "NOT_FOUND", "trainerId"),
        (("8", *period, 60), "NOT_FOUND", "trainerId"),
        ((b.trainer, *period, 10), "VALIDATION", "duration_minutes"),
        ((b.trainer, *period, 20), "VALIDATION", "duration_minutes"),
        ((b.trainer, *period, 255), "VALIDATION", "duration_minutes"),
        ((b.trainer, *period, "60"), "VALIDATION", "duration_minutes"),
        ((b.trainer, *period, True), "VALIDATION", "duration_minutes"),
        ((b.trainer, "2026-11-30T08:00:00Z", period[1], 60), "VALIDATION", "start"),
        ((b.trainer, period[0], "tomorrow", 60), "VALIDATION", "end"),
        ((b.trainer, period[1], period[0], 60), "INVALID_PERIOD", "end"),
        ((b.trainer, period[0], period[0], 60), "INVALID_PERIOD", "end"),
        ((b.trainer, "2026-12-01 00:00:00", "2027-01-01 00:00:01", 60), "INVALID_PERIOD", "end"),
    ):
        res = b.run("available_slots", *args)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (args, res)
        assert set(res) == {"ok", "code", "field", "message"}
    assert b.run("available_slots", b.trainer, "2026-12-01 00:00:00", "2027-01-01 00:00:00", 240)["ok"]
    b.assert_unchanged(before)


# ---------------------------------------------------------------------------------------------- book


def test_book_session(b: Booking) -> None:
    db, a = b.db, b.partner(b.portal_a)
    plan = b.run("create_training_plan", b.trainer, a, b.dog_a, b.template)["plan_id"]
    db.bus.clear()
    res = book(b, f"{MONDAY} 13:00:00", 90, plan_id=plan)
    session = res["session_id"]
    assert res == {"ok": True, "session_id": session}
    [row] = call(db, ADMIN, "calendar.event", "read", [session],
                 ["name", "user_id", "partner_ids", "dog_id", "training_plan_id", "privacy", "location", "start",
                  "stop", "duration", "active", "attendee_ids"])
    assert row["name"] == "Training session: Rex" and row["user_id"][0] == b.trainer
    assert sorted(row["partner_ids"]) == sorted([a, b.partner(b.trainer)])
    assert row["dog_id"][0] == b.dog_a and row["training_plan_id"][0] == plan
    assert (row["privacy"], row["location"]) == ("public", "CustomK9 Training Center")
    assert (row["start"], row["stop"], row["duration"], row["active"]) == (
        f"{MONDAY} 13:00:00", f"{MONDAY} 14:30:00", 1.5, True)
    assert len(row["attendee_ids"]) == 2
    assert [n["message"]["payload"] for n in db.bus] == [
        {"model": "calendar.event", "ids": [session], "op": "create"}]
    # the portal client sees it as its session
    assert call(db, b.portal_a, "calendar.event", "search", [("dog_id", "=", b.dog_a)]) == [session]
    # back to back is fine, overlapping is not
    assert book(b, f"{MONDAY} 14:30:00", 30)["ok"]
    assert book(b, f"{MONDAY} 08:00:00", 240)["ok"]  # a whole morning
    assert book(b, f"{MONDAY} 16:45:00", 15)["ok"]  # the last quarter of the day


def test_book_session_failures_write_nothing(b: Booking) -> None:
    db, a = b.db, b.partner(b.portal_a)
    taken = book(b, f"{MONDAY} 10:00:00")["session_id"]
    other_plan = b.run("create_training_plan", b.trainer, b.partner(b.portal_b), b.dog_b, b.template)["plan_id"]
    call(db, ADMIN, "customk9.dog", "write", [b.dog_a2], {"active": False})
    meeting(b, "2026-12-01 09:00:00", "2026-12-01 09:30:00", user_id=ADMIN,
            partner_ids=[(6, 0, [b.partner(b.trainer)])])
    before = b.snapshot()
    cases = (
        ((999999, b.trainer, b.dog_a, f"{MONDAY} 08:00:00", 60), "NOT_FOUND", "partner_id"),
        ((a, b.internal, b.dog_a, f"{MONDAY} 08:00:00", 60), "NOT_FOUND", "trainerId"),
        ((a, b.portal_b, b.dog_a, f"{MONDAY} 08:00:00", 60), "NOT_FOUND", "trainerId"),
        ((a, b.trainer, b.dog_b, f"{MONDAY} 08:00:00", 60), "NOT_FOUND", "dog_id"),  # another client's dog
        ((a, b.trainer, b.dog_a2, f"{MONDAY} 08:00:00", 60), "NOT_FOUND", "dog_id"),  # archived
        ((a, b.trainer, 999999, f"{MONDAY} 08:00:00", 60), "NOT_FOUND", "dog_id"),
        ((a, b.trainer, b.dog_a, f"{MONDAY} 08:00:00", 60, other_plan), "NOT_FOUND", "plan_id"),
        ((a, b.trainer, b.dog_a, f"{MONDAY} 08:00:00", 60, 999999), "NOT_FOUND", "plan_id"),
        ((a, b.trainer, b.dog_a, f"{MONDAY} 08:00:00", 0), "VALIDATION", "duration_minutes"),
        ((a, b.trainer, b.dog_a, f"{MONDAY} 08:00:00", 250), "VALIDATION", "duration_minutes"),
        ((a, b.trainer, b.dog_a, f"{MONDAY} 08:00:00", 50), "VALIDATION", "duration_minutes"),
        ((a, b.trainer, b.dog_a, "2026-11-30", 60), "VALIDATION", "start"),
        ((a, b.trainer, b.dog_a, "2026-11-27 09:00:00", 60), "VALIDATION", "start"),  # a past Friday
        ((a, b.trainer, b.dog_a, "2026-11-29 12:00:00", 60), "VALIDATION", "start"),  # now is not the future
        ((a, b.trainer, b.dog_a, f"{MONDAY} 07:30:00", 60), "OUTSIDE_WORKING_HOURS", "start"),
        ((a, b.trainer, b.dog_a, f"{MONDAY} 11:30:00", 60), "OUTSIDE_WORKING_HOURS", "start"),  # into lunch
        ((a, b.trainer, b.dog_a, f"{MONDAY} 12:00:00", 60), "OUTSIDE_WORKING_HOURS", "start"),  # lunch
        ((a, b.trainer, b.dog_a, f"{MONDAY} 11:00:00", 180), "OUTSIDE_WORKING_HOURS", "start"),  # across lunch
        ((a, b.trainer, b.dog_a, f"{MONDAY} 16:30:00", 60), "OUTSIDE_WORKING_HOURS", "start"),
        ((a, b.trainer, b.dog_a, "2026-12-05 09:00:00", 60), "OUTSIDE_WORKING_HOURS", "start"),  # Saturday
        ((a, b.trainer, b.dog_a, f"{MONDAY} 10:30:00", 60), "SLOT_TAKEN", "start"),
        ((a, b.trainer, b.dog_a, f"{MONDAY} 09:15:00", 60), "SLOT_TAKEN", "start"),
        ((a, b.trainer, b.dog_a, "2026-12-01 08:45:00", 30), "SLOT_TAKEN", "start"),  # trainer attends a meeting
    )
    for args, code, field in cases:
        res = b.run("book_session", *args)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (args, res)
    b.assert_unchanged(before)
    assert taken


def test_book_session_idempotency(b: Booking) -> None:
    a = b.partner(b.portal_a)
    first = book(b, f"{MONDAY} 08:00:00", idempotency_key="book-key-1")
    again = book(b, f"{MONDAY} 08:00:00", idempotency_key="book-key-1")
    assert first == again and first["ok"]
    assert len([e for e in b.db.tables["calendar.event"].values() if e.get("dog_id")]) == 1
    # a refused booking under a key is not stored: the same key books once the slot is fine
    assert book(b, f"{MONDAY} 08:30:00", idempotency_key="book-key-2")["code"] == "SLOT_TAKEN"
    assert book(b, f"{MONDAY} 09:00:00", idempotency_key="book-key-2")["ok"]
    other = b.run("book_session", b.partner(b.portal_b), b.trainer, b.dog_b, f"{MONDAY} 10:00:00", 60,
                  idempotency_key="book-key-1")
    assert other["code"] == "IDEMPOTENCY_KEY_REUSED" and a


# ---------------------------------------------------------------------------------------------- reschedule, cancel


def test_reschedule_session(b: Booking) -> None:
    db, a = b.db, b.partner(b.portal_a)
    session = book(b, "2026-12-02 09:00:00")["session_id"]
    # moving onto a slot that overlaps only itself is fine
    res = b.run("reschedule_session", a, session, "2026-12-02 09:30:00", 90, 24)
    assert res == {"ok": True, "session_id": session}
    row = db.tables["calendar.event"][session]
    assert (row["start"], row["stop"], row["duration"]) == ("2026-12-02 09:30:00", "2026-12-02 11:00:00", 1.5)
    other = book(b, "2026-12-02 14:00:00")["session_id"]
    soon = book(b, f"{MONDAY} 08:00:00")["session_id"]  # 20 hours from now
    before = b.snapshot()
    for args, code, field in (
        ((b.partner(b.portal_b), session, "2026-12-03 09:00:00", 60, 24), "NOT_FOUND", "session_id"),
        ((999999, session, "2026-12-03 09:00:00", 60, 24), "NOT_FOUND", "partner_id"),
        ((a, 999999, "2026-12-03 09:00:00", 60, 24), "NOT_FOUND", "session_id"),
        ((a, soon, "2026-12-03 09:00:00", 60, 24), "TOO_LATE_TO_CANCEL", "session_id"),
        ((a, soon, "2026-12-03 09:00:00", 60, 20), "TOO_LATE_TO_CANCEL", "session_id"),  # exactly 20 h
        ((a, session, "2026-12-03 09:00:00", 60, -1), "VALIDATION", "notice_hours"),
        ((a, session, "2026-12-03 09:00:00", 60, "24"), "VALIDATION", "notice_hours"),
        ((a, session, "2026-12-03 09:00:00", 25, 24), "VALIDATION", "duration_minutes"),
        ((a, session, "2026-12-03", 60, 24), "VALIDATION", "start"),
        ((a, session, "2026-11-27 09:00:00", 60, 24), "VALIDATION", "start"),
        ((a, session, "2026-12-03 12:00:00", 60, 24), "OUTSIDE_WORKING_HOURS", "start"),
        ((a, session, "2026-12-02 14:30:00", 60, 24), "SLOT_TAKEN", "start"),
    ):
        res = b.run("reschedule_session", *args)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (args, res)
    b.assert_unchanged(before)
    assert b.run("reschedule_session", a, soon, "2026-12-03 09:00:00", 60, 19.5)["ok"]
    assert other


def test_cancel_session(b: Booking) -> None:
    db, a = b.db, b.partner(b.portal_a)
    session = book(b, "2026-12-02 09:00:00")["session_id"]
    soon = book(b, f"{MONDAY} 08:00:00")["session_id"]
    meeting_id = meeting(b, "2026-12-03 09:00:00", "2026-12-03 10:00:00", user_id=ADMIN,
                         partner_ids=[(6, 0, [a])])  # a's meeting without a trainer as organiser
    call(db, ADMIN, "calendar.event", "write", [meeting_id], {"user_id": False})
    before = b.snapshot()
    for args, code, field in (
        ((b.partner(b.portal_b), session, 24), "NOT_FOUND", "session_id"),  # another client's: as missing
        ((a, 999999, 24), "NOT_FOUND", "session_id"),
        ((a, "1", 24), "NOT_FOUND", "session_id"),
        ((a, meeting_id, 24), "NOT_FOUND", "session_id"),
        ((a, soon, 24), "TOO_LATE_TO_CANCEL", "session_id"),
        ((a, session, None), "VALIDATION", "notice_hours"),
    ):
        res = b.run("cancel_session", *args)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (args, res)
    b.assert_unchanged(before)
    assert b.run("cancel_session", a, session, 24) == {"ok": True, "session_id": session}
    assert db.tables["calendar.event"][session]["active"] is False
    assert [n["message"]["payload"] for n in db.bus][-1] == {"model": "calendar.event", "ids": [session], "op": "write"}
    assert b.run("cancel_session", a, session, 24)["code"] == "NOT_FOUND"  # archived now
    assert "2026-12-02 09:00:00" in [s[0] for s in slots(b, "2026-12-02 00:00:00", "2026-12-03 00:00:00")]
    assert book(b, "2026-12-02 09:00:00")["ok"]  # the slot is free again
    assert b.run("cancel_session", a, soon, 0)["ok"]  # no notice asked


def test_a_client_s_contact_manages_the_company_s_sessions(b: Booking) -> None:
    db = b.db
    company = call(db, ADMIN, "res.partner", "create", {"name": "Kennel Ltd", "is_company": True})
    contact = call(db, ADMIN, "res.partner", "create", {"name": "Kim", "parent_id": company})
    dog = call(db, ADMIN, "customk9.dog", "create", {"name": "Fido", "owner_id": contact})
    res = b.run("book_session", contact, b.trainer, dog, "2026-12-02 09:00:00", 60)
    session = res["session_id"]
    assert company in db.tables["calendar.event"][session]["partner_ids"]  # booked for the company
    assert b.run("cancel_session", company, session, 24)["ok"]
    other_trainer = make_user(db, "ck9_trainer2", "customk9.group_customk9_trainer")
    assert b.run("book_session", company, other_trainer, dog, "2026-12-02 09:00:00", 60)["ok"]
