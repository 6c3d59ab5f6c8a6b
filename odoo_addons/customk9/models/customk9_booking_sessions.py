# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Training sessions (calendar.event) of the booking API: slots, booking, rescheduling, cancelling.

The rules (duration, start, working hours in a time zone, overlaps, notice, slots) are ``..rules.sessions``
and ``..rules.hours``; this module reads the trainer's calendar and events and writes the session.

Working hours come from the trainer's ``resource_calendar_id``. On a server without ``hr`` users have no
``resource.resource`` record unless one is made for them (the demo data does), so that field is empty and
the company's calendar is used (else Odoo's ``resource.resource_calendar_std``: Mon-Fri 08-12 and 13-17).
Times are read, as Odoo's own ``_attendance_intervals_batch`` reads them, in the trainer's resource time zone
if there is a resource, else in the calendar's ``tz`` (UTC if it names no zone zoneinfo knows). That zone is the
one ``available_slots`` and ``working_time_zones`` name, so a client shows "08:00" where the trainer works,
and DST is applied day by day (08:00 in Los Angeles is 16:00 UTC in winter, 15:00 in summer). Lunch lines
are skipped and a session must fit inside one attendance interval. Calendar leaves (holidays) are not
applied, as in the emulator.

Concurrency: every booking or move of a trainer's time locks and touches the trainer's ``res_users`` row.
"""
from datetime import timedelta

from odoo import api, models

from ..rules import hours, sessions as rule
from .customk9_booking import Refusal, booking_method

ATTENDANCE_FIELDS = ["dayofweek", "hour_from", "hour_to", "day_period", "display_type", "date_from", "date_to",
                     "week_type", "resource_id"]


class CustomK9BookingSessions(models.AbstractModel):
    _inherit = "customk9.booking"

    # ------------------------------------------------------------------ helpers

    @api.model
    def _trainer_calendar(self, trainer):
        """(calendar, resource or empty, zone) that define the trainer's working hours."""
        resource = trainer.resource_ids[:1]
        calendar = (resource.calendar_id or trainer.company_id.resource_calendar_id
                    or self.env.ref("resource.resource_calendar_std"))
        return calendar, resource, hours.zone(resource.tz if resource else calendar.tz)

    @api.model
    def _working_intervals(self, trainer, start, stop):
        """The trainer's working intervals meeting [start, stop] as naive UTC (start, stop) pairs."""
        calendar, resource, tz = self._trainer_calendar(trainer)
        lines = calendar.attendance_ids.read(ATTENDANCE_FIELDS, load=None)
        return hours.working_intervals(lines, start, stop, tz, calendar.two_weeks_calendar, resource.id or False)

    @api.model
    def _check_working_hours(self, trainer, start, stop):
        day = timedelta(days=1)
        rule.within_hours(self._working_intervals(trainer, start - day, stop + day), start, stop)

    @api.model
    def _busy_domain(self, trainer, start, stop):
        return [("start", "<", stop), ("stop", ">", start),
                "|", ("user_id", "=", trainer.id), ("partner_ids", "in", trainer.partner_id.ids)]

    @api.model
    def _check_free(self, trainer, start, stop, exclude=None):
        domain = self._busy_domain(trainer, start, stop)
        if exclude:
            domain.append(("id", "!=", exclude.id))
        busy = self.env["calendar.event"].search_read(domain, ["start", "stop"], limit=1)
        rule.free([(event["start"], event["stop"]) for event in busy], start, stop)

    @api.model
    def _session(self, partner, session_id):
        """The client's session (the client is an attendee); archived or another's -> NOT_FOUND."""
        session = self.env["calendar.event"].browse(self._int(session_id) or []).exists()
        if (not session or not session.active or not session.user_id
                or partner not in session.partner_ids.commercial_partner_id):
            raise Refusal("NOT_FOUND", "session_id", self.env._("This session does not exist."))
        return session

    # ------------------------------------------------------------------ API

    @api.model
    @booking_method
    def working_time_zones(self, trainer_user_ids):
        """The IANA time zone each user's working hours are read in (the organisers of sessions, trainers
        mostly): ``{"ok": True, "time_zones": {"<user id>": "America/Los_Angeles"}}``; unknown ids are left
        out."""
        users = self.env["res.users"].with_context(active_test=False).browse(rule.user_ids(trainer_user_ids))
        return {"ok": True, "time_zones": {
            str(user.id): self._trainer_calendar(user)[2].key for user in users.exists()}}

    @api.model
    @booking_method
    def available_slots(self, trainer_user_id, start, end, duration_minutes):
        """Free slots of ``duration_minutes`` on 30-minute boundaries of the trainer's local time:
        ``{"ok": True, "slots": [[a, b]], "time_zone": "<IANA name>"}`` (slots in UTC)."""
        trainer = self._trainer(trainer_user_id)
        length = rule.duration(duration_minutes)
        start, end = rule.slot_period(start, end)
        busy = self.env["calendar.event"].search_read(self._busy_domain(trainer, start, end), ["start", "stop"])
        slots = rule.free_slots(self._working_intervals(trainer, start, end), self._trainer_calendar(trainer)[2],
                                start, end, length, self._now(), [(e["start"], e["stop"]) for e in busy])
        return {"ok": True, "slots": slots, "time_zone": self._trainer_calendar(trainer)[2].key}

    @api.model
    @booking_method
    def book_session(self, partner_id, trainer_user_id, dog_id, start, duration_minutes, plan_id=False,
                     idempotency_key=False):
        """Book a training session with a trainer: ``{"ok": True, "session_id"}``."""
        return self._idempotent(idempotency_key, "book_session", partner_id, lambda: self._book_session(
            partner_id, trainer_user_id, dog_id, start, duration_minutes, plan_id), {
            "partner_id": partner_id, "trainer_user_id": trainer_user_id, "dog_id": dog_id, "start": start,
            "duration_minutes": duration_minutes, "plan_id": plan_id})

    @api.model
    def _book_session(self, partner_id, trainer_user_id, dog_id, start, duration_minutes, plan_id):
        partner = self._partner(partner_id)
        trainer = self._trainer(trainer_user_id)
        dog = self._dog(partner, dog_id)
        plan = self.env["project.project"]
        if plan_id:
            plan = plan.browse(self._int(plan_id) or []).exists()
            if not plan or not self._owns(partner, plan.partner_id):
                raise Refusal("NOT_FOUND", "plan_id", self.env._("This training plan does not exist."))
        duration = rule.duration(duration_minutes)
        start = self._datetime(start, "start")
        rule.future_start(start, self._now())
        stop = start + duration
        self._check_working_hours(trainer, start, stop)
        self._lock("res_users", [trainer.id])
        self._check_free(trainer, start, stop)
        self._touch("res.users", [trainer.id])
        session = self.env["calendar.event"].create({
            "name": self.env._("Training session: %s", dog.name),
            "start": start,
            "stop": stop,
            "user_id": trainer.id,
            "partner_ids": [(6, 0, (partner | trainer.partner_id).ids)],
            "dog_id": dog.id,
            "training_plan_id": plan.id,
            "privacy": "public",
            "location": rule.LOCATION,
        })
        return {"ok": True, "session_id": session.id}

    @api.model
    @booking_method
    def reschedule_session(self, partner_id, session_id, start, duration_minutes, notice_hours):
        """Move a client's session (same trainer): ``{"ok": True, "session_id"}``."""
        partner = self._partner(partner_id)
        session = self._session(partner, session_id)
        rule.notice(session.start, notice_hours, self._now())
        duration = rule.duration(duration_minutes)
        start = self._datetime(start, "start")
        rule.future_start(start, self._now())
        stop = start + duration
        trainer = session.user_id
        self._check_working_hours(trainer, start, stop)
        self._lock("res_users", [trainer.id])
        self._check_free(trainer, start, stop, exclude=session)
        self._touch("res.users", [trainer.id])
        session.write({"start": start, "stop": stop})
        return {"ok": True, "session_id": session.id}

    @api.model
    @booking_method
    def cancel_session(self, partner_id, session_id, notice_hours):
        """Cancel (archive) a client's session: ``{"ok": True, "session_id"}``."""
        partner = self._partner(partner_id)
        session = self._session(partner, session_id)
        rule.notice(session.start, notice_hours, self._now())
        session.write({"active": False})
        return {"ok": True, "session_id": session.id}
