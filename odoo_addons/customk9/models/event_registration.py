# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

# Registration fields that change the seat counts of their event (not stored on event.event, so no write
# of the event happens by itself): a change of one of them also announces an event.event write.
SEAT_FIELDS = {"state", "event_id", "active"}


class EventRegistration(models.Model):
    _name = "event.registration"
    _inherit = ["event.registration", "customk9.bus.notify.mixin"]

    def _customk9_seats_changed(self):
        self.env["customk9.bus"]._notify("event.event", self.sudo().event_id.ids, "write")

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._customk9_seats_changed()
        return records

    def write(self, vals):
        if "event_id" in vals:
            self._customk9_seats_changed()  # the event the registrations leave
        res = super().write(vals)
        if SEAT_FIELDS & set(vals):
            self._customk9_seats_changed()
        return res

    def unlink(self):
        self._customk9_seats_changed()
        return super().unlink()


class EventEvent(models.Model):
    _name = "event.event"
    _inherit = ["event.event", "customk9.bus.notify.mixin"]
