# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CalendarEvent(models.Model):
    _name = "calendar.event"
    _inherit = ["calendar.event", "customk9.bus.notify.mixin"]

    dog_id = fields.Many2one("customk9.dog", string="Dog", index=True, ondelete="set null")
    training_plan_id = fields.Many2one("project.project", string="Training Plan", index=True, ondelete="set null")
