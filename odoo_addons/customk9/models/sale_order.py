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
