# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Booking API: trainer slots, booking, rescheduling and cancelling sessions."""
from datetime import timedelta

from pytz import timezone, utc

from odoo import fields
from odoo.tests import tagged

from .booking_common import BookingCase, ts


@tagged("post_install", "-at_install")
class TestBookingSessions(BookingCase):

    def book(self, start, minutes=60, partner=None, dog=None, trainer=None, **kw):
        return self.call("book_session", (partner or self.client_a).id, (trainer or self.trainer).id,
                         (dog or self.dog_a).id, start, minutes, **kw)

    def sessions(self):
        return self.env["calendar.event"].search_count([("user_id", "in", (self.trainer | self.trainer2).ids)])

    def soon_session(self, hours):
        """A session of client A starting in ``hours`` (made directly: too soon for book_session's hours)."""
        start = fields.Datetime.now() + timedelta(hours=hours)
        return self.env["calendar.event"].create({
            "name": "Soon", "start": start, "stop": start + timedelta(hours=1), "user_id": self.trainer.id,
            "partner_ids": [(6, 0, (self.client_a | self.trainer.partner_id).ids)], "privacy": "public"})

    def test_working_hours_source(self):
        self.assertFalse(self.trainer.resource_calendar_id)  # no resource.resource without hr
        calendar, resource, tz = self.env["customk9.booking"]._trainer_calendar(self.trainer)
        self.assertEqual((calendar, resource, tz.key), (self.calendar, self.env["resource.resource"], "UTC"))

    def test_available_slots(self):
        result = self.call("available_slots", self.trainer.id, self.at(0), self.at(0, day=1), 60)
        self.assertEqual(set(result), {"ok", "slots", "time_zone"})
        self.assertEqual(result["time_zone"], "UTC")
        starts = [s[0][11:16] for s in result["slots"]]
        self.assertEqual(starts, ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00",
                                  "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00"])
        self.assertEqual(result["slots"][0], [self.at(8), self.at(9)])
        self.assertTrue(self.book(self.at(9))["ok"])
        # the trainer as an attendee of someone else's event is busy too
        self.env["calendar.event"].create({"name": "Vet", "start": self.at(14), "stop": self.at(14, 30),
                                           "partner_ids": [(6, 0, self.trainer.partner_id.ids)]})
        starts = [s[0][11:16] for s in self.call("available_slots", self.trainer.id, self.at(0), self.at(0, day=1),
                                                  60)["slots"]]
        self.assertEqual(starts, ["08:00", "10:00", "10:30", "11:00", "13:00", "14:30", "15:00", "15:30",
                                  "16:00"])
        # clipped period, 90 minutes, weekend empty
        result = self.call("available_slots", self.trainer2.id, self.at(10, 10), self.at(13, 0), 90)
        self.assertEqual(result["slots"], [[self.at(10, 30), self.at(12)]])
        self.assertEqual(self.call("available_slots", self.trainer.id, self.at(0, day=5), self.at(0, day=7),
                                   30)["slots"], [])

    def los_angeles_hours(self, trainer):
        """A calendar of the trainer's own, Mon-Fri 08-12 and 13-17 in Los Angeles, through a resource made
        without a tz (Odoo gives it the calendar's, the user having none)."""
        calendar = self.env["resource.calendar"].create({
            "name": "LA hours", "tz": "America/Los_Angeles",
            "attendance_ids": [(0, 0, {"name": f"{day} {period}", "dayofweek": str(day), "hour_from": start,
                                       "hour_to": stop, "day_period": period})
                               for day in range(5) for period, start, stop in (("morning", 8, 12),
                                                                                 ("afternoon", 13, 17))]})
        trainer.tz = False
        resource = self.env["resource.resource"].create({"name": trainer.name, "user_id": trainer.id,
                                                         "calendar_id": calendar.id})
        self.assertEqual(resource.tz, "America/Los_Angeles")
        return calendar

    def test_slots_in_the_calendar_zone_across_daylight_saving(self):
        self.los_angeles_hours(self.trainer)
        # US summer time starts on Sunday 2030-03-10: 08:00 in Los Angeles is 16:00 UTC before, 15:00 after
        result = self.call("available_slots", self.trainer.id, "2030-03-04 00:00:00", "2030-03-16 00:00:00", 60)
        self.assertEqual(result["time_zone"], "America/Los_Angeles")
        firsts = {}
        for start, _stop in result["slots"]:
            local = utc.localize(fields.Datetime.from_string(start)).astimezone(timezone("America/Los_Angeles"))
            self.assertLess(local.weekday(), 5)
            self.assertTrue(8 <= local.hour < 12 or 13 <= local.hour < 17, start)
            self.assertIn(local.minute, (0, 30))
            firsts.setdefault(local.date().isoformat(), start[11:16])
        self.assertEqual(len(firsts), 10)
        self.assertEqual(firsts["2030-03-08"], "16:00")
        self.assertEqual(firsts["2030-03-11"], "15:00")
        self.assertTrue(self.book("2030-03-11 15:00:00")["ok"])
        self.assertRefused(self.book("2030-03-08 15:00:00"), "OUTSIDE_WORKING_HOURS", "start")

    def test_working_time_zones(self):
        self.los_angeles_hours(self.trainer)
        result = self.call("working_time_zones", [self.trainer.id, self.trainer2.id, self.staff.id, 999999999])
        self.assertEqual(result, {"ok": True, "time_zones": {
            str(self.trainer.id): "America/Los_Angeles", str(self.trainer2.id): "UTC", str(self.staff.id): "UTC"}})
        for bad in ("1", [True], ["1"], list(range(1001))):
            self.assertRefused(self.call("working_time_zones", bad), "VALIDATION", "trainer_user_ids")

    def test_available_slots_refusals(self):
        self.assertRefused(self.call("available_slots", self.staff.id, self.at(0), self.at(24), 60),
                           "NOT_FOUND", "trainerId")
        self.assertRefused(self.call("available_slots", 999999999, self.at(0), self.at(24), 60),
                           "NOT_FOUND", "trainerId")
        for minutes in (0, 10, 20, 255, "60", True):
            self.assertRefused(self.call("available_slots", self.trainer.id, self.at(0), self.at(24), minutes),
                               "VALIDATION", "duration_minutes")
        self.assertRefused(self.call("available_slots", self.trainer.id, "2030-01-07", self.at(24), 60),
                           "VALIDATION", "start")
        self.assertRefused(self.call("available_slots", self.trainer.id, self.at(9), self.at(9), 60),
                           "INVALID_PERIOD")
        self.assertRefused(self.call("available_slots", self.trainer.id, self.at(0), self.at(0, day=32), 60),
                           "INVALID_PERIOD")

    def test_book_session(self):
        plan = self.env["project.project"].create({"name": "Rex plan", "partner_id": self.client_a.id})
        result = self.book(self.at(13, 30), 90, plan_id=plan.id)
        self.assertEqual(set(result), {"ok", "session_id"})
        session = self.env["calendar.event"].browse(result["session_id"])
        self.assertEqual(session.name, "Training session: Rex")
        self.assertEqual((ts(session.start), ts(session.stop)), (self.at(13, 30), self.at(15)))
        self.assertEqual((session.user_id, session.dog_id, session.training_plan_id),
                         (self.trainer, self.dog_a, plan))
        self.assertEqual(session.partner_ids, self.client_a | self.trainer.partner_id)
        self.assertEqual((session.privacy, session.location), ("public", "CustomK9 Training Center"))
        # back to back is fine, the other trainer is free at the same time
        self.assertTrue(self.book(self.at(15))["ok"])
        self.assertTrue(self.book(self.at(13, 30), 90, trainer=self.trainer2)["ok"])

    def test_book_session_refusals(self):
        self.assertTrue(self.book(self.at(10))["ok"])
        archived = self.env["customk9.dog"].create({"name": "Old", "owner_id": self.client_a.id, "active": False})
        other_plan = self.env["project.project"].create({"name": "B plan", "partner_id": self.client_b.id})
        before = self.sessions()
        cases = (
            (self.book(self.at(10, 30)), "SLOT_TAKEN", "start"),
            (self.book(self.at(9, 30)), "SLOT_TAKEN", "start"),
            (self.book(self.at(11, 30)), "OUTSIDE_WORKING_HOURS", "start"),  # over lunch
            (self.book(self.at(7, 30)), "OUTSIDE_WORKING_HOURS", "start"),
            (self.book(self.at(16, 30)), "OUTSIDE_WORKING_HOURS", "start"),
            (self.book(self.at(9, day=5)), "OUTSIDE_WORKING_HOURS", "start"),  # Saturday
            (self.book(ts(fields.Datetime.now() - timedelta(days=1))), "VALIDATION", "start"),
            (self.book("tomorrow"), "VALIDATION", "start"),
            (self.book(self.at(14), 50), "VALIDATION", "duration_minutes"),
            (self.book(self.at(14), 300), "VALIDATION", "duration_minutes"),
            (self.book(self.at(14), dog=self.dog_b), "NOT_FOUND", "dog_id"),  # another's dog
            (self.book(self.at(14), dog=archived), "NOT_FOUND", "dog_id"),
            (self.book(self.at(14), trainer=self.staff), "NOT_FOUND", "trainerId"),
            (self.book(self.at(14), plan_id=other_plan.id), "NOT_FOUND", "plan_id"),
            (self.book(self.at(14), plan_id=999999999), "NOT_FOUND", "plan_id"),
        )
        for result, code, field in cases:
            self.assertRefused(result, code, field)
        self.assertEqual(self.sessions(), before)

    def test_book_session_idempotency(self):
        first = self.book(self.at(10), idempotency_key="session-key-1")
        self.assertEqual(self.book(self.at(10), idempotency_key="session-key-1"), first)
        self.assertRefused(self.book(self.at(10), partner=self.client_b, dog=self.dog_b,
                                     idempotency_key="session-key-1"), "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
        self.assertEqual(self.sessions(), 1)

    def test_reschedule_session(self):
        session_id = self.book(self.at(10))["session_id"]
        result = self.call("reschedule_session", self.client_a.id, session_id, self.at(10, 30), 60, 24)
        self.assertEqual(result, {"ok": True, "session_id": session_id})  # overlapping itself is fine
        session = self.env["calendar.event"].browse(session_id)
        self.assertEqual((ts(session.start), ts(session.stop)), (self.at(10, 30), self.at(11, 30)))
        self.assertTrue(self.call("reschedule_session", self.client_a.id, session_id, self.at(14), 120, 24)["ok"])
        self.assertEqual(ts(session.stop), self.at(16))

    def test_reschedule_session_refusals(self):
        session_id = self.book(self.at(10))["session_id"]
        self.book(self.at(14))
        soon = self.soon_session(hours=2)
        cases = (
            (self.client_b.id, session_id, self.at(9), 60, 24, "NOT_FOUND", "session_id"),  # another's
            (self.client_a.id, 999999999, self.at(9), 60, 24, "NOT_FOUND", "session_id"),
            (self.client_a.id, soon.id, self.at(9), 60, 24, "TOO_LATE_TO_CANCEL", "session_id"),
            (self.client_a.id, session_id, self.at(14, 30), 60, 24, "SLOT_TAKEN", "start"),
            (self.client_a.id, session_id, self.at(16, 30), 60, 24, "OUTSIDE_WORKING_HOURS", "start"),
            (self.client_a.id, session_id, self.at(9), 25, 24, "VALIDATION", "duration_minutes"),
        )
        for partner_id, sid, start, minutes, notice, code, field in cases:
            result = self.call("reschedule_session", partner_id, sid, start, minutes, notice)
            self.assertRefused(result, code, field)
        self.assertEqual(ts(self.env["calendar.event"].browse(session_id).start), self.at(10))
        self.assertTrue(self.call("reschedule_session", self.client_a.id, soon.id, self.at(9), 60, 1)["ok"])

    def test_cancel_session(self):
        session_id = self.book(self.at(10))["session_id"]
        soon = self.soon_session(hours=2)
        self.assertRefused(self.call("cancel_session", self.client_b.id, session_id, 24), "NOT_FOUND",
                           "session_id")
        self.assertRefused(self.call("cancel_session", self.client_a.id, soon.id, 24), "TOO_LATE_TO_CANCEL")
        self.assertTrue(soon.active)
        self.assertEqual(self.call("cancel_session", self.client_a.id, session_id, 24),
                         {"ok": True, "session_id": session_id})
        self.assertFalse(self.env["calendar.event"].browse(session_id).active)
        self.assertRefused(self.call("cancel_session", self.client_a.id, session_id, 24), "NOT_FOUND")
        self.assertTrue(self.book(self.at(10))["ok"])  # the slot is free again
