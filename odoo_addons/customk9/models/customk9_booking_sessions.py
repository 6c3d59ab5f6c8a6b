# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Training sessions (calendar.event) of the booking API: slots, booking, rescheduling, cancelling.

Working hours come from the trainer's ``resource_calendar_id``. On a server without ``hr`` users have no
``resource.resource`` record unless one is made for them (the demo data does), so that field is empty and
the company's calendar is used (else Odoo's ``resource.resource_calendar_std``: Mon-Fri 08-12 and 13-17).
Times are read, as Odoo's own ``_attendance_intervals_batch`` reads them, in the trainer's resource time zone
if there is a resource, else in the calendar's ``tz`` (UTC if it names no zone pytz knows). That zone is the
one ``available_slots`` and ``working_time_zones`` name, so a client shows "08:00" where the trainer works,
and DST is applied day by day (08:00 in Los Angeles is 16:00 UTC in winter, 15:00 in summer). Lunch lines
are skipped and a session must fit inside one attendance interval. Calendar leaves (holidays) are not
applied, as in the emulator.

Concurrency: every booking or move of a trainer's time locks and touches the trainer's ``res_users`` row.
"""
from datetime import timedelta

from pytz import UnknownTimeZoneError, timezone, utc

from odoo import api, fields, models

from .customk9_booking import Refusal, booking_method

SLOT_STEP = timedelta(minutes=30)
MAX_SLOT_PERIOD = timedelta(days=31)
LOCATION = "CustomK9 Training Center"


class CustomK9BookingSessions(models.AbstractModel):
    _inherit = "customk9.booking"

    # ------------------------------------------------------------------ helpers

    @api.model
    def _duration(self, duration_minutes):
        minutes = self._int(duration_minutes)
        if minutes is None or not 15 <= minutes <= 240 or minutes % 15:
            raise Refusal("VALIDATION", "duration_minutes",
                          self.env._("A session lasts 15 to 240 minutes, in steps of 15 minutes."))
        return timedelta(minutes=minutes)

    @api.model
    def _trainer_calendar(self, trainer):
        """(calendar, resource or empty, tz) that define the trainer's working hours."""
        resource = trainer.resource_ids[:1]
        calendar = (resource.calendar_id or trainer.company_id.resource_calendar_id
                    or self.env.ref("resource.resource_calendar_std"))
        name = resource.tz if resource else calendar.tz
        try:
            tz = timezone(name or "UTC")
        except UnknownTimeZoneError:
            tz = utc
        return calendar, resource, tz

    @api.model
    def _working_intervals(self, trainer, start, stop):
        """The trainer's attendance intervals within [start, stop] as naive UTC (start, stop) pairs."""
        calendar, resource, tz = self._trainer_calendar(trainer)
        found = calendar._attendance_intervals_batch(
            utc.localize(start), utc.localize(stop), resources=resource or None, tz=tz)
        intervals = found[resource.id if resource else False]
        return [(a.astimezone(utc).replace(tzinfo=None), b.astimezone(utc).replace(tzinfo=None), tz)
                for a, b, _records in intervals]

    @api.model
    def _check_working_hours(self, trainer, start, stop):
        day = timedelta(days=1)
        if not any(a <= start and stop <= b for a, b, _tz in self._working_intervals(trainer, start - day,
                                                                                    stop + day)):
            raise Refusal("OUTSIDE_WORKING_HOURS", "start",
                          self.env._("The session is outside the trainer's working hours."))

    @api.model
    def _busy_domain(self, trainer, start, stop):
        return [("start", "<", stop), ("stop", ">", start),
                "|", ("user_id", "=", trainer.id), ("partner_ids", "in", trainer.partner_id.ids)]

    @api.model
    def _check_free(self, trainer, start, stop, exclude=None):
        domain = self._busy_domain(trainer, start, stop)
        if exclude:
            domain.append(("id", "!=", exclude.id))
        if self.env["calendar.event"].search_count(domain, limit=1):
            raise Refusal("SLOT_TAKEN", "start", self.env._("The trainer is not free at this time."))

    @api.model
    def _future_start(self, start):
        if start <= self._now():
            raise Refusal("VALIDATION", "start", self.env._("The session must start in the future."))

    @api.model
    def _session(self, partner, session_id):
        """The client's session (the client is an attendee); archived or another's -> NOT_FOUND."""
        session = self.env["calendar.event"].browse(self._int(session_id) or []).exists()
        if (not session or not session.active or not session.user_id
                or partner not in session.partner_ids.commercial_partner_id):
            raise Refusal("NOT_FOUND", "session_id", self.env._("This session does not exist."))
        return session

    @api.model
    def _check_notice(self, start, notice_hours):
        if isinstance(notice_hours, bool) or not isinstance(notice_hours, (int, float)) or notice_hours < 0:
            raise Refusal("VALIDATION", "notice_hours", self.env._("The notice is a number of hours."))
        if start <= self._now() + timedelta(hours=notice_hours):
            raise Refusal("TOO_LATE_TO_CANCEL", "session_id",
                          self.env._("Sessions can be changed up to %s hours before they start.", notice_hours))

    # ------------------------------------------------------------------ API

    @api.model
    @booking_method
    def working_time_zones(self, trainer_user_ids):
        """The IANA time zone each user's working hours are read in (the organisers of sessions, trainers
        mostly): ``{"ok": True, "time_zones": {"<user id>": "America/Los_Angeles"}}``; unknown ids are left
        out."""
        if not isinstance(trainer_user_ids, list) or len(trainer_user_ids) > 1000 or any(
                self._int(uid) is None for uid in trainer_user_ids):
            raise Refusal("VALIDATION", "trainer_user_ids", self.env._("Give a list of at most 1000 user ids."))
        users = self.env["res.users"].with_context(active_test=False).browse(sorted(set(trainer_user_ids)))
        return {"ok": True, "time_zones": {
            str(user.id): self._trainer_calendar(user)[2].zone for user in users.exists()}}

    @api.model
    @booking_method
    def available_slots(self, trainer_user_id, start, end, duration_minutes):
        """Free slots of ``duration_minutes`` on 30-minute boundaries of the trainer's local time:
        ``{"ok": True, "slots": [[a, b]], "time_zone": "<IANA name>"}`` (slots in UTC)."""
        trainer = self._trainer(trainer_user_id)
        duration = self._duration(duration_minutes)
        start, end = self._datetime(start, "start"), self._datetime(end, "end")
        if end <= start or end - start > MAX_SLOT_PERIOD:
            raise Refusal("INVALID_PERIOD", "end", self.env._("Ask for a period of at most 31 days."))
        busy = self.env["calendar.event"].search_read(self._busy_domain(trainer, start, end), ["start", "stop"])
        now = self._now()
        slots = []
        for a, b, tz in self._working_intervals(trainer, start, end):
            local = utc.localize(a).astimezone(tz)
            first = local.replace(minute=local.minute // 30 * 30, second=0, microsecond=0)
            if first < local:
                first += SLOT_STEP
            slot = first.astimezone(utc).replace(tzinfo=None)
            while slot + duration <= b:
                stop = slot + duration
                if slot > now and not any(e["start"] < stop and e["stop"] > slot for e in busy):
                    slots.append([fields.Datetime.to_string(slot), fields.Datetime.to_string(stop)])
                slot += SLOT_STEP
        return {"ok": True, "slots": slots, "time_zone": self._trainer_calendar(trainer)[2].zone}

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
        duration = self._duration(duration_minutes)
        start = self._datetime(start, "start")
        self._future_start(start)
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
            "location": LOCATION,
        })
        return {"ok": True, "session_id": session.id}

    @api.model
    @booking_method
    def reschedule_session(self, partner_id, session_id, start, duration_minutes, notice_hours):
        """Move a client's session (same trainer): ``{"ok": True, "session_id"}``."""
        partner = self._partner(partner_id)
        session = self._session(partner, session_id)
        self._check_notice(session.start, notice_hours)
        duration = self._duration(duration_minutes)
        start = self._datetime(start, "start")
        self._future_start(start)
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
        self._check_notice(session.start, notice_hours)
        session.write({"active": False})
        return {"ok": True, "session_id": session.id}
