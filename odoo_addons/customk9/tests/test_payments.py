# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Payable orders: paid tickets, rentals with a deposit and memberships are quotations paid on the portal;
their drafts hold seats until the hold ends, then the cron cancels them; confirming confirms what they pay."""
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .booking_common import BookingCase


@tagged("post_install", "-at_install")
class TestPayments(BookingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        begin = fields.Datetime.now() + timedelta(days=10)
        cls.event = env["event.event"].create({
            "name": "Paid day", "date_begin": begin, "date_end": begin + timedelta(hours=3),
            "seats_limited": True, "seats_max": 2, "is_published": True})
        product = env["product.product"].create({"name": "Seat", "type": "service", "service_tracking": "event"})
        cls.ticket = env["event.event.ticket"].create({"name": "Paid", "event_id": cls.event.id, "price": 30.0,
                                                       "product_id": product.id})
        cls.cron = env.ref("customk9.ir_cron_cancel_expired_holds")

    def register(self):
        result = self.call("register_event", self.client_a.id, self.event.id, self.ticket.id, [{"name": "Ann"}])
        self.assertTrue(result["ok"], result)
        return (self.env["sale.order"].browse(result["sale_order_id"]),
                self.env["event.registration"].browse(result["registration_ids"]))

    def seats(self):
        self.event.invalidate_recordset(["seats_available", "seats_reserved"])
        self.ticket.invalidate_recordset(["seats_available"])
        return self.event.seats_available

    def test_paid_ticket_order_is_payable_and_holds_its_seat(self):
        self.env["ir.config_parameter"].sudo().set_param("customk9.payment_hold_minutes", "45")
        before = fields.Datetime.now()
        order, regs = self.register()
        self.assertEqual((order.state, order.require_payment, order.require_signature), ("draft", True, False))
        self.assertTrue(before + timedelta(minutes=45) - timedelta(seconds=2) <= order.customk9_hold_until
                        <= fields.Datetime.now() + timedelta(minutes=45))
        self.assertEqual(order.get_portal_url(), "/my/orders/%s?access_token=%s" % (order.id, order.access_token))
        self.assertEqual(regs.state, "draft")
        self.assertEqual(self.seats(), 1)
        self.assertEqual(self.event.seats_reserved, 1)
        order.action_confirm()
        self.assertEqual(regs.state, "open")
        self.assertEqual(self.seats(), 1)

    def test_cron_cancels_unpaid_orders_after_their_hold(self):
        order, regs = self.register()
        paid, paid_regs = self.register()
        paid.action_confirm()
        self.assertEqual(self.seats(), 0)
        self.cron.method_direct_trigger()
        self.assertEqual(order.state, "draft")
        later = fields.Datetime.now() + timedelta(minutes=31)
        with patch.object(fields.Datetime, "now", return_value=later):
            self.assertEqual(self.seats(), 1)  # an expired hold holds nothing
            self.cron.method_direct_trigger()
        self.assertEqual((order.state, regs.state), ("cancel", "cancel"))
        self.assertEqual((paid.state, paid_regs.state), ("sale", "open"))
        self.assertEqual(self.seats(), 1)

    def test_membership(self):
        if "membership" not in self.env["product.template"]._fields:
            self.assertEqual(self.call("buy_membership", self.client_a.id, 1)["code"], "FEATURE_UNAVAILABLE")
            return
        today = fields.Date.today()
        plan = self.env["product.product"].create({
            "name": "Club", "type": "service", "membership": True, "list_price": 50.0,
            "membership_date_from": today, "membership_date_to": today + timedelta(days=30)})
        self.assertEqual(self.call("membership_status", self.client_a.id)["state"], "none")
        self.assertRefused(self.call("buy_membership", self.client_a.id, self.ticket.product_id.id), "NOT_FOUND",
                           "planId")
        result = self.call("buy_membership", self.client_a.id, plan.id)
        order = self.env["sale.order"].browse(result["sale_order_id"])
        self.assertEqual((order.state, order.require_payment, order.order_line.product_id), ("draft", True, plan))
        order.action_confirm()
        self.assertEqual(self.call("membership_status", self.client_a.id), {
            "ok": True, "state": "invoiced", "since": fields.Date.to_string(today),
            "until": fields.Date.to_string(today + timedelta(days=30)), "plan_id": plan.id})

