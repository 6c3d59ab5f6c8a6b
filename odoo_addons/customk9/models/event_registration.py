# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class EventRegistration(models.Model):
    _name = "event.registration"
    _inherit = ["event.registration", "customk9.bus.notify.mixin"]
