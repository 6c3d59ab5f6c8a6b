# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from .common import CustomK9Case

CHANNEL = "customk9-test-channel-0123456789abcdef"


@tagged("post_install", "-at_install")
class TestCustomK9Bus(CustomK9Case):

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("customk9.bus_channel", CHANNEL)
        self.env.cr.precommit.run()  # flush what setUpClass queued
        self.bus_channel = json_dump(channel_with_db(self.env.cr.dbname, CHANNEL))
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM bus_bus")
        self.last_bus_id = self.env.cr.fetchone()[0]

    def _notifications(self):
        """The notifications sent since the last call (or setUp)."""
        self.env.cr.precommit.run()  # what a commit does: create the bus.bus rows
        rows = self.env["bus.bus"].sudo().search(
            [("channel", "=", self.bus_channel), ("id", ">", self.last_bus_id)], order="id")
        if rows:
            self.last_bus_id = rows[-1].id
        return [json.loads(r.message) for r in rows]

    def test_channel_generated_at_install(self):
        # post_init_hook value (overwritten in setUp for this test class; check the shape of a fresh one)
        from odoo.addons.customk9 import post_init_hook
        self.env["ir.config_parameter"].sudo().set_param("customk9.bus_channel", False)
        post_init_hook(self.env)
        value = self.env["ir.config_parameter"].sudo().get_param("customk9.bus_channel")
        self.assertRegex(value, r"^customk9-[0-9a-f]{32}$")

    def test_dog_create_notifies(self):
        dog = self.env["customk9.dog"].with_user(self.integration).create(
            {"name": "Bolt", "owner_id": self.portal_a.partner_id.id, "notes": "secret note"})
        notes = self._notifications()
        self.assertIn({"type": "customk9/changed",
                       "payload": {"model": "customk9.dog", "ids": [dog.id], "op": "create"}}, notes)
        self.assertNotIn("secret note", json.dumps(notes))
        self.assertNotIn("Bolt", json.dumps(notes))

    def test_one_notification_per_model_and_op(self):
        dogs = self.dog_a | self.dog_b
        dogs.write({"breed": "Mixed"})
        self.dog_a.write({"weight_kg": 20})
        dogs.write({"notes": "x"})
        notes = [n for n in self._notifications() if n["payload"]["model"] == "customk9.dog"]
        self.assertEqual(notes, [{"type": "customk9/changed", "payload": {
            "model": "customk9.dog", "ids": sorted(dogs.ids), "op": "write"}}])

    def test_unlink_and_other_models_notify(self):
        dog = self.env["customk9.dog"].create({"name": "Gone", "owner_id": self.portal_b.partner_id.id})
        plan = self.env["project.project"].create({"name": "Plan", "dog_id": dog.id})
        self._notifications()
        dog_id, plan_id = dog.id, plan.id
        plan.unlink()
        dog.unlink()
        payloads = [n["payload"] for n in self._notifications()]
        self.assertIn({"model": "customk9.dog", "ids": [dog_id], "op": "unlink"}, payloads)
        self.assertIn({"model": "project.project", "ids": [plan_id], "op": "unlink"}, payloads)

    def test_rollback_sends_nothing(self):
        self.env["customk9.dog"].create({"name": "Ghost", "owner_id": self.portal_b.partner_id.id})
        self.env.cr.precommit.clear()  # what a rollback does
        self.assertEqual(self._notifications(), [])

    def test_get_channel_access(self):
        self.assertEqual(self.env["customk9.bus"].with_user(self.integration).get_channel(), CHANNEL)
        with self.assertRaises(AccessError):
            self.env["customk9.bus"].with_user(self.portal_a).get_channel()
        with self.assertRaises(AccessError):
            self.env["customk9.bus"].with_user(self.trainer).get_channel()

    def _event(self, **vals):
        return self.env["event.event"].create({
            "name": "Puppy class", "date_begin": "2031-03-01 09:00:00", "date_end": "2031-03-01 12:00:00",
            "seats_limited": True, "seats_max": 10, **vals})

    def test_registrations_announce_their_event_seats(self):
        event, other = self._event(), self._event(name="Other class")
        self._notifications()
        reg = self.env["event.registration"].create(
            {"event_id": event.id, "partner_id": self.portal_a.partner_id.id})
        self.assertEqual([n["payload"] for n in self._notifications()], [
            {"model": "event.registration", "ids": [reg.id], "op": "create"},
            {"model": "event.event", "ids": [event.id], "op": "write"},
        ])
        reg.action_cancel()
        payloads = [n["payload"] for n in self._notifications()]
        self.assertIn({"model": "event.event", "ids": [event.id], "op": "write"}, payloads)
        reg.write({"event_id": other.id})
        payloads = [n["payload"] for n in self._notifications()]
        self.assertIn({"model": "event.event", "ids": sorted([event.id, other.id]), "op": "write"}, payloads)
        reg.write({"email": "a@example.com"})  # not a seat change: no event write
        payloads = [n["payload"] for n in self._notifications()]
        self.assertNotIn("event.event", [p["model"] for p in payloads])
        reg_id = reg.id
        reg.unlink()
        payloads = [n["payload"] for n in self._notifications()]
        self.assertIn({"model": "event.registration", "ids": [reg_id], "op": "unlink"}, payloads)
        self.assertIn({"model": "event.event", "ids": [other.id], "op": "write"}, payloads)

    def test_seat_limit_change_is_an_event_write(self):
        event = self._event()
        self._notifications()
        event.write({"seats_max": 12})
        self.assertEqual([n["payload"] for n in self._notifications()],
                         [{"model": "event.event", "ids": [event.id], "op": "write"}])

    def test_task_stage_move_notifies(self):
        plan = self.env["project.project"].create({"name": "Plan", "dog_id": self.dog_a.id})
        stage = self.env["project.task.type"].create({"name": "Done", "project_ids": [(4, plan.id)]})
        task = self.env["project.task"].create({"name": "Sit", "project_id": plan.id})
        self._notifications()
        task.write({"stage_id": stage.id})
        self.assertIn({"model": "project.task", "ids": [task.id], "op": "write"},
                      [n["payload"] for n in self._notifications()])
