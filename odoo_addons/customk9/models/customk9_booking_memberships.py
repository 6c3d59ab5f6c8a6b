# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Memberships of the booking API, on Odoo's ``membership`` module (Community) when it is installed.

``buy_membership`` makes the same payable quotation as a paid ticket (``_payable_order``) with one line of a
membership product (``product.template.membership``); paying it, or staff confirming it, confirms the order
and this module then invoices it: posting the invoice is what makes ``membership`` create the client's
membership line (``invoiced``, ``paid`` once the payment is reconciled), as it does for any membership
invoice. ``membership_status`` answers the client's state, period and plan in one call. Without the module
both answer ``FEATURE_UNAVAILABLE``.
"""
from odoo import api, fields, models

from .customk9_booking import Refusal, booking_method


def _has_membership(env):
    return "membership" in env["product.template"]._fields


class CustomK9BookingMemberships(models.AbstractModel):
    _inherit = "customk9.booking"

    @api.model
    def _require_membership(self):
        if not _has_membership(self.env):
            raise Refusal("FEATURE_UNAVAILABLE", False, self.env._("Memberships need Odoo's membership module."))

    @api.model
    @booking_method
    def buy_membership(self, partner_id, product_id, idempotency_key=False):
        """A payable order for one membership plan: ``{"ok": True, "sale_order_id"}``."""
        return self._idempotent(idempotency_key, "buy_membership", partner_id,
                                lambda: self._buy_membership(partner_id, product_id),
                                {"partner_id": partner_id, "product_id": product_id})

    @api.model
    def _buy_membership(self, partner_id, product_id):
        self._require_membership()
        partner = self._partner(partner_id)
        plan = self.env["product.product"].browse(self._int(product_id) or []).exists()
        if not plan or not plan.active or not plan.membership or not plan.sale_ok:
            raise Refusal("NOT_FOUND", "planId", self.env._("This membership plan does not exist."))
        order = self._payable_order(partner, [{"product_id": plan.id, "product_uom_qty": 1,
                                               "price_unit": plan.list_price}])
        return {"ok": True, "sale_order_id": order.id}

    @api.model
    @booking_method
    def membership_status(self, partner_id):
        """``{"ok": True, "state", "since", "until", "plan_id"}`` of the client (Odoo's membership fields;
        the plan of the latest membership line, False when none)."""
        self._require_membership()
        partner = self._partner(partner_id)
        line = self.env["membership.membership_line"].search(
            [("partner", "=", partner.id), ("date_cancel", "=", False)], order="date_to desc, id desc", limit=1)
        return {"ok": True, "state": partner.membership_state or "none",
                "since": fields.Date.to_string(partner.membership_start) or False,
                "until": fields.Date.to_string(partner.membership_stop) or False,
                "plan_id": line.membership_id.id or False}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        if _has_membership(self.env):
            orders = self.sudo().filtered(lambda o: o.state == "sale" and o.invoice_status == "to invoice"
                                          and any(line.product_id.membership for line in o.order_line))
            if orders:
                orders._create_invoices().action_post()  # membership creates the client's line from it
        return res
