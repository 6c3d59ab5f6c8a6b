# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "customk9.bus.notify.mixin"]

    is_rental = fields.Boolean(string="Rental", index=True, copy=True)
    rental_start = fields.Datetime(string="Rental Start")
    rental_end = fields.Datetime(string="Rental End")

    @api.constrains("is_rental", "rental_start", "rental_end")
    def _check_customk9_rental_period(self):
        for order in self.filtered("is_rental"):
            if not order.rental_start or not order.rental_end:
                raise ValidationError(_("A rental order needs a rental start and a rental end."))
            if order.rental_end <= order.rental_start:
                raise ValidationError(_("The rental end must be after the rental start."))


class SaleOrderRentalTracking(models.Model):
    """Pick-up and return of a rental (``..rules.rental_tracking``): a late unit stays unavailable."""

    _inherit = "sale.order"

    customk9_picked_up_at = fields.Datetime(string="Picked Up At", copy=False)
    customk9_returned_at = fields.Datetime(string="Returned At", copy=False)
    customk9_pickup_notes = fields.Text(string="Pick-up Notes", copy=False)
    customk9_return_notes = fields.Text(string="Return Condition Notes", copy=False)
    customk9_is_late = fields.Boolean(string="Late Return", compute="_compute_customk9_is_late")

    @api.depends("rental_end", "customk9_picked_up_at", "customk9_returned_at")
    def _compute_customk9_is_late(self):
        from ..rules import rental_tracking

        now = fields.Datetime.now()
        for order in self:
            order.customk9_is_late = bool(order.is_rental) and rental_tracking.is_late(
                order.rental_end, order.customk9_picked_up_at, order.customk9_returned_at, now)
