# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    customk9_deposit = fields.Float(
        string="Rental Deposit", digits="Product Price", default=0.0,
        help="Deposit asked per rented unit.",
    )
