# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomK9Case


@tagged("post_install", "-at_install")
class TestCustomK9Rental(CustomK9Case):

    def _order(self, **vals):
        return self.env["sale.order"].with_user(self.integration).create(
            dict({"partner_id": self.portal_a.partner_id.id}, **vals))

    def test_rental_period_must_be_positive(self):
        start = datetime(2030, 5, 1, 9, 0)
        with self.assertRaises(ValidationError):
            self._order(is_rental=True, rental_start=start, rental_end=start)
        with self.assertRaises(ValidationError):
            self._order(is_rental=True, rental_start=start, rental_end=start - timedelta(days=1))
        with self.assertRaises(ValidationError):
            self._order(is_rental=True, rental_start=start)
        order = self._order(is_rental=True, rental_start=start, rental_end=start + timedelta(days=3))
        self.assertTrue(order.is_rental)
        with self.assertRaises(ValidationError):
            order.write({"rental_end": start - timedelta(hours=1)})

    def test_non_rental_order_ignores_period(self):
        start = datetime(2030, 5, 1, 9, 0)
        order = self._order(rental_start=start, rental_end=start)
        self.assertFalse(order.is_rental)
