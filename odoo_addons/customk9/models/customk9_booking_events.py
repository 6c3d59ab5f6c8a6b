# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Event registrations of the booking API.

Seats are checked and taken under a lock of the event row (and the ticket row), so concurrent
registrations for the last seat serialize. Paid tickets get a payable quotation (``_payable_order``) linked to the
registrations the way ``event_sale`` links them (``sale_order_id``, ``sale_order_line_id``); the
registrations are ``draft`` and hold their seats while the order's payment hold lasts (``customk9_holds``);
paying or confirming the order makes them ``open`` (event_sale), its cancellation ``cancel``.
The rules (attendees, seats, the event's end and start) are ``..rules.events``.
"""
from odoo import api, models
from odoo.tools import email_normalize

from ..rules import events as rule
from .customk9_booking import Refusal, booking_method


class CustomK9BookingEvents(models.AbstractModel):
    _inherit = "customk9.booking"

    @api.model
    def _attendees(self, attendees):
        """Validated attendees as registration values; e-mails checked by Odoo's own ``email_normalize``."""
        return rule.attendees(attendees, lambda email: bool(email_normalize(email, strict=True)))

    @api.model
    @booking_method
    def register_event(self, partner_id, event_id, ticket_id, attendees, idempotency_key=False):
        """Register attendees: ``{"ok": True, "registration_ids", "sale_order_id"}`` (False if free)."""
        return self._idempotent(idempotency_key, "register_event", partner_id,
                                lambda: self._register_event(partner_id, event_id, ticket_id, attendees),
                                {"partner_id": partner_id, "event_id": event_id, "ticket_id": ticket_id,
                                 "attendees": attendees})

    @api.model
    def _register_event(self, partner_id, event_id, ticket_id, attendees):
        partner = self._partner(partner_id)
        event = self.env["event.event"].browse(self._int(event_id) or []).exists()
        if not event or not event.is_published:
            raise Refusal("NOT_FOUND", "event_id", self.env._("This event does not exist."))
        rule.not_over(event.date_end, self._now())
        ticket = self.env["event.event.ticket"]
        if ticket_id:
            ticket = ticket.browse(self._int(ticket_id) or []).exists()
            if not ticket or ticket.event_id != event:
                raise Refusal("NOT_FOUND", "ticket_id", self.env._("This ticket does not exist."))
        values = self._attendees(attendees)
        count = len(values)
        self._lock("event_event", event.ids)
        if ticket:
            self._lock("event_event_ticket", ticket.ids)
        # seats are non-stored computes: read them again now that the rows are ours
        event.invalidate_recordset(["seats_available"])
        ticket.invalidate_recordset(["seats_available"])
        rule.seats(event.seats_available if event.seats_limited else None,
                   ticket.seats_available if ticket and ticket.seats_limited else None, count)
        self._touch("event.event", event.ids)
        if ticket:
            self._touch("event.event.ticket", ticket.ids)
        order, line = self.env["sale.order"], self.env["sale.order.line"]
        if ticket and ticket.price > 0:
            order = self._payable_order(partner, [{
                "product_id": ticket.product_id.id,
                "event_id": event.id,
                "event_ticket_id": ticket.id,
                "product_uom_qty": count,
                "price_unit": ticket.price,
            }])
            line = order.order_line[:1]
        # a paid ticket's registrations are drafts holding their seats until the order is paid (event_sale
        # then confirms them); free ones are confirmed at once
        registrations = self.env["event.registration"].create([dict(
            vals, event_id=event.id, partner_id=partner.id, event_ticket_id=ticket.id or False,
            state="draft" if order else "open", sale_order_id=order.id or False,
            sale_order_line_id=line.id or False,
        ) for vals in values])
        return {"ok": True, "registration_ids": registrations.ids, "sale_order_id": order.id or False}

    @api.model
    @booking_method
    def cancel_registration(self, partner_id, registration_id):
        """Cancel a client's registration before the event starts: ``{"ok": True, "registration_id"}``."""
        partner = self._partner(partner_id)
        registration = self.env["event.registration"].browse(self._int(registration_id) or []).exists()
        if not registration or not self._owns(partner, registration.partner_id):
            raise Refusal("NOT_FOUND", "registration_id", self.env._("This registration does not exist."))
        rule.cancellable(registration.event_id.date_begin, self._now())
        if registration.state != "cancel":
            registration.action_cancel()
        return {"ok": True, "registration_id": registration.id}
