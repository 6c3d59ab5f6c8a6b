# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CustomK9Case


@tagged("post_install", "-at_install")
class TestCustomK9Access(CustomK9Case):

    def test_groups_and_implied_groups(self):
        self.assertTrue(self.trainer.has_group("base.group_user"))
        self.assertTrue(self.trainer.has_group("project.group_project_user"))
        for xmlid in ("base.group_user", "base.group_partner_manager", "project.group_project_user",
                      "event.group_event_user", "sales_team.group_sale_salesman_all_leads",
                      "stock.group_stock_user"):
            self.assertTrue(self.integration.has_group(xmlid), xmlid)
        self.assertFalse(self.integration.has_group("base.group_erp_manager"))
        self.assertFalse(self.integration.has_group("base.group_system"))

    def test_portal_sees_own_dogs_only(self):
        Dog = self.env["customk9.dog"].with_user(self.portal_a)
        self.assertEqual(Dog.search([]), self.dog_a | self.dog_a2)
        self.assertEqual(Dog.search_count([]), 2)
        self.assertEqual(self.dog_a.with_user(self.portal_a).read(["name"])[0]["name"], "Rex")
        with self.assertRaises(AccessError):
            self.dog_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.dog_a.with_user(self.portal_a).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            Dog.create({"name": "Sneaky", "owner_id": self.portal_a.partner_id.id})
        with self.assertRaises(AccessError):
            self.dog_a.with_user(self.portal_a).unlink()

    def test_portal_sees_dogs_of_commercial_partner(self):
        company = self.env["res.partner"].create({"name": "K9 Club", "is_company": True})
        self.portal_b.partner_id.parent_id = company
        club_dog = self.env["customk9.dog"].create({"name": "Clubby", "owner_id": company.id})
        Dog = self.env["customk9.dog"].with_user(self.portal_b)
        self.assertEqual(Dog.search([]), self.dog_b | club_dog)
        self.assertEqual(Dog.search([]) & self.dog_a, self.env["customk9.dog"])

    def _train(self, trainer, partner, *, plan=True):
        """Make ``partner`` a client of ``trainer``: a plan they lead, or a session they organise."""
        if plan:
            return self.env["project.project"].create({"name": f"Plan of {partner.name}", "partner_id": partner.id,
                                                       "user_id": trainer.id})
        start = datetime(2030, 1, 7, 9, 0)
        return self.env["calendar.event"].create({
            "name": "Session", "start": start, "stop": start + timedelta(hours=1), "user_id": trainer.id,
            "partner_ids": [(6, 0, [partner.id, trainer.partner_id.id])]})

    def test_trainer_sees_and_edits_the_dogs_of_their_clients_only(self):
        Dog = self.env["customk9.dog"].with_user(self.trainer)
        self.assertFalse(Dog.search([]))
        with self.assertRaises(AccessError):
            self.dog_a.with_user(self.trainer).read(["name"])
        self._train(self.trainer, self.portal_a.partner_id)
        self._train(self.trainer_b, self.portal_b.partner_id, plan=False)
        self.assertEqual(Dog.search([]), self.dog_a | self.dog_a2)  # at once: the rule is not frozen in a cache
        self.assertEqual(self.env["customk9.dog"].with_user(self.trainer_b).search([]), self.dog_b)
        with self.assertRaises(AccessError):
            self.dog_b.with_user(self.trainer).read(["name"])
        with self.assertRaises(AccessError):
            self.dog_b.with_user(self.trainer).write({"weight_kg": 31.5})
        self.dog_a.with_user(self.trainer).write({"weight_kg": 31.5})
        self.assertEqual(self.dog_a.weight_kg, 31.5)
        new = Dog.create({"name": "Luna", "owner_id": self.portal_a.partner_id.id})
        self.assertEqual(new.sex, "unknown")
        with self.assertRaises(AccessError):
            new.unlink()
        with self.assertRaises(AccessError):
            Dog.create({"name": "Sneaky", "owner_id": self.portal_b.partner_id.id})

    def test_clients_are_commercial_partners_and_exclude_staff(self):
        company = self.env["res.partner"].create({"name": "K9 Club", "is_company": True})
        self.portal_b.partner_id.parent_id = company
        club_dog = self.env["customk9.dog"].create({"name": "Clubby", "owner_id": company.id})
        self._train(self.trainer, self.portal_b.partner_id, plan=False)  # a contact attends: the club is the client
        Partner = self.env["res.partner"]
        self.assertEqual(self.env["customk9.dog"].with_user(self.trainer).search([]), self.dog_b | club_dog)
        clients = Partner.search([("customk9_trainer_ids", "in", [self.trainer.id])])
        self.assertIn(company, clients)
        self.assertNotIn(self.trainer.partner_id, clients)  # the trainer attends their own session
        self.assertNotIn(self.portal_a.partner_id, clients)
        self.assertEqual(company.customk9_trainer_ids, self.trainer)
        self.assertEqual(self.portal_a.partner_id.customk9_trainer_ids, self.env["res.users"])
        template = self.env["project.project"].create({"name": "Template", "is_training_template": True,
                                                       "partner_id": self.portal_a.partner_id.id,
                                                       "user_id": self.trainer_b.id})
        self.assertTrue(template)
        self.assertFalse(self.env["customk9.dog"].with_user(self.trainer_b).search([]))  # a template trains nobody

    def test_manager_sees_and_edits_all(self):
        self.assertTrue(self.k9_manager.has_group("customk9.group_customk9_trainer"))
        self.assertFalse(self.k9_manager.has_group("base.group_erp_manager"))
        Dog = self.env["customk9.dog"].with_user(self.k9_manager)
        self.assertTrue((self.dog_a | self.dog_a2 | self.dog_b) <= Dog.search([]))
        self.dog_b.with_user(self.k9_manager).write({"weight_kg": 29.0})
        self.assertEqual(self.dog_b.weight_kg, 29.0)
        with self.assertRaises(AccessError):
            self.dog_b.with_user(self.k9_manager).unlink()

    def test_viewer_info_roles(self):
        Users = self.env["res.users"].with_user(self.integration)
        roles = {user: Users.customk9_viewer_info(user.id)["role"]
                 for user in (self.k9_manager, self.trainer, self.portal_a, self.integration)}
        self.assertEqual(roles, {self.k9_manager: "manager", self.trainer: "trainer", self.portal_a: "client",
                                 self.integration: False})

    def test_integration_crud(self):
        Dog = self.env["customk9.dog"].with_user(self.integration)
        dog = Dog.create({"name": "Nala", "owner_id": self.portal_a.partner_id.id, "birth_date": "2022-03-01"})
        self.assertIn(dog, Dog.search([("owner_id", "=", self.portal_a.partner_id.id)]))
        dog.write({"notes": "Reactive on leash", "active": False})
        self.assertFalse(Dog.search([("id", "=", dog.id)]))
        self.assertEqual(Dog.with_context(active_test=False).search([("id", "=", dog.id)]), dog)
        dog.unlink()
        self.assertFalse(dog.exists())

    def test_integration_writes_mapped_models(self):
        env = self.env(user=self.integration)
        plan = env["project.project"].create({"name": "Rex basic obedience", "dog_id": self.dog_a.id,
                                              "privacy_visibility": "employees"})
        self.assertEqual(plan.dog_id, self.dog_a)
        task = env["project.task"].create({"name": "Sit", "project_id": plan.id})
        task.write({"state": "1_done"})
        start = datetime(2030, 1, 7, 9, 0)
        session = env["calendar.event"].create({
            "name": "Session 1", "start": start, "stop": start + timedelta(hours=1),
            "partner_ids": [(6, 0, [self.portal_a.partner_id.id])],
            "dog_id": self.dog_a.id, "training_plan_id": plan.id,
        })
        session.write({"stop": start + timedelta(hours=2)})
        self.assertEqual(self.dog_a.session_ids, session)
        self.assertEqual(self.dog_a.plan_ids, plan)
        self.portal_a.partner_id.with_user(self.integration).write({"phone": "+1 555 0100"})
        partner = env["res.partner"].create({"name": "New client", "email": "new@example.com"})
        self.assertTrue(partner)
        for model in ("project.project", "project.task", "calendar.event", "event.event", "event.registration",
                      "sale.order", "customk9.dog", "res.partner", "product.product", "stock.quant"):
            env[model].search_count([])

    def test_plans_visibility_and_templates(self):
        hidden = self.env["project.project"].create({"name": "Invited only", "privacy_visibility": "followers"})
        task = self.env["project.task"].create({"name": "Hidden task", "project_id": hidden.id})
        self.assertIn(hidden, self.env["project.project"].with_user(self.integration).search([]))
        self.assertIn(task, self.env["project.task"].with_user(self.integration).search([]))
        template = self.env["project.project"].create({"name": "Puppy basics", "is_training_template": True})
        self.env["project.task"].create({"name": "Recall", "project_id": template.id})
        for user in (self.integration, self.trainer):
            plan = template.with_user(user).copy({"name": "Puppy basics - Rex", "dog_id": self.dog_a.id})
            self.assertFalse(plan.is_training_template)
            self.assertEqual(plan.dog_id, self.dog_a)
            self.assertEqual(plan.sudo().task_ids.mapped("name"), ["Recall"])
        with self.assertRaises(AccessError):
            template.with_user(self.integration).unlink()

    def test_deposit_readable_on_variant(self):
        tmpl = self.env["product.template"].create({"name": "Crate", "customk9_deposit": 25.0})
        variant = tmpl.product_variant_id.with_user(self.integration)
        self.assertEqual(variant.read(["customk9_deposit"])[0]["customk9_deposit"], 25.0)

    def test_portal_user_creation(self):
        with self.assertRaises(AccessError):
            self.env["res.users"].with_user(self.integration).create({"name": "X", "login": "x@example.com"})
        Users = self.env["res.users"].with_user(self.integration)
        res = Users.customk9_create_portal_user({"name": "Signup Sam", "login": "sam@example.com",
                                                 "password": "sam-secret-1"})
        user = self.env["res.users"].browse(res["id"])
        self.assertEqual(user.partner_id.id, res["partner_id"])
        self.assertTrue(user._is_portal())
        self.assertFalse(user._is_internal())
        # for an existing partner
        partner = self.env["res.partner"].create({"name": "Existing Eve", "email": "eve@example.com"})
        res = Users.customk9_create_portal_user({"login": "eve@example.com", "partner_id": partner.id})
        self.assertEqual(res["partner_id"], partner.id)
        with self.assertRaises(ValidationError):
            Users.customk9_create_portal_user({"login": "eve@example.com", "name": "Again"})
        with self.assertRaises(ValidationError):
            Users.customk9_create_portal_user({"login": "evil@example.com", "name": "Evil",
                                               "groups_id": [(4, self.env.ref("base.group_system").id)]})
        with self.assertRaises(AccessError):
            self.env["res.users"].with_user(self.portal_a).customk9_create_portal_user(
                {"login": "p@example.com", "name": "P"})
        with self.assertRaises(AccessError):
            self.env["res.users"].with_user(self.trainer).customk9_create_portal_user(
                {"login": "t@example.com", "name": "T"})
