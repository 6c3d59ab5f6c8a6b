# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests.common import new_test_user

from .common import CustomK9Case

MONDAY = datetime(2030, 1, 7)  # a Monday, far enough in the future


def ts(value):
    return fields.Datetime.to_string(value)


class BookingCase(CustomK9Case):
    """Two clients (portal A and B) with dogs, a trainer with the company's standard hours in UTC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        calendar = env.company.resource_calendar_id or env.ref("resource.resource_calendar_std")
        calendar.tz = "UTC"
        cls.calendar = calendar
        cls.client_a = cls.portal_a.partner_id
        cls.client_b = cls.portal_b.partner_id
        cls.trainer2 = new_test_user(env, login="ck9_trainer2", groups="customk9.group_customk9_trainer",
                                     name="Trainer Two")
        cls.staff = new_test_user(env, login="ck9_staff", groups="base.group_user", name="Plain staff")
        cls.manager = new_test_user(env, login="ck9_manager", groups="base.group_erp_manager,base.group_user",
                                    name="Access manager")
        cls.booking = env["customk9.booking"].with_user(cls.integration)

    def call(self, method, *args, **kwargs):
        return getattr(self.booking, method)(*args, **kwargs)

    def assertRefused(self, result, code, field=None):
        self.assertEqual(result["ok"], False, result)
        self.assertEqual(result["code"], code, result)
        self.assertEqual(set(result), {"ok", "code", "field", "message"})
        self.assertTrue(result["message"])
        if field is not None:
            self.assertEqual(result["field"], field, result)

    def at(self, hour, minute=0, day=0):
        return ts(MONDAY + timedelta(days=day, hours=hour, minutes=minute))
