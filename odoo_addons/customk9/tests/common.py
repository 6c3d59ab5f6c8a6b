# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests.common import TransactionCase, new_test_user


class CustomK9Case(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        cls.env = env
        cls.portal_a = new_test_user(env, login="ck9_portal_a", groups="base.group_portal", name="Portal A")
        cls.portal_b = new_test_user(env, login="ck9_portal_b", groups="base.group_portal", name="Portal B")
        cls.trainer = new_test_user(env, login="ck9_trainer", groups="customk9.group_customk9_trainer",
                                    name="Trainer")
        cls.trainer_b = new_test_user(env, login="ck9_trainer_b", groups="customk9.group_customk9_trainer",
                                      name="Trainer B")
        cls.k9_manager = new_test_user(env, login="ck9_k9_manager", groups="customk9.group_customk9_manager",
                                       name="CustomK9 manager")
        cls.integration = new_test_user(env, login="ck9_bff", groups="customk9.group_customk9_integration",
                                        name="BFF integration")
        Dog = env["customk9.dog"]
        cls.dog_a = Dog.create({"name": "Rex", "owner_id": cls.portal_a.partner_id.id, "breed": "Malinois"})
        cls.dog_a2 = Dog.create({"name": "Bella", "owner_id": cls.portal_a.partner_id.id, "sex": "female"})
        cls.dog_b = Dog.create({"name": "Max", "owner_id": cls.portal_b.partner_id.id})
