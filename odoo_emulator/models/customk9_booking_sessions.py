"""Training sessions of the booking API: ``available_slots``, ``book_session``, ``reschedule_session``,
``cancel_session`` (``calendar.event`` records with a ``dog_id``).

The trainer is an active user of ``customk9.group_customk9_trainer`` (else NOT_FOUND ``trainerId``); a
session lasts 15 to 240 minutes in steps of 15 and starts in the future (else VALIDATION); it must fit in one
working interval of the trainer's calendar, else the company's (``customk9_booking_hours``; lunch is not
working time), else OUTSIDE_WORKING_HOURS; and it must not overlap an active calendar.event the trainer
organises or attends, else SLOT_TAKEN. A session is the partner's when the partner (or one of its contacts)
attends it; cancelling or rescheduling it needs more than ``notice_hours`` before its start, else
TOO_LATE_TO_CANCEL. Cancelling archives the event (``active = False``): it no longer takes the slot.
``available_slots`` and ``working_time_zones`` name the IANA zone the trainer's hours are read in.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .customk9_booking import (
    as_id,
    as_number,
    client,
    commercial,
    fail,
    fmt,
    is_trainer,
    not_found,
    now,
    ok,
    own_dog,
    owns,
    parse_datetime,
    register,
)
from .customk9_booking_hours import local_minute, working_hours, working_intervals
from .registry import Registry

MAX_SLOT_DAYS = 31
SLOT_STEP = timedelta(minutes=30)
LOCATION = "CustomK9 Training Center"


def _duration(value: Any) -> timedelta | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 15 <= value <= 240 or value % 15:
        return None
    return timedelta(minutes=value)


BAD_DURATION = ("duration_minutes", "A session lasts 15 to 240 minutes, in steps of 15 minutes.")
BAD_START = "Give a UTC date and time as YYYY-MM-DD HH:MM:SS."


def busy(db: Any, trainer: int, start: datetime, stop: datetime, exclude: int | None = None) -> list[tuple[str, str]]:
    """(start, stop) of the trainer's active events that overlap ``[start, stop)``."""
    partner = db.user_partner_id(trainer)
    a, b = fmt(start), fmt(stop)
    out = []
    for eid, row in db.tables.get("calendar.event", {}).items():
        if eid == exclude or not row.get("active", True) or not row.get("start") or not row.get("stop"):
            continue
        if row["start"] >= b or row["stop"] <= a:
            continue
        if row.get("user_id") == trainer or partner in (row.get("partner_ids") or []):
            out.append((row["start"], row["stop"]))
    return out


def trainer_intervals(db: Any, trainer: int, start: datetime, stop: datetime) -> list[tuple[datetime, datetime]]:
    calendar, zone, resource = working_hours(db, trainer)
    return working_intervals(db, calendar, start, stop, zone, resource)


def _fits(db: Any, trainer: int, start: datetime, stop: datetime) -> bool:
    intervals = trainer_intervals(db, trainer, start, stop)
    return any(a <= start and stop <= b for a, b in intervals)


def _check_slot(db: Any, trainer: int, start: datetime, stop: datetime, exclude: int | None = None) -> dict | None:
    """The failure for a session of ``trainer`` over ``[start, stop)``, or None when it can be booked."""
    if start <= now(db):
        return fail("VALIDATION", "start", "A session must start in the future.")
    if not _fits(db, trainer, start, stop):
        return fail("OUTSIDE_WORKING_HOURS", "start", "The session is outside the trainer's working hours.")
    if busy(db, trainer, start, stop, exclude):
        return fail("SLOT_TAKEN", "start", "The trainer is already booked at that time.")
    return None


def available_slots(db: Any, uid: int, trainer_user_id: Any, start: Any, end: Any, duration_minutes: Any) -> dict:
    trainer = as_id(trainer_user_id)
    if not is_trainer(db, trainer):
        return not_found("trainerId", "This trainer")
    assert trainer is not None
    length = _duration(duration_minutes)
    if length is None:
        return fail("VALIDATION", *BAD_DURATION)
    begin, finish = parse_datetime(start), parse_datetime(end)
    if begin is None:
        return fail("VALIDATION", "start", BAD_START)
    if finish is None:
        return fail("VALIDATION", "end", BAD_START)
    if finish <= begin:
        return fail("INVALID_PERIOD", "end", "The end must be after the start.")
    if finish - begin > timedelta(days=MAX_SLOT_DAYS):
        return fail("INVALID_PERIOD", "end", f"The period is at most {MAX_SLOT_DAYS} days.")
    _calendar, zone, _resource = working_hours(db, trainer)
    current = now(db)
    taken = sorted(busy(db, trainer, begin, finish))
    slots: list[list[str]] = []
    for a, b in trainer_intervals(db, trainer, begin, finish):
        t = max(a, begin)
        t = t.replace(second=0, microsecond=0) + (timedelta(minutes=1) if t.second or t.microsecond else timedelta())
        while local_minute(zone, t) % 30:
            t += timedelta(minutes=1)
        while t + length <= min(b, finish):
            stop = t + length
            if t > current and not any(s < fmt(stop) and e > fmt(t) for s, e in taken):
                slots.append([fmt(t), fmt(stop)])
            t += SLOT_STEP
    return ok(slots=slots, time_zone=zone.key)


