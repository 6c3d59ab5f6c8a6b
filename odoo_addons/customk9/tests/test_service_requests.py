# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Booking API: service requests (tasks of the "Service requests" project and their public chatter), rental
pick-up/return with lateness, and the contact form."""
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .booking_common import BookingCase, ts
from .test_booking_rentals import TestBookingRentals

PUBLIC = [("model", "=", "project.task"), ("message_type", "in", ["comment", "email"]),
          ("is_internal", "=", False), ("subtype_id", "!=", False), ("subtype_id.internal", "=", False)]


@tagged("post_install", "-at_install")
class TestServiceRequests(BookingCase):

    def ask(self, partner=None, **values):
        vals = dict({"kind": "training", "message": "Rex <pulls>", "dog_id": self.dog_a.id}, **values)
        return self.call("request_service", (partner or self.client_a).id, vals)

    def public(self, task_id):
        return self.env["mail.message"].search([("res_id", "=", task_id)] + PUBLIC, order="id")

    def test_request_reply_close(self):
        result = self.ask(preferred_dates=["2031-02-03"])
        self.assertEqual(set(result), {"ok", "request_id"})
        task = self.env["project.task"].browse(result["request_id"])
        self.assertTrue(task.project_id.customk9_service_requests)
        self.assertEqual(task.stage_id, self.env.ref("customk9.service_stage_new"))
        self.assertEqual((task.partner_id, task.customk9_dog_id, task.customk9_preferred_dates),
                         (self.client_a, self.dog_a, "2031-02-03"))
        self.assertIn(self.client_a, task.message_partner_ids)
        [first] = self.public(task.id)
        self.assertEqual((first.author_id, str(first.body)), (self.client_a, "<p>Rex &lt;pulls&gt;</p>"))
        task.message_post(body="note", message_type="comment", subtype_xmlid="mail.mt_note")
        reply = self.call("post_service_request_message", self.trainer.id, task.id, "Monday?")
        self.assertTrue(reply["ok"])
        self.assertEqual(self.public(task.id).mapped("author_id"), self.client_a | self.trainer.partner_id)
        self.assertRefused(self.call("post_service_request_message", self.portal_b.id, task.id, "x"),
                           "NOT_FOUND", "id")
        self.assertTrue(self.call("post_service_request_message", self.portal_a.id, task.id, "Yes")["ok"])
        self.assertEqual(self.public(task.id)[-1].author_id, self.client_a)
        self.assertTrue(self.call("assign_service_request", self.trainer.id, task.id, self.trainer.id)["ok"])
        self.assertEqual(task.stage_id, self.env.ref("customk9.service_stage_progress"))
        self.assertEqual(task.user_ids, self.trainer)
        self.assertTrue(self.call("close_service_request", self.trainer.id, task.id)["ok"])
        self.assertEqual((task.stage_id, task.state), (self.env.ref("customk9.service_stage_closed"), "1_done"))
        self.assertRefused(self.call("close_service_request", self.trainer.id, task.id), "ALREADY_CLOSED", "id")

    def test_refusals_write_nothing(self):
        before = self.env["project.task"].search_count([])
        self.assertRefused(self.ask(kind="spa"), "VALIDATION", "kind")
        self.assertRefused(self.ask(message="  "), "VALIDATION", "message")
        self.assertRefused(self.ask(dog_id=self.dog_b.id), "NOT_FOUND", "dog_id")
        self.assertRefused(self.ask(preferred_dates=["2001-01-01"]), "VALIDATION", "preferredDates")
        self.assertEqual(self.env["project.task"].search_count([]), before)
        task = self.ask()["request_id"]
        self.assertRefused(self.call("close_service_request", self.portal_a.id, task), "NOT_FOUND", "user_id")
        self.assertRefused(self.call("assign_service_request", self.trainer.id, task, self.portal_a.id),
                           "NOT_FOUND", "trainerId")


@tagged("post_install", "-at_install")
class TestRentalTracking(BookingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        root = Category.search([("name", "=", "Rental Equipment")], limit=1) or Category.create(
            {"name": "Rental Equipment"})
        cls.pen = TestBookingRentals._product.__func__(cls, "Tracked pen", root, qty=1, price=5.0)

    def rent(self, lines):
        return self.call("create_rental", self.client_a.id, lines, self.at(9), self.at(9, day=2))

    def test_pick_up_late_return(self):
        order = self.env["sale.order"].browse(self.rent([{"product_id": self.pen.id, "quantity": 1}])["rental_id"])
        later = (self.at(9, day=5), self.at(9, day=6))
        self.assertRefused(self.call("mark_rental_returned", self.trainer.id, order.id), "NOT_PICKED_UP", "id")
        self.assertTrue(self.call("mark_rental_picked_up", self.trainer.id, order.id, "ok")["ok"])
        self.assertRefused(self.call("mark_rental_picked_up", self.trainer.id, order.id), "ALREADY_DONE", "id")
        self.assertEqual(self.call("equipment_availability", [self.pen.id], *later)["available"],
                         {str(self.pen.id): 1})
        now = fields.Datetime.now()
        order.write({"rental_start": ts(now - timedelta(days=3)), "rental_end": ts(now - timedelta(hours=1))})
        self.assertTrue(order.customk9_is_late)
        self.assertEqual(self.call("equipment_availability", [self.pen.id], *later)["available"],
                         {str(self.pen.id): 0})
        self.assertTrue(self.call("mark_rental_returned", self.trainer.id, order.id, "chewed")["ok"])
        self.assertEqual(order.customk9_return_notes, "chewed")
        self.assertEqual(self.call("equipment_availability", [self.pen.id], *later)["available"],
                         {str(self.pen.id): 1})


@tagged("post_install", "-at_install")
class TestContactRequest(BookingCase):

    def test_lead_or_refusal(self):
        self.assertRefused(self.call("submit_contact_request", {"name": "x", "email": "bad", "message": "m"}),
                           "VALIDATION", "email")
        result = self.call("submit_contact_request", {"name": "Sam", "email": "sam@example.com",
                                                      "message": "Puppy <class>", "dog_name": "Biscuit"})
        if "crm.lead" in self.env:
            lead = self.env["crm.lead"].browse(result["lead_id"])
            self.assertEqual((lead.type, lead.contact_name, lead.email_from), ("lead", "Sam", "sam@example.com"))
            self.assertIn("Puppy &lt;class&gt;", str(lead.description))
        else:
            self.assertTrue(self.env["mail.mail"].browse(result["mail_id"]).exists())
