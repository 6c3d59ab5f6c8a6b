# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Booking API: access, dogs, training plans and the idempotency protocol."""
from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .booking_common import BookingCase


@tagged("post_install", "-at_install")
class TestBookingBase(BookingCase):

    def test_access(self):
        for user in (self.portal_a, self.trainer, self.staff):
            Booking = self.env["customk9.booking"].with_user(user)
            with self.assertRaises(AccessError):
                Booking.create_dog(self.client_a.id, {"name": "Sneaky"})
            with self.assertRaises(AccessError):
                Booking.available_slots(self.trainer.id, self.at(0), self.at(24), 60)
            with self.assertRaises(AccessError):
                Booking.cancel_rental(self.client_a.id, 1)
        result = self.env["customk9.booking"].with_user(self.manager).create_dog(self.client_a.id, {"name": "Ok"})
        self.assertTrue(result["ok"])
        with self.assertRaises(AccessError):
            self.env["customk9.idempotency"].with_user(self.integration).search([])

    def test_create_dog(self):
        result = self.call("create_dog", self.client_a.id, {
            "name": " Nala ", "breed": "Beagle", "birth_date": "2022-03-01", "sex": "female",
            "weight_kg": 12.5, "notes": "Loves cheese"})
        self.assertEqual(set(result), {"ok", "dog_id"})
        dog = self.env["customk9.dog"].browse(result["dog_id"])
        self.assertEqual((dog.name, dog.owner_id, dog.breed, dog.sex, dog.weight_kg, dog.notes),
                         ("Nala", self.client_a, "Beagle", "female", 12.5, "Loves cheese"))
        self.assertEqual(dog.create_uid, self.integration)
        self.assertEqual(self.env["customk9.dog"].browse(
            self.call("create_dog", self.client_a.id, {"name": "Plain"})["dog_id"]).sex, "unknown")

    def test_create_dog_validation(self):
        before = self.env["customk9.dog"].search_count([])
        tomorrow = (date.today() + timedelta(days=1)).isoformat()
        for values, field in (
            ({}, "name"), ({"name": "  "}, "name"), ({"name": "x" * 65}, "name"),
            ({"name": "A", "owner_id": 1}, "owner_id"), ({"name": "A", "breed": "b" * 65}, "breed"),
            ({"name": "A", "birth_date": tomorrow}, "birth_date"),
            ({"name": "A", "birth_date": "03/01/2022"}, "birth_date"),
            ({"name": "A", "sex": "other"}, "sex"), ({"name": "A", "weight_kg": 0}, "weight_kg"),
            ({"name": "A", "weight_kg": 121}, "weight_kg"), ({"name": "A", "weight_kg": True}, "weight_kg"),
            ({"name": "A", "notes": "n" * 2001}, "notes"), ("Rex", "values"),
        ):
            self.assertRefused(self.call("create_dog", self.client_a.id, values), "VALIDATION", field)
        self.assertRefused(self.call("create_dog", 999999999, {"name": "A"}), "VALIDATION", "partner_id")
        self.assertEqual(self.env["customk9.dog"].search_count([]), before)

    def test_idempotency(self):
        Key = self.env["customk9.idempotency"]
        first = self.call("create_dog", self.client_a.id, {"name": "Once"}, idempotency_key="dog-key-0001")
        again = self.call("create_dog", self.client_a.id, {"name": "Once"}, idempotency_key="dog-key-0001")
        self.assertEqual(first, again)
        self.assertEqual(self.env["customk9.dog"].search_count([("name", "=", "Once")]), 1)
        self.assertEqual(Key.search_count([("key", "=", "dog-key-0001")]), 1)
        row = Key.search([("key", "=", "dog-key-0001")])
        self.assertEqual((row.operation, row.owner), ("create_dog", "partner:%s" % self.client_a.id))
        # same key, other owner or other operation
        self.assertRefused(self.call("create_dog", self.client_b.id, {"name": "Once"},
                                     idempotency_key="dog-key-0001"), "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
        self.assertRefused(self.call("create_rental", self.client_a.id, [{"product_id": 1, "quantity": 1}],
                                     self.at(9), self.at(10), idempotency_key="dog-key-0001"),
                           "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
        # same key, owner and operation but other arguments: not a retry, refused (it used to answer the
        # first dog, so the client believed a dog named "Twice" existed)
        self.assertTrue(row.fingerprint)
        self.assertRefused(self.call("create_dog", self.client_a.id, {"name": "Twice"},
                                     idempotency_key="dog-key-0001"), "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
        self.assertRefused(self.call("create_dog", self.client_a.id, {"name": "Once", "breed": "Pug"},
                                     idempotency_key="dog-key-0001"), "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
        self.assertEqual(self.env["customk9.dog"].search_count([("name", "in", ["Once", "Twice"])]), 1)
        # a key stored before fingerprints existed is matched on operation and owner, as it was then
        self.env.cr.execute("UPDATE customk9_idempotency SET fingerprint = NULL WHERE key = 'dog-key-0001'")
        self.assertEqual(self.call("create_dog", self.client_a.id, {"name": "Twice"},
                                   idempotency_key="dog-key-0001"), first)
        # malformed keys
        for key in ("short", "x" * 129, "has space!", 12345678):
            self.assertRefused(self.call("create_dog", self.client_a.id, {"name": "K"}, idempotency_key=key),
                               "VALIDATION", "idempotencyKey")
        # a refusal is not stored: the retry runs again
        self.assertRefused(self.call("create_dog", self.client_a.id, {"name": ""}, idempotency_key="dog-key-0002"),
                           "VALIDATION", "name")
        self.assertFalse(Key.search_count([("key", "=", "dog-key-0002")]))
        self.assertTrue(self.call("create_dog", self.client_a.id, {"name": "Two"},
                                  idempotency_key="dog-key-0002")["ok"])

    def test_old_keys_removed(self):
        self.call("create_dog", self.client_a.id, {"name": "Old"}, idempotency_key="old-key-0001")
        self.call("create_dog", self.client_a.id, {"name": "New"}, idempotency_key="new-key-0001")
        self.env.cr.execute("UPDATE customk9_idempotency SET create_date = create_date - interval '8 days' "
                            "WHERE key = 'old-key-0001'")
        self.env["customk9.idempotency"]._gc_old_keys()
        self.assertEqual(self.env["customk9.idempotency"].search([("key", "like", "-key-0001")]).mapped("key"),
                         ["new-key-0001"])

    def _template(self):
        template = self.env["project.project"].create({"name": "Template: Puppy basics",
                                                       "is_training_template": True})
        self.env["project.task"].create([{"name": "Sit", "project_id": template.id},
                                         {"name": "Recall", "project_id": template.id}])
        return template

    def test_create_training_plan(self):
        template = self._template()
        result = self.call("create_training_plan", self.trainer.id, self.client_a.id, self.dog_a.id, template.id)
        self.assertEqual(set(result), {"ok", "plan_id"})
        plan = self.env["project.project"].browse(result["plan_id"])
        self.assertEqual(plan.name, "Rex: Puppy basics")
        self.assertEqual((plan.partner_id, plan.dog_id, plan.user_id, plan.privacy_visibility),
                         (self.client_a, self.dog_a, self.trainer, "portal"))
        self.assertEqual(plan.date_start, date.today())
        self.assertFalse(plan.is_training_template)
        self.assertEqual(sorted(plan.task_ids.mapped("name")), ["Recall", "Sit"])
        key = "plan-key-0001"
        first = self.call("create_training_plan", self.trainer.id, self.client_a.id, self.dog_a.id, template.id,
                          idempotency_key=key)
        self.assertEqual(self.call("create_training_plan", self.trainer.id, self.client_a.id, self.dog_a.id,
                                   template.id, idempotency_key=key), first)
        self.assertEqual(self.env["project.project"].search_count([("dog_id", "=", self.dog_a.id)]), 2)

    def test_create_training_plan_refusals(self):
        template = self._template()
        plain = self.env["project.project"].create({"name": "Not a template"})
        before = self.env["project.project"].search_count([])
        cases = (
            ((self.portal_a.id, self.client_a.id, self.dog_a.id, template.id), "trainerId"),
            ((self.integration.id, self.client_a.id, self.dog_a.id, template.id), "trainerId"),
            ((self.trainer.id, self.client_a.id, self.dog_b.id, template.id), "dog_id"),  # another's dog
            ((self.trainer.id, self.client_a.id, 999999999, template.id), "dog_id"),
            ((self.trainer.id, self.client_a.id, self.dog_a.id, plain.id), "template_id"),
            ((self.trainer.id, self.client_a.id, self.dog_a.id, 999999999), "template_id"),
            ((self.trainer.id, 999999999, self.dog_a.id, template.id), "partner_id"),
        )
        for args, field in cases:
            self.assertRefused(self.call("create_training_plan", *args), "NOT_FOUND", field)
        self.assertRefused(self.call("create_training_plan", self.trainer.id, self.client_a.id, self.dog_a.id,
                                     template.id, idempotency_key="bad"), "VALIDATION", "idempotencyKey")
        self.assertEqual(self.env["project.project"].search_count([]), before)
