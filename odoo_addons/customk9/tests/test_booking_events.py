# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Booking API: event registrations (seats, tickets, paid tickets) and their cancellation."""
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .booking_common import BookingCase

PEOPLE = [{"name": "Ann", "email": "ann@example.com", "phone": "+1 555 0101"},
          {"name": "Bob", "email": "bob@example.com", "phone": False}]


@tagged("post_install", "-at_install")
class TestBookingEvents(BookingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.event = cls._event("Agility day", seats=3, begin=now + timedelta(days=10))
        cls.free_ticket = cls.env["event.event.ticket"].create({"name": "Free", "event_id": cls.event.id,
                                                               "price": 0})
        cls.product = cls.env["product.product"].create({"name": "Event seat", "type": "service",
                                                         "service_tracking": "event", "list_price": 10})
        cls.paid_ticket = cls.env["event.event.ticket"].create({
            "name": "Paid", "event_id": cls.event.id, "price": 25.0, "product_id": cls.product.id,
            "seats_max": 2})

    @classmethod
    def _event(cls, name, seats=0, begin=None, published=True):
        begin = begin or fields.Datetime.now() + timedelta(days=10)
        return cls.env["event.event"].create({
            "name": name, "date_begin": begin, "date_end": begin + timedelta(hours=3),
            "seats_limited": bool(seats), "seats_max": seats, "is_published": published})

    def register(self, event=None, ticket=None, people=PEOPLE[:1], partner=None, **kw):
        return self.call("register_event", (partner or self.client_a).id, (event or self.event).id,
                         ticket.id if ticket else False, people, **kw)

    def registrations(self):
        return self.env["event.registration"].search_count([])

    def test_register_event(self):
        result = self.register(people=PEOPLE)
        self.assertEqual(set(result), {"ok", "registration_ids", "sale_order_id"})
        self.assertFalse(result["sale_order_id"])
        regs = self.env["event.registration"].browse(result["registration_ids"])
        self.assertEqual(regs.mapped("name"), ["Ann", "Bob"])
        self.assertEqual(regs.mapped("email"), ["ann@example.com", "bob@example.com"])
        self.assertEqual(regs.mapped("phone"), ["+1 555 0101", False])
        self.assertEqual(set(regs.mapped("state")), {"open"})
        self.assertEqual(regs.partner_id, self.client_a)
        self.assertEqual(self.event.seats_available, 1)
        self.assertRefused(self.register(people=PEOPLE), "EVENT_FULL", "event_id")
        self.assertTrue(self.register(ticket=self.free_ticket)["ok"])
        self.assertRefused(self.register(), "EVENT_FULL", "event_id")

    def test_paid_ticket(self):
        result = self.register(ticket=self.paid_ticket, people=PEOPLE)
        order = self.env["sale.order"].browse(result["sale_order_id"])
        self.assertEqual((order.state, order.partner_id, order.is_rental), ("draft", self.client_a, False))
        line = order.order_line
        self.assertEqual((line.product_id, line.event_id, line.event_ticket_id, line.product_uom_qty,
                          line.price_unit), (self.product, self.event, self.paid_ticket, 2, 25.0))
        regs = self.env["event.registration"].browse(result["registration_ids"])
        self.assertEqual((regs.sale_order_id, regs.sale_order_line_id, regs.event_ticket_id),
                         (order, line, self.paid_ticket))
        self.env.flush_all()
        regs.invalidate_recordset()
        self.assertEqual(set(regs.mapped("state")), {"draft"})  # until paid; held seats (test_payments)
        self.assertRefused(self.register(ticket=self.paid_ticket), "EVENT_FULL", "ticket_id")

    def test_register_refusals(self):
        other = self._event("Other")
        unpublished = self._event("Hidden", published=False)
        past_begin = fields.Datetime.now() - timedelta(days=2)
        ended = self._event("Ended", begin=past_begin)
        other_ticket = self.env["event.event.ticket"].create({"name": "T", "event_id": other.id})
        before = (self.registrations(), self.env["sale.order"].search_count([]))
        cases = (
            (self.register(event=unpublished), "NOT_FOUND", "event_id"),
            (self.call("register_event", self.client_a.id, 999999999, False, PEOPLE), "NOT_FOUND", "event_id"),
            (self.register(ticket=other_ticket), "NOT_FOUND", "ticket_id"),
            (self.register(partner=self.env["res.partner"].browse(999999999)), "NOT_FOUND", "partner_id"),
            (self.register(event=ended), "VALIDATION", "event_id"),
            (self.register(people=[]), "VALIDATION", "attendees"),
            (self.register(people=PEOPLE * 6), "VALIDATION", "attendees"),
            (self.register(people=[{"name": " ", "email": "a@example.com"}]), "VALIDATION", "attendees"),
            (self.register(people=[{"name": "A", "email": "not-an-email"}]), "VALIDATION", "attendees"),
            (self.register(people="Ann"), "VALIDATION", "attendees"),
            (self.register(ticket=self.paid_ticket, people=PEOPLE + PEOPLE[:1]), "EVENT_FULL", "ticket_id"),
        )
        for result, code, field in cases:
            self.assertRefused(result, code, field)
        self.assertEqual((self.registrations(), self.env["sale.order"].search_count([])), before)

    def test_register_idempotency(self):
        first = self.register(ticket=self.paid_ticket, idempotency_key="event-key-1")
        self.assertEqual(self.register(ticket=self.paid_ticket, idempotency_key="event-key-1"), first)
        self.assertEqual(len(self.event.registration_ids), 1)
        self.assertRefused(self.register(partner=self.client_b, idempotency_key="event-key-1"),
                           "IDEMPOTENCY_KEY_REUSED")
        # a refused request is run again when retried with its key
        full = self._event("Tiny", seats=1)
        self.register(event=full)
        self.assertRefused(self.register(event=full, idempotency_key="event-key-2"), "EVENT_FULL")
        full.seats_max = 2
        self.assertTrue(self.register(event=full, idempotency_key="event-key-2")["ok"])

    def test_cancel_registration(self):
        reg_id = self.register()["registration_ids"][0]
        other_id = self.register(partner=self.client_b)["registration_ids"][0]
        self.assertRefused(self.call("cancel_registration", self.client_a.id, other_id), "NOT_FOUND",
                           "registration_id")
        self.assertRefused(self.call("cancel_registration", self.client_a.id, 999999999), "NOT_FOUND")
        self.assertEqual(self.call("cancel_registration", self.client_a.id, reg_id),
                         {"ok": True, "registration_id": reg_id})
        self.assertEqual(self.env["event.registration"].browse(reg_id).state, "cancel")
        self.assertEqual(self.env["event.registration"].browse(other_id).state, "open")
        started = self._event("Started", begin=fields.Datetime.now() - timedelta(hours=1))
        reg = self.env["event.registration"].create({"event_id": started.id, "partner_id": self.client_a.id,
                                                     "name": "Late"})
        self.assertRefused(self.call("cancel_registration", self.client_a.id, reg.id), "TOO_LATE_TO_CANCEL")
        self.assertNotEqual(reg.state, "cancel")
