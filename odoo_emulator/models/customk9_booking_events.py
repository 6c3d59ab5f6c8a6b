"""Event registrations of the booking API: ``register_event`` and ``cancel_registration``.

The event must be published (else NOT_FOUND ``event_id``) and not ended (else VALIDATION); the ticket,
when given, must be one of its tickets (else NOT_FOUND ``ticket_id``). 1 to 10 attendees
``{"name", "email", "phone"}``: a name (at most 128 characters) each, a valid e-mail and a phone of at most
64 characters when given (else VALIDATION ``attendees``). Seats as ``event.py`` counts them (registrations
``open`` and ``done``): the event's ``seats_available`` when ``seats_limited``, then the ticket's, must
cover every attendee, else EVENT_FULL.
Registrations are created ``open``. A ticket with a price also creates, as event_sale does, a draft
sale.order for the partner with one line (the ticket's product, ``event_id``, ``event_ticket_id``, one unit
per attendee at the ticket price) that the registrations point to (``sale_order_id``,
``sale_order_line_id``). A registration is the client's when its ``partner_id`` belongs to the client's
commercial partner; it can be cancelled (state ``cancel``; again: no change) until its event begins, else
TOO_LATE_TO_CANCEL.
"""

from __future__ import annotations

import re
from typing import Any

from .customk9_booking import as_id, client, fail, fmt, not_found, now, ok, owns, register
from .registry import Registry

MAX_ATTENDEES = 10
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _attendees(value: Any) -> list[dict] | str:
    """The attendees' values, or a message saying what is wrong."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_ATTENDEES:
        return f"Register 1 to {MAX_ATTENDEES} attendees."
    out = []
    for item in value:
        if not isinstance(item, dict):
            return "Each attendee has a name, an e-mail and a phone."
        name = item.get("name")
        name = name.strip() if isinstance(name, str) else ""
        if not name or len(name) > 128:
            return "Each attendee needs a name of at most 128 characters."
        email = item.get("email") or False
        if email and (not isinstance(email, str) or not EMAIL.fullmatch(email.strip())):
            return f"{email} is not a valid e-mail address."
        phone = item.get("phone") or False
        if phone and (not isinstance(phone, str) or len(phone) > 64):
            return "A phone number is text of at most 64 characters."
        out.append({"name": name, "email": email and email.strip(), "phone": phone and phone.strip()})
    return out


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
    if (row.get("date_end") or "") <= fmt(now(db)):
        return fail("VALIDATION", "event_id", "This event is over.")
    ticket = None
    if ticket_id:
        ticket = as_id(ticket_id)
        ticket_row = db.tables["event.event.ticket"].get(ticket) if ticket else None
        if ticket_row is None or ticket_row.get("event_id") != event:
            return not_found("ticket_id", "This ticket")
    people = _attendees(attendees)
    if isinstance(people, str):
        return fail("VALIDATION", "attendees", people)
    wanted = len(people)
    free = _seats(db, "event.event", event)
    if free is not None and free < wanted:
        return fail("EVENT_FULL", "event_id", f"Only {max(free, 0)} seats are left for this event.")
    if ticket is not None:
        free = _seats(db, "event.event.ticket", ticket)
        if free is not None and free < wanted:
            return fail("EVENT_FULL", "ticket_id", f"Only {max(free, 0)} seats are left with this ticket.")
    order: int | bool = False
    line: int | bool = False
    price = (db.tables["event.event.ticket"][ticket].get("price") or 0.0) if ticket is not None else 0.0
    if ticket is not None and price > 0:
        order = db.create_record("sale.order", {"partner_id": partner}, uid)
        line = db.create_record(
            "sale.order.line",
            {
                "order_id": order,
                "product_id": db.tables["event.event.ticket"][ticket].get("product_id") or False,
                "event_id": event,
                "event_ticket_id": ticket,
                "product_uom_qty": float(wanted),
                "price_unit": price,
            },
            uid,
        )
    registrations = [
        db.create_record(
            "event.registration",
            {
                **person,
                "event_id": event,
                "partner_id": partner,
                "event_ticket_id": ticket or False,
                "state": "open",
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
    begin = (db.tables["event.event"].get(row.get("event_id")) or {}).get("date_begin") or ""
    if begin <= fmt(now(db)):
        return fail("TOO_LATE_TO_CANCEL", "registration_id", "The event has already started.")
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
