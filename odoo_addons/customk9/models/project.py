# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProjectProject(models.Model):
    _name = "project.project"
    _inherit = ["project.project", "customk9.bus.notify.mixin"]

    dog_id = fields.Many2one("customk9.dog", string="Dog", index=True, ondelete="set null", tracking=True)
    is_training_template = fields.Boolean(
        string="Training Plan Template", copy=False,
        help="A template plan that staff copy to start a new training plan.",
    )


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "customk9.bus.notify.mixin"]
