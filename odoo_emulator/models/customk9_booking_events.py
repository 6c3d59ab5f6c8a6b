"""Event registrations of the booking API: ``register_event`` and ``cancel_registration``.

Glue only: the rules (attendees, the end of the event, seats, cancelling before the start) are the addon's
``rules/events.py``. The event must be published (else NOT_FOUND ``event_id``); the ticket, when given,
one of its tickets (else NOT_FOUND ``ticket_id``). Seats as ``event.py`` counts them (registrations
``open`` and ``done``, plus held drafts). Free registrations are created ``open``. A ticket with a price
creates a payable quotation (``customk9_payments.payable_order``) with one line (the ticket's product,
``event_id``, ``event_ticket_id``, one unit per attendee at the ticket price) that the registrations point
to (``sale_order_id``, ``sale_order_line_id``); they are ``draft`` and hold their seats until the order is
paid or confirmed (then ``open``) or its hold ends (the cron cancels the order, and them).
"""

from __future__ import annotations

from typing import Any

from .. import rules
from .customk9_booking import as_id, client, not_found, now, ok, owns, register
from .customk9_payments import payable_order
from .registry import Registry

rule = rules.events


def _seats(db: Any, model: str, rec_id: int) -> int | None:
    """Free seats of an event or ticket, None when unlimited."""
    if not db.tables[model][rec_id].get("seats_limited"):
        return None
    return int(db.value(model, rec_id, "seats_available"))


def register_event(
    db: Any, uid: int, partner_id: Any, event_id: Any, ticket_id: Any, attendees: Any, idempotency_key: Any = False
) -> dict:
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "This client")
    event = as_id(event_id)
    row = db.tables["event.event"].get(event) if event else None
    if row is None or not row.get("is_published"):
        return not_found("event_id", "This event")
    rule.not_over(row.get("date_end"), now(db))
    ticket = None
    if ticket_id:
        ticket = as_id(ticket_id)
        ticket_row = db.tables["event.event.ticket"].get(ticket) if ticket else None
        if ticket_row is None or ticket_row.get("event_id") != event:
            return not_found("ticket_id", "This ticket")
    people = rule.attendees(attendees)
    wanted = len(people)
    rule.seats(_seats(db, "event.event", event), _seats(db, "event.event.ticket", ticket) if ticket else None, wanted)
    order: int | bool = False
    line: int | bool = False
    price = (db.tables["event.event.ticket"][ticket].get("price") or 0.0) if ticket is not None else 0.0
    if ticket is not None and price > 0:
        order = payable_order(db, uid, partner, [{
            "product_id": db.tables["event.event.ticket"][ticket].get("product_id") or False,
            "event_id": event,
            "event_ticket_id": ticket,
            "product_uom_qty": float(wanted),
            "price_unit": price,
        }])
        line = db.value("sale.order", order, "order_line")[0]
    registrations = [
        db.create_record(
            "event.registration",
            {
                **person,
                "event_id": event,
                "partner_id": partner,
                "event_ticket_id": ticket or False,
                "state": "draft" if order else "open",
                "sale_order_id": order,
                "sale_order_line_id": line,
            },
            uid,
        )
        for person in people
    ]
    return ok(registration_ids=registrations, sale_order_id=order)


def cancel_registration(db: Any, uid: int, partner_id: Any, registration_id: Any) -> dict:
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "This client")
    registration = as_id(registration_id)
    row = db.tables["event.registration"].get(registration) if registration else None
    if row is None or not owns(db, partner, row.get("partner_id")):
        return not_found("registration_id", "This registration")
    rule.cancellable((db.tables["event.event"].get(row.get("event_id")) or {}).get("date_begin"), now(db))
    if row.get("state") != "cancel":
        db.write_records("event.registration", [registration], {"state": "cancel"}, uid)
    return ok(registration_id=registration)


def setup(reg: Registry) -> None:
    register(reg, "register_event", register_event, lambda a: f"partner:{a['partner_id']}")
    register(reg, "cancel_registration", cancel_registration)
    for model in ("event.registration",):
        mdef = reg[model]
        for fname, relation in (("sale_order_id", "sale.order"), ("sale_order_line_id", "sale.order.line")):
            if fname not in mdef.fields:
                mdef.set(fname, type="many2one", relation=relation)
    line = reg["sale.order.line"]
    for fname, relation in (("event_id", "event.event"), ("event_ticket_id", "event.event.ticket")):
        if fname not in line.fields:
            line.set(fname, type="many2one", relation=relation)
