"""Working hours: Odoo's ``resource`` models as far as the CustomK9 booking API needs them.

``resource.calendar`` and ``resource.calendar.attendance`` (Odoo 18 field names), ``resource.resource``
(the link of a user to a calendar) and ``res.users.resource_calendar_id`` (related
``resource_ids.calendar_id``: false for a user without a resource, which every user of a fresh database
is, as on the real server), ``res.company.resource_calendar_id``. ``seed`` writes the company's standard
calendar ``resource.resource_calendar_std`` as a real Odoo 18 database holds it: "Standard 40 hours/week",
tz "UTC", Monday to Friday 08-12 (morning), 12-13 (lunch), 13-17 (afternoon), 15 attendances.

These models belong to Odoo's ``resource`` module (installed with ``project``); the emulator adds them
with the ``customk9`` addon, their only user here.

``resource.resource`` takes its ``tz``, when none is given, from its user's ``tz`` else its calendar's (else
UTC), and its calendar from its company's, as Odoo 18's ``resource.resource.create`` does: a resource made
for a user without a time zone on a Los Angeles calendar works in Los Angeles time.

``working_intervals`` reads a calendar's attendance lines and hands them to the addon's rule
(``rules/hours.py``), which turns them into UTC intervals in the zone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .. import rules
from .registry import Registry

STD_CALENDAR = "resource.resource_calendar_std"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PERIODS = (("morning", "Morning", 8.0, 12.0), ("lunch", "Lunch", 12.0, 13.0), ("afternoon", "Afternoon", 13.0, 17.0))


def _tz_selection(reg: Registry) -> list[str]:
    fld = reg["res.users"].fields.get("tz")
    return list(fld.selection) if fld is not None and fld.selection else ["UTC"]


def _duration_hours(rec: dict) -> float:
    if rec.get("day_period") == "lunch" or rec.get("display_type"):
        return 0.0
    return round((rec.get("hour_to") or 0.0) - (rec.get("hour_from") or 0.0), 2)


def _user_calendar(db: Any, rec: dict) -> int | bool:
    """``res.users.resource_calendar_id``: related ``resource_ids.calendar_id`` (the first resource)."""
    resources = sorted(
        rid
        for rid, row in db.tables.get("resource.resource", {}).items()
        if row.get("user_id") == rec["id"] and row.get("active", True)
    )
    for rid in resources:
        cal = db.tables["resource.resource"][rid].get("calendar_id")
        if cal and db.exists("resource.calendar", cal):
            return cal
    return False


def _resource_defaults(db: Any, uid: int, vals: dict) -> dict:
    """Odoo 18's ``resource.resource.create``: the company's calendar, and the user's or calendar's tz."""
    out: dict[str, Any] = {}
    calendar = vals.get("calendar_id")
    if "calendar_id" not in vals:
        company = vals.get("company_id") or 1
        calendar = out["calendar_id"] = db.value("res.company", company, "resource_calendar_id") or False
    if not vals.get("tz"):
        user = vals.get("user_id")
        tz = (db.value("res.users", user, "tz") if user and db.exists("res.users", user) else False) or (
            db.value("resource.calendar", calendar, "tz") if calendar and db.exists("resource.calendar", calendar)
            else False)
        if tz:
            out["tz"] = tz
    return out


def setup(reg: Registry) -> None:
    tz = _tz_selection(reg)
    reg.define(
        "resource.calendar",
        "Resource Working Time",
        {
            "name": ("char", {"required": True}),
            "active": ("boolean", {"default": True}),
            "company_id": ("many2one", "res.company", {"default": 1}),
            "attendance_ids": (
                "one2many",
                "resource.calendar.attendance",
                {"inverse_name": "calendar_id", "string": "Working Time"},
            ),
            "hours_per_day": ("float", {"default": 8.0, "string": "Average Hour per Day"}),
            "tz": ("selection", {"selection": tz, "required": True, "default": "UTC", "string": "Timezone"}),
            "two_weeks_calendar": ("boolean", {"default": False, "string": "Calendar in 2 weeks mode"}),
            "flexible_hours": ("boolean", {"default": False}),
            "full_time_required_hours": ("float", {"default": 40.0, "string": "Company Full Time"}),
        },
        order="id",
    )
    reg.define(
        "resource.calendar.attendance",
        "Work Detail",
        {
            "name": ("char", {"required": True}),
            "dayofweek": (
                "selection",
                {"selection": [str(i) for i in range(7)], "required": True, "default": "0", "string": "Day of Week"},
            ),
            "date_from": ("date", {"string": "Starting Date"}),
            "date_to": ("date", {"string": "End Date"}),
            "hour_from": ("float", {"required": True, "string": "Work from"}),
            "hour_to": ("float", {"required": True, "string": "Work to"}),
            "duration_hours": ("float", {"store": False, "string": "Duration (hours)"}),
            "duration_days": ("float", {"store": False, "string": "Duration (days)"}),
            "calendar_id": (
                "many2one",
                "resource.calendar",
                {"required": True, "ondelete": "cascade", "string": "Resource's Calendar"},
            ),
            "day_period": (
                "selection",
                {"selection": ["morning", "lunch", "afternoon"], "required": True, "default": "morning"},
            ),
            "resource_id": ("many2one", "resource.resource", {"string": "Resource"}),
            "week_type": ("selection", {"selection": ["1", "0"], "string": "Week Number"}),
            "two_weeks_calendar": ("boolean", {"store": False}),
            "display_type": ("selection", {"selection": ["line_section"]}),
            "sequence": ("integer", {"default": 10}),
        },
        order="sequence, week_type, dayofweek, hour_from",
    )
    att = reg["resource.calendar.attendance"]
    att.fields["duration_hours"].compute = lambda db, rec: _duration_hours(rec)
    att.fields["duration_days"].compute = lambda db, rec: (
        0.0 if rec.get("day_period") == "lunch" else (1.0 if rec.get("day_period") == "full_day" else 0.5)
    )
    att.fields["two_weeks_calendar"].compute = lambda db, rec: bool(
        db.value("resource.calendar", rec.get("calendar_id"), "two_weeks_calendar")
    )
    reg.define(
        "resource.resource",
        "Resources",
        {
            "name": ("char", {"required": True}),
            "active": ("boolean", {"default": True}),
            "company_id": ("many2one", "res.company", {"default": 1}),
            "resource_type": ("selection", {"selection": ["user", "material"], "default": "user", "required": True}),
            "user_id": ("many2one", "res.users", {"ondelete": "cascade"}),
            "calendar_id": ("many2one", "resource.calendar", {"string": "Working Time"}),
            "tz": ("selection", {"selection": tz, "required": True, "default": "UTC", "string": "Timezone"}),
            "time_efficiency": ("float", {"default": 100.0}),
        },
        order="name",
    )
    reg["resource.resource"].defaults.append(_resource_defaults)
    users = reg["res.users"]
    users.set("resource_ids", type="one2many", relation="resource.resource", inverse_name="user_id")
    users.set(
        "resource_calendar_id",
        type="many2one",
        relation="resource.calendar",
        store=False,
        compute=_user_calendar,
        string="Default Working Hours",
    )
    reg["res.company"].set(
        "resource_calendar_id",
        type="many2one",
        relation="resource.calendar",
        string="Default Working Hours",
    )


def seed(db: Any) -> None:
    """The company's standard calendar, as a real Odoo 18 database holds it (recorded on the real server)."""
    from .seed import _make

    if db.xmlid_to_res_id(STD_CALENDAR):
        return
    lines = [
        (
            0,
            0,
            {"name": f"{day} {label}", "dayofweek": str(i), "hour_from": start, "hour_to": stop, "day_period": period},
        )
        for i, day in enumerate(DAYS[:5])
        for period, label, start, stop in PERIODS
    ]
    cal = _make(
        db,
        "resource.calendar",
        STD_CALENDAR,
        {"name": "Standard 40 hours/week", "tz": "UTC", "company_id": 1, "attendance_ids": lines},
    )
    db.write_records("res.company", [1], {"resource_calendar_id": cal})


