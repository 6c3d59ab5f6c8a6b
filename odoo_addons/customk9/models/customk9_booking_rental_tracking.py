# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Rental tracking of the booking API: staff mark a rental picked up and returned (with condition notes).

The acting user must be staff (``_staff``). A returned rental frees its units from its return on; a rental
picked up and not returned after its end keeps them until it is returned (``..rules.rental_tracking``, which
``_available_units`` applies through ``occupying_domain``). Both writes lock and touch the order row, so two
staff members cannot both pick up (or return) the same rental.
"""
from odoo import api, fields, models

from ..rules import rental_tracking as rule
from .customk9_booking import Refusal, booking_method


class CustomK9BookingRentalTracking(models.AbstractModel):
    _inherit = "customk9.booking"

    @api.model
    def _tracked_rental(self, rental_id):
        order = self.env["sale.order"].browse(self._int(rental_id) or []).exists()
        if not order or not order.is_rental:
            raise Refusal("NOT_FOUND", "id", self.env._("This rental does not exist."))
        self._lock("sale_order", order.ids)
        order.invalidate_recordset(["customk9_picked_up_at", "customk9_returned_at", "state"])
        return order

    @api.model
    @booking_method
    def mark_rental_picked_up(self, user_id, rental_id, notes=False):
        """Staff: the client took the equipment: ``{"ok": True, "rental_id"}``."""
        self._staff(user_id)
        text = rule.notes(notes)
        order = self._tracked_rental(rental_id)
        rule.can_pick_up(order.state, order.customk9_picked_up_at)
        order.write({"customk9_picked_up_at": fields.Datetime.now(), "customk9_pickup_notes": text or False})
        return {"ok": True, "rental_id": order.id}

    @api.model
    @booking_method
    def mark_rental_returned(self, user_id, rental_id, notes=False):
        """Staff: the equipment is back (``notes``: its condition): ``{"ok": True, "rental_id"}``."""
        self._staff(user_id)
        text = rule.notes(notes)
        order = self._tracked_rental(rental_id)
        rule.can_return(order.state, order.customk9_picked_up_at, order.customk9_returned_at)
        products = order.order_line.product_id
        order.write({"customk9_returned_at": fields.Datetime.now(), "customk9_return_notes": text or False})
        if products:
            self._touch("product.product", products.ids)  # waiters on these products re-read availability
        return {"ok": True, "rental_id": order.id}
