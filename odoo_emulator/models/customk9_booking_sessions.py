"""Training sessions of the booking API: ``available_slots``, ``book_session``, ``reschedule_session``,
``cancel_session`` (``calendar.event`` records with a ``dog_id``).

Glue only: the rules (duration, future start, working hours in the trainer's zone, overlaps, notice, slot
periods and the slots themselves) are the addon's ``rules/sessions.py`` and ``rules/hours.py``; this module
reads the trainer, the client's session and the busy events from the tables and writes the event, in the
addon's order of checks. Cancelling archives the event (``active = False``): it no longer takes the slot.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .. import rules
from .customk9_booking import (
    as_id,
    client,
    commercial,
    fmt,
    is_trainer,
    not_found,
    now,
    ok,
    own_dog,
    owns,
    register,
)
from .customk9_booking_hours import working_hours, working_intervals
from .registry import Registry

rule = rules.sessions


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


def _check_slot(db: Any, trainer: int, start: datetime, stop: datetime, exclude: int | None = None) -> None:
    """Refuse (``RuleError``) a session of ``trainer`` over ``[start, stop)`` that cannot be booked."""
    rule.future_start(start, now(db))
    day = timedelta(days=1)
    rule.within_hours(trainer_intervals(db, trainer, start - day, stop + day), start, stop)
    rule.free(busy(db, trainer, start, stop, exclude), start, stop)


def available_slots(db: Any, uid: int, trainer_user_id: Any, start: Any, end: Any, duration_minutes: Any) -> dict:
    trainer = as_id(trainer_user_id)
    if not is_trainer(db, trainer):
        return not_found("trainerId", "This trainer")
    assert trainer is not None
    length = rule.duration(duration_minutes)
    begin, finish = rule.slot_period(start, end)
    _calendar, zone, _resource = working_hours(db, trainer)
    slots = rule.free_slots(trainer_intervals(db, trainer, begin, finish), zone, begin, finish, length, now(db),
                            busy(db, trainer, begin, finish))
    return ok(slots=slots, time_zone=zone.key)


def working_time_zones(db: Any, uid: int, trainer_user_ids: Any) -> dict:
    """The IANA zone each user's working hours are read in (session organisers); unknown ids are left out."""
    users = rule.user_ids(trainer_user_ids)
    return ok(time_zones={str(u): working_hours(db, u)[1].key for u in users if db.exists("res.users", u)})


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
    length = rule.duration(duration_minutes)
    begin = rules.common.parse_utc(start, "start")
    _check_slot(db, trainer, begin, begin + length)
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
            "location": rule.LOCATION,
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


def _changeable_session(db: Any, partner_id: Any, session_id: Any, notice_hours: Any) -> tuple[int, dict | None]:
    """The client's session that may still be moved or cancelled, or the refusal (session id 0); a change
    too late is refused by the rule (``RuleError``)."""
    partner = client(db, partner_id)
    if partner is None:
        return 0, not_found("partner_id", "This client")
    session = _own_session(db, partner, session_id)
    if session is None:
        return 0, not_found("session_id", "This session")
    start = db.tables["calendar.event"][session].get("start")
    rule.notice(rules.common.parse_utc(start, "start") if start else None, notice_hours, now(db))
    return session, None


def reschedule_session(
    db: Any, uid: int, partner_id: Any, session_id: Any, start: Any, duration_minutes: Any, notice_hours: Any
) -> dict:
    session, refused = _changeable_session(db, partner_id, session_id, notice_hours)
    if refused:
        return refused
    length = rule.duration(duration_minutes)
    begin = rules.common.parse_utc(start, "start")
    trainer = db.tables["calendar.event"][session]["user_id"]
    _check_slot(db, trainer, begin, begin + length, exclude=session)
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