# ---------------------------------------------------------------------------------------------- intervals


def working_hours(db: Any, user_id: int) -> tuple[int | bool, ZoneInfo, int | bool]:
    """(calendar, timezone, resource) of a user's working hours, as the addon takes them: the calendar of
    the user's first resource, else its company's, else the standard calendar; the resource's timezone when
    the user has a resource, else the calendar's (a required field; UTC if it names no known zone)."""
    resources = [
        r for r in db.value("res.users", user_id, "resource_ids") if db.value("resource.resource", r, "active")
    ]
    resource = resources[0] if resources else False
    row = db.tables["resource.resource"][resource] if resource else {}
    company = db.tables["res.users"].get(user_id, {}).get("company_id") or 1
    calendar = (
        (row.get("calendar_id") if row else False)
        or db.value("res.company", company, "resource_calendar_id")
        or db.xmlid_to_res_id(STD_CALENDAR)
    )
    cal = db.tables.get("resource.calendar", {}).get(calendar) or {}
    return calendar, _zone(row.get("tz") if row else cal.get("tz")), resource


def _zone(name: Any) -> ZoneInfo:
    return rules.hours.zone(name)


def working_intervals(
    db: Any,
    calendar_id: int | bool,
    start: datetime,
    end: datetime,
    zone: ZoneInfo | None = None,
    resource: int | bool = False,
) -> list[tuple[datetime, datetime]]:
    """The calendar's working intervals (naive UTC, sorted) that meet ``[start, end)``, read in ``zone`` (else
    the calendar's tz)."""
    if not calendar_id or not db.exists("resource.calendar", calendar_id):
        return []
    cal = db.tables["resource.calendar"][calendar_id]
    lines = [row for row in db.tables.get("resource.calendar.attendance", {}).values()
             if row.get("calendar_id") == calendar_id]
    return rules.hours.working_intervals(lines, start, end, zone or _zone(cal.get("tz")),
                                         bool(cal.get("two_weeks_calendar")), resource)
