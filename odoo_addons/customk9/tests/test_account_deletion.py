# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessDenied
from odoo.tests import tagged

from .common import CustomK9Case


@tagged("post_install", "-at_install")
class TestAccountDeletion(CustomK9Case):
    """``res.users.customk9_deactivate_my_account``: Odoo's portal account deletion for the BFF's
    ``deleteMyAccount``; business records of the partner are kept."""

    def test_portal_user_deletes_own_account_and_orders_stay(self):
        product = self.env["product.product"].create({"name": "Leash", "list_price": 12.0})
        order = self.env["sale.order"].create({
            "partner_id": self.portal_a.partner_id.id,
            "order_line": [(0, 0, {"product_id": product.id})],
        })
        user = self.portal_a
        self.assertTrue(self.env["res.users"].with_user(user).customk9_deactivate_my_account())
        user.invalidate_recordset()
        self.assertFalse(user.active)
        self.assertTrue(user.login.startswith(f"__deleted_user_{user.id}_"))
        self.assertFalse(user.partner_id.active)
        self.assertTrue(self.env["res.users.deletion"].search([("user_id", "=", user.id)]))
        self.assertTrue(order.exists())
        self.assertEqual(order.partner_id, user.partner_id)
        self.assertTrue(self.portal_b.active)  # nobody else

    def test_internal_users_cannot(self):
        for user in (self.trainer, self.integration):
            with self.assertRaises(AccessDenied):
                self.env["res.users"].with_user(user).customk9_deactivate_my_account()
            self.assertTrue(user.active)
