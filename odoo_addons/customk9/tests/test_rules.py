# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The booking rules (``customk9/rules``) as the addon imports them: the shared cases, which the project's
pytest also runs against the rules as the emulator loads them, and the rules against Odoo's own reading of
working hours."""
from datetime import datetime

from pytz import timezone, utc

from odoo.addons.customk9 import rules
from odoo.addons.customk9.rules import cases
from odoo.tests import tagged

from .booking_common import BookingCase


@tagged("post_install", "-at_install")
class TestRules(BookingCase):

    def test_shared_cases(self):
        failures = [failure for failure in (cases.check(rules, case) for case in cases.CASES) if failure]
        self.assertEqual(failures, [])
        self.assertIsNotNone(cases.check(rules, ("rentals", "free_units", (5.0, 2.0), 4)))

    def test_working_hours_as_odoo_reads_them(self):
        """The rule's intervals are those of ``resource.calendar._attendance_intervals_batch`` (merged), in
        a zone with daylight saving, over the change of time."""
        calendar = self.calendar.copy({"tz": "America/Los_Angeles"})
        start, stop = datetime(2030, 3, 4), datetime(2030, 3, 16)
        odoo = calendar._attendance_intervals_batch(utc.localize(start), utc.localize(stop),
                                                    tz=timezone(calendar.tz))[False]
        expected = [(a.astimezone(utc).replace(tzinfo=None), b.astimezone(utc).replace(tzinfo=None))
                    for a, b, _records in odoo]
        lines = calendar.attendance_ids.read(
            ["dayofweek", "hour_from", "hour_to", "day_period", "display_type", "date_from", "date_to",
             "week_type", "resource_id"], load=None)
        found = rules.hours.working_intervals(lines, start, stop, rules.hours.zone(calendar.tz),
                                              calendar.two_weeks_calendar)
        self.assertEqual([i for i in found if start <= i[0] and i[1] <= stop], expected)
        self.assertTrue(expected)

    def test_refusals_reach_the_answer(self):
        booking = self.env["customk9.booking"]
        answer = booking.available_slots(self.trainer.id, "2030-01-07 00:00:00", "2030-02-08 00:00:00", 60)
        self.assertEqual((answer["ok"], answer["code"], answer["field"]), (False, "INVALID_PERIOD", "end"))
        self.assertEqual(answer["message"], "Ask for a period of at most 31 days.")
        answer = booking.create_rental(self.client_a.id, [{"product_id": 1, "quantity": 21}],
                                       "2030-01-07 00:00:00", "2030-01-08 00:00:00")
        self.assertEqual((answer["code"], answer["field"]), ("VALIDATION", "lines"))
        self.assertEqual(answer["message"], "Rent 1 to 20 units of a product.")