def working_time_zones(db: Any, uid: int, trainer_user_ids: Any) -> dict:
    """The IANA zone each user's working hours are read in (session organisers); unknown ids are left out."""
    if not isinstance(trainer_user_ids, list) or len(trainer_user_ids) > 1000 or any(
        isinstance(u, bool) or not isinstance(u, int) for u in trainer_user_ids
    ):
        return fail("VALIDATION", "trainer_user_ids", "Give a list of at most 1000 user ids.")
    return ok(time_zones={
        str(u): working_hours(db, u)[1].key for u in sorted(set(trainer_user_ids)) if db.exists("res.users", u)
    })


def book_session(
    db: Any,
    uid: int,
    partner_id: Any,
    trainer_user_id: Any,
    dog_id: Any,
    start: Any,
    duration_minutes: Any,
    plan_id: Any = False,
    idempotency_key: Any = False,
) -> dict:
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "This client")
    trainer = as_id(trainer_user_id)
    if not is_trainer(db, trainer):
        return not_found("trainerId", "This trainer")
    assert trainer is not None
    dog = own_dog(db, partner, dog_id)
    if dog is None:
        return not_found("dog_id", "This dog")
    plan: int | bool = False
    if plan_id:
        plan = as_id(plan_id) or 0
        row = db.tables["project.project"].get(plan)
        if row is None or not owns(db, partner, row.get("partner_id")):
            return not_found("plan_id", "This training plan")
    length = _duration(duration_minutes)
    if length is None:
        return fail("VALIDATION", *BAD_DURATION)
    begin = parse_datetime(start)
    if begin is None:
        return fail("VALIDATION", "start", BAD_START)
    refused = _check_slot(db, trainer, begin, begin + length)
    if refused:
        return refused
    dog_name = db.tables["customk9.dog"][dog].get("name") or ""
    session = db.create_record(
        "calendar.event",
        {
            "name": f"Training session: {dog_name}",
            "user_id": trainer,
            "partner_ids": [(6, 0, sorted({partner, db.user_partner_id(trainer)}))],
            "dog_id": dog,
            "training_plan_id": plan,
            "privacy": "public",
            "location": LOCATION,
            "start": fmt(begin),
            "stop": fmt(begin + length),
        },
        uid,
    )
    return ok(session_id=session)


def _own_session(db: Any, partner: int, session_id: Any) -> int | None:
    """The client's session: an active event with an organiser that one of the client's partners attends."""
    session = as_id(session_id)
    row = db.tables["calendar.event"].get(session) if session else None
    if row is None or not row.get("active") or not row.get("user_id"):
        return None
    attendees = db.value("calendar.event", session, "partner_ids")
    return session if any(commercial(db, p) == partner for p in attendees) else None


def _notice(db: Any, session: int, notice_hours: Any) -> dict | None:
    hours = as_number(notice_hours)
    if hours is None or hours < 0:
        return fail("VALIDATION", "notice_hours", "The notice is a number of hours, 0 or more.")
    begin = parse_datetime(db.tables["calendar.event"][session].get("start"))
    if begin is None or begin <= now(db) + timedelta(hours=hours):
        return fail(
            "TOO_LATE_TO_CANCEL",
            "session_id",
            f"A session can only be changed more than {hours:g} hours before it starts.",
        )
    return None


def _changeable_session(db: Any, partner_id: Any, session_id: Any, notice_hours: Any) -> tuple[int, dict | None]:
    """The client's session that may still be moved or cancelled, or the refusal (session id 0)."""
    partner = client(db, partner_id)
    if partner is None:
        return 0, not_found("partner_id", "This client")
    session = _own_session(db, partner, session_id)
    if session is None:
        return 0, not_found("session_id", "This session")
    return session, _notice(db, session, notice_hours)


def reschedule_session(
    db: Any, uid: int, partner_id: Any, session_id: Any, start: Any, duration_minutes: Any, notice_hours: Any
) -> dict:
    session, refused = _changeable_session(db, partner_id, session_id, notice_hours)
    if refused:
        return refused
    length = _duration(duration_minutes)
    if length is None:
        return fail("VALIDATION", *BAD_DURATION)
    begin = parse_datetime(start)
    if begin is None:
        return fail("VALIDATION", "start", BAD_START)
    trainer = db.tables["calendar.event"][session]["user_id"]
    refused = _check_slot(db, trainer, begin, begin + length, exclude=session)
    if refused:
        return refused
    db.write_records("calendar.event", [session], {"start": fmt(begin), "stop": fmt(begin + length)}, uid)
    return ok(session_id=session)


def cancel_session(db: Any, uid: int, partner_id: Any, session_id: Any, notice_hours: Any) -> dict:
    session, refused = _changeable_session(db, partner_id, session_id, notice_hours)
    if refused:
        return refused
    db.write_records("calendar.event", [session], {"active": False}, uid)
    return ok(session_id=session)


def setup(reg: Registry) -> None:
    register(reg, "available_slots", available_slots)
    register(reg, "working_time_zones", working_time_zones)
    register(reg, "book_session", book_session, lambda a: f"partner:{a['partner_id']}")
    register(reg, "reschedule_session", reschedule_session)
    register(reg, "cancel_session", cancel_session)
