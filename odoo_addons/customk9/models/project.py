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


class ProjectServiceRequests(models.Model):
    """Service requests (the guide's helpdesk tickets on Community): tasks of the flagged project."""

    _inherit = "project.project"

    customk9_service_requests = fields.Boolean(
        string="Service Requests Project", copy=False, index=True,
        help="Its tasks are the clients' service requests (the BFF's requestService).",
    )


class ProjectTaskServiceRequest(models.Model):
    _inherit = "project.task"

    customk9_service_kind = fields.Selection(
        [("training", "Training"), ("behaviour", "Behaviour consultation"), ("boarding", "Boarding"),
         ("grooming", "Grooming"), ("equipment", "Equipment"), ("other", "Other")],
        string="Service Kind")
    customk9_dog_id = fields.Many2one("customk9.dog", string="Dog", ondelete="set null", index="btree_not_null")
    customk9_preferred_dates = fields.Char(string="Preferred Dates", help="ISO dates, comma-separated.")
    customk9_plan_id = fields.Many2one("project.project", string="Resulting Training Plan", ondelete="set null",
                                       copy=False)
    customk9_session_id = fields.Many2one("calendar.event", string="Resulting Session", ondelete="set null",
                                          copy=False)
