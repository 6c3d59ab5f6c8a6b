# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CustomK9Dog(models.Model):
    _name = "customk9.dog"
    _description = "Dog"
    _inherit = ["mail.thread", "customk9.bus.notify.mixin"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    owner_id = fields.Many2one(
        "res.partner", string="Owner", required=True, index=True, ondelete="restrict", tracking=True,
    )
    breed = fields.Char()
    birth_date = fields.Date()
    sex = fields.Selection(
        [("male", "Male"), ("female", "Female"), ("unknown", "Unknown")],
        default="unknown", required=True,
    )
    weight_kg = fields.Float(string="Weight (kg)", digits=(6, 2))
    photo = fields.Image(max_width=1024, max_height=1024)
    notes = fields.Text()
    active = fields.Boolean(default=True)
    plan_ids = fields.One2many("project.project", "dog_id", string="Training Plans")
    session_ids = fields.One2many("calendar.event", "dog_id", string="Sessions")
