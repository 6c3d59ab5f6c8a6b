# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Payment holds (``..rules.holds``): held draft registrations take seats; the cron releases expired holds.

Odoo counts ``open`` and ``done`` registrations as taken seats. A paid ticket booked through the BFF is a
``draft`` registration until its order is paid or confirmed (event_sale's own rule then makes it ``open``,
and cancelling the order makes it ``cancel``); while its order's hold lasts it must keep its seat, so the
seat computations of events and tickets add the held drafts to ``seats_reserved``.
"""
from odoo import api, fields, models

from ..rules import holds as rule


def _held_counts(env, key, ids):
    """{event or ticket id: held draft registrations} (``key``: ``event_id`` or ``event_ticket_id``)."""
    if not ids:
        return {}
    now = fields.Datetime.now()
    groups = env["event.registration"].sudo()._read_group([
        (key, "in", list(ids)), ("state", "=", "draft"),
        ("sale_order_id.state", "in", list(rule.PAYABLE_STATES)),
        ("sale_order_id.customk9_hold_until", ">", now),
    ], [key], ["__count"])
    return {record.id: count for record, count in groups}


def _add_held(records, key):
    held = _held_counts(records.env, key, records._origin.ids)
    for record in records:
        count = held.get(record._origin.id, 0)
        if count:
            record.seats_reserved += count
            record.seats_taken += count
            if record.seats_max > 0:
                record.seats_available -= count


class EventEvent(models.Model):
    _inherit = "event.event"

    def _compute_seats(self):
        super()._compute_seats()
        _add_held(self, "event_id")


class EventTicket(models.Model):
    _inherit = "event.event.ticket"

    def _compute_seats(self):
        super()._compute_seats()
        _add_held(self, "event_ticket_id")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    customk9_hold_until = fields.Datetime(
        string="Held Until", copy=False, index=True,
        help="Until when this unpaid order holds its seats and rental units; then it is cancelled.")

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # event_sale recomputes the registrations' state (confirmed, cancelled) without calling their
            # write(): announce them, and their events' seats, as if it had
            registrations = self.env["event.registration"].sudo().search([("sale_order_id", "in", self.ids)])
            bus = self.env["customk9.bus"]
            bus._notify("event.registration", registrations.ids, "write")
            bus._notify("event.event", registrations.event_id.ids, "write")
        return res

    @api.model
    def _customk9_hold_until(self):
        """When a hold made now ends (``customk9.payment_hold_minutes``)."""
        length = rule.minutes(self.env["ir.config_parameter"].sudo().get_param(rule.PARAMETER))
        return rule.hold_until(fields.Datetime.now(), length)

    @api.model
    def _customk9_cancel_expired_holds(self):
        """The cron: cancel unpaid orders whose hold is over (their registrations follow, units are freed)."""
        orders = self.sudo().search([("state", "in", list(rule.PAYABLE_STATES)),
                                     ("customk9_hold_until", "<=", fields.Datetime.now())])
        expired = orders.filtered(lambda o: rule.expired(o.state, o.customk9_hold_until, fields.Datetime.now()))
        expired.with_context(disable_cancel_warning=True).action_cancel()
        return expired.ids
