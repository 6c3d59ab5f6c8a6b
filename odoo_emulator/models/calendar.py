"""calendar: meetings and their attendees.

``attendee_ids`` follow ``partner_ids`` (one calendar.attendee per partner, created and removed with
it; the organiser's attendee is accepted). ``duration`` is kept in sync with ``start``/``stop``; an
all-day event gets ``start``/``stop`` from ``start_date``/``stop_date`` (08:00 and 18:00, as Odoo does).

Privacy (Odoo 18): ``privacy`` has no default (False = the organiser's default, "public" for every user
here). A private event read by someone who is neither its organiser nor an attendee shows only the
public fields: ``name`` and ``display_name`` read "Busy", every other field is emptied (``partner_ids``
included). Writing, creating or deleting such an event is refused by a global record rule (access.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..fields import DATETIME_FMT
from .registry import Registry


def _dt(value: Any) -> datetime | None:
    if not value:
        return None
    text = str(value).replace("T", " ")
    return datetime.strptime(text[:19] if len(text) > 10 else text[:10] + " 00:00:00", DATETIME_FMT)


def _normalize_times(db: Any, vals: dict, current: dict | None = None) -> None:
    cur = current or {}
    allday = vals.get("allday", cur.get("allday"))
    if allday:
        for date_key, dt_key, hour in (("start_date", "start", 8), ("stop_date", "stop", 18)):
            if vals.get(date_key):
                vals[dt_key] = f"{str(vals[date_key])[:10]} {hour:02d}:00:00"
    start = _dt(vals.get("start", cur.get("start")))
    if start is None:
        return
    if "stop" not in vals and ("duration" in vals or not cur.get("stop")):
        hours = float(vals.get("duration", cur.get("duration")) or 1.0)
        vals["stop"] = (start + timedelta(hours=hours)).strftime(DATETIME_FMT)
    stop = _dt(vals.get("stop", cur.get("stop")))
    if stop is not None and "duration" not in vals:
        vals["duration"] = round((stop - start).total_seconds() / 3600.0, 2)


def _sync_attendees(db: Any, event_id: int) -> None:
    partners = db.value("calendar.event", event_id, "partner_ids")
    attendees = db.tables.get("calendar.attendee", {})
    mine = {aid: row for aid, row in attendees.items() if row.get("event_id") == event_id}
    stale = [aid for aid, row in mine.items() if row.get("partner_id") not in partners]
    if stale:
        db.unlink_records("calendar.attendee", stale)
    present = {row.get("partner_id") for aid, row in mine.items() if aid not in stale}
    organizer = db.user_partner_id(db.tables["calendar.event"][event_id].get("user_id") or 0)
    for pid in partners:
        if pid not in present:
            db.create_record(
                "calendar.attendee",
                {
                    "event_id": event_id,
                    "partner_id": pid,
                    "state": "accepted" if pid == organizer else "needsAction",
                },
            )


PUBLIC_FIELDS = frozenset(
    {
        "id",
        "active",
        "allday",
        "duration",
        "user_id",
        "interval",
        "partner_id",
        "count",
        "rrule",
        "recurrence_id",
        "show_as",
        "privacy",
        "start",
        "stop",
        "start_date",
        "stop_date",
        "byday",
        "until",
        "rrule_type",
        "month_by",
        "event_tz",
        "end_type",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "day",
        "weekday",
    }
)


def is_hidden_from(db: Any, event_id: int, uid: int) -> bool:
    """``_check_private_event_conditions``: private, and the user neither organises nor attends it."""
    row = db.tables["calendar.event"].get(event_id) or {}
    if row.get("privacy") != "private" or row.get("user_id") == uid:
        return False
    return db.user_partner_id(uid) not in db.value("calendar.event", event_id, "partner_ids")


def mask_private(db: Any, uid: int, rows: list[dict]) -> None:
    fields = db.registry["calendar.event"].fields
    for row in rows:
        if not is_hidden_from(db, row["id"], uid):
            continue
        for fname in row:
            if fname in ("name", "display_name"):
                row[fname] = "Busy"
            elif fname not in PUBLIC_FIELDS:
                fld = fields[fname]
                row[fname] = (
                    []
                    if fld.type in ("one2many", "many2many")
                    else fld.empty()
                    if fld.type in ("integer", "float", "monetary", "boolean")
                    else False
                )


def setup(reg: Registry) -> None:
    e = reg["calendar.event"]
    e.read_mask = mask_private
    e.order = "start desc"
    e.defaults.append(
        lambda db, uid, vals: (
            {"user_id": uid, "partner_ids": [(6, 0, [db.user_partner_id(uid)])]}
            if db.exists("res.users", uid)
            else {}
        )
    )
    for fname, value in (("show_as", "busy"), ("active", True), ("allday", False)):
        e.set(fname, default=value)
    e.before_create.append(lambda db, uid, vals: _normalize_times(db, vals))
    e.before_write.append(
        lambda db, uid, ids, vals: (
            _normalize_times(db, vals, db.tables["calendar.event"][ids[0]])
            if ids and {"start", "stop", "duration", "allday", "start_date", "stop_date"} & set(vals)
            else None
        )
    )
    e.after_create.append(lambda db, uid, rid, vals: _sync_attendees(db, rid))
    e.after_write.append(
        lambda db, uid, ids, vals: [_sync_attendees(db, i) for i in ids] if "partner_ids" in vals else None
    )
    e.set("attendee_ids", inverse_name="event_id")
    e.set(
        "start_date",
        compute=lambda db, rec: rec["start"][:10] if rec.get("allday") and rec.get("start") else False,
    )
    e.set(
        "stop_date", compute=lambda db, rec: rec["stop"][:10] if rec.get("allday") and rec.get("stop") else False
    )
    e.set("partner_id", compute=lambda db, rec: db.user_partner_id(rec.get("user_id") or 0) or False)
    e.copy_defaults = lambda db, rec: {
        "partner_ids": [(6, 0, db.value("calendar.event", rec["id"], "partner_ids"))]
    }

    a = reg["calendar.attendee"]
    a.order = "create_date, id"
    a.rec_name = "common_name"
    a.set("event_id", ondelete="cascade")
    a.set("state", default="needsAction")
    a.set("availability", default="busy")
    a.set("common_name", compute=lambda db, rec: db.value("res.partner", rec.get("partner_id"), "name") or False)
    a.set("email", compute=lambda db, rec: db.value("res.partner", rec.get("partner_id"), "email") or False)
