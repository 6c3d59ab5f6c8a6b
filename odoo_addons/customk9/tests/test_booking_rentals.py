# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Booking API: equipment availability, rentals and their cancellation."""
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .booking_common import BookingCase, ts


@tagged("post_install", "-at_install")
class TestBookingRentals(BookingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Category = env["product.category"]
        root = Category.search([("name", "=", "Rental Equipment")], limit=1) or Category.create(
            {"name": "Rental Equipment"})
        cls.crates = Category.create({"name": "Crates", "parent_id": root.id})
        cls.crate = cls._product("Test crate", cls.crates, qty=3, price=6.0)
        cls.pen = cls._product("Test pen", root, qty=1, price=5.0)
        cls.not_rental = cls._product("Test leash", Category.create({"name": "Shop"}), qty=10, price=1.0)

    @classmethod
    def _product(cls, name, category, qty, price):
        product = cls.env["product.product"].create({
            "name": name, "type": "consu", "is_storable": True, "sale_ok": True, "categ_id": category.id,
            "list_price": price})
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, qty)
        return product

    def rent(self, lines, start=None, end=None, partner=None, **kw):
        return self.call("create_rental", (partner or self.client_a).id, lines, start or self.at(9),
                         end or self.at(9, day=2), **kw)

    def orders(self):
        return self.env["sale.order"].search_count([("is_rental", "=", True)])

    def test_availability(self):
        ids = [self.crate.id, self.pen.id, self.not_rental.id, 999999999]
        result = self.call("equipment_availability", ids, self.at(9), self.at(9, day=2))
        self.assertEqual(result, {"ok": True, "available": {str(self.crate.id): 3, str(self.pen.id): 1}})
        self.assertTrue(self.rent([{"product_id": self.crate.id, "quantity": 2}])["ok"])
        for start, end, crates in ((self.at(9), self.at(9, day=2), 1), (self.at(0, day=1), self.at(0, day=5), 1),
                                   (self.at(9, day=2), self.at(9, day=3), 3), (self.at(0, day=-1), self.at(9), 3)):
            available = self.call("equipment_availability", [self.crate.id], start, end)["available"]
            self.assertEqual(available, {str(self.crate.id): crates}, (start, end))

    def test_availability_refusals(self):
        past = ts(fields.Datetime.now() - timedelta(hours=2))
        for start, end, field in ((self.at(9), self.at(9), "end"), (self.at(9), self.at(8), "end"),
                                  (past, self.at(9), "start"), (self.at(9), self.at(9, day=91), "end"),
                                  ("2030-01-07", self.at(9), "start")):
            self.assertRefused(self.call("equipment_availability", [self.crate.id], start, end),
                               "INVALID_PERIOD", field)
        almost_now = ts(fields.Datetime.now() - timedelta(minutes=30))  # within the 1 hour tolerance
        tomorrow = ts(fields.Datetime.now() + timedelta(days=1))
        self.assertTrue(self.call("equipment_availability", [self.crate.id], almost_now, tomorrow)["ok"])

    def test_create_rental(self):
        lines = [{"product_id": self.crate.id, "quantity": 1}, {"product_id": self.pen.id, "quantity": 1},
                 {"product_id": self.crate.id, "quantity": 1}]
        result = self.rent(lines, self.at(9), self.at(21, day=1))  # 1.5 days -> 2 days
        self.assertEqual(set(result), {"ok", "rental_id", "sale_order_id"})
        order = self.env["sale.order"].browse(result["rental_id"])
        self.assertEqual((order.partner_id, order.is_rental, order.state), (self.client_a, True, "draft"))
        self.assertEqual((ts(order.rental_start), ts(order.rental_end)), (self.at(9), self.at(21, day=1)))
        self.assertEqual([(line.product_id, line.product_uom_qty, line.price_unit) for line in order.order_line],
                         [(self.crate, 2, 12.0), (self.pen, 1, 10.0)])
        self.assertRefused(self.rent([{"product_id": self.pen.id, "quantity": 1}]), "EQUIPMENT_UNAVAILABLE",
                           "equipmentId")
        self.assertTrue(self.rent([{"product_id": self.crate.id, "quantity": 1}])["ok"])
        refused = self.rent([{"product_id": self.crate.id, "quantity": 1}])
        self.assertRefused(refused, "EQUIPMENT_UNAVAILABLE", "equipmentId")
        self.assertIn("Test crate", refused["message"])

    def test_create_rental_refusals(self):
        before = self.orders()
        one = [{"product_id": self.crate.id, "quantity": 1}]
        cases = (
            (self.rent([{"product_id": self.not_rental.id, "quantity": 1}]), "NOT_FOUND", "equipmentId"),
            (self.rent([{"product_id": 999999999, "quantity": 1}]), "NOT_FOUND", "equipmentId"),
            (self.rent([{"quantity": 1}]), "NOT_FOUND", "equipmentId"),
            (self.rent(one, partner=self.env["res.partner"].browse(999999999)), "NOT_FOUND", "partner_id"),
            (self.rent([]), "VALIDATION", "lines"),
            (self.rent(one * 11), "VALIDATION", "lines"),
            (self.rent([{"product_id": self.crate.id, "quantity": 0}]), "VALIDATION", "lines"),
            (self.rent([{"product_id": self.crate.id, "quantity": 21}]), "VALIDATION", "lines"),
            (self.rent([{"product_id": self.crate.id, "quantity": 1.5}]), "VALIDATION", "lines"),
            (self.rent(one, self.at(9), self.at(8)), "INVALID_PERIOD", "end"),
            (self.rent(one, self.at(9), self.at(9, day=100)), "INVALID_PERIOD", "end"),
            (self.rent([{"product_id": self.crate.id, "quantity": 4}]), "EQUIPMENT_UNAVAILABLE", "equipmentId"),
            (self.rent(one, idempotency_key="bad key"), "VALIDATION", "idempotencyKey"),
        )
        for result, code, field in cases:
            self.assertRefused(result, code, field)
        self.assertEqual(self.orders(), before)

    def test_rental_idempotency(self):
        one = [{"product_id": self.pen.id, "quantity": 1}]
        before = self.orders()
        first = self.rent(one, idempotency_key="rental-key-1")
        self.assertEqual(self.rent(one, idempotency_key="rental-key-1"), first)
        self.assertRefused(self.rent(one, partner=self.client_b, idempotency_key="rental-key-1"),
                           "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
        self.assertEqual(self.orders(), before + 1)

    def test_cancel_rental(self):
        rental_id = self.rent([{"product_id": self.pen.id, "quantity": 1}])["rental_id"]
        self.assertRefused(self.call("cancel_rental", self.client_b.id, rental_id), "NOT_FOUND", "rental_id")
        plain = self.env["sale.order"].create({"partner_id": self.client_a.id})
        self.assertRefused(self.call("cancel_rental", self.client_a.id, plain.id), "NOT_FOUND", "rental_id")
        self.assertEqual(self.call("cancel_rental", self.client_a.id, rental_id),
                         {"ok": True, "rental_id": rental_id})
        self.assertEqual(self.env["sale.order"].browse(rental_id).state, "cancel")
        self.assertTrue(self.rent([{"product_id": self.pen.id, "quantity": 1}])["ok"])  # the unit is free again
        now = fields.Datetime.now()
        started = self.env["sale.order"].create({
            "partner_id": self.client_a.id, "is_rental": True, "rental_start": now - timedelta(hours=1),
            "rental_end": now + timedelta(days=1)})
        started.action_confirm()
        self.assertRefused(self.call("cancel_rental", self.client_a.id, started.id), "TOO_LATE_TO_CANCEL")
        self.assertEqual(started.state, "sale")

    def test_rental_order_has_a_deposit_line(self):
        self.crate.customk9_deposit = 20.0
        result = self.rent([{"product_id": self.crate.id, "quantity": 2}])
        order = self.env["sale.order"].browse(result["rental_id"])
        self.assertEqual(result["sale_order_id"], order.id)
        deposit = order.order_line.filtered(lambda line: line.product_id == self.env.ref(
            "customk9.product_rental_deposit"))
        self.assertEqual((deposit.product_uom_qty, deposit.price_unit), (1, 40.0))
        self.assertTrue(order.require_payment and order.customk9_hold_until and order.access_token)
