"""CustomK9 booking API, events: register_event (seats, paid tickets) and cancel_registration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from customk9_helpers import ADMIN, call
from test_customk9_booking import Booking, booking_world

PEOPLE = [{"name": "Ann", "email": "ann@example.com", "phone": "+32 1"}, {"name": "Bob"}]


@dataclass
class Events:
    b: Booking
    event: int  # 5 seats, published, on 2026-12-10
    free: int  # its free ticket, 3 seats
    paid: int  # its paid ticket (25.0), unlimited
    open_event: int  # unlimited, no ticket


@pytest.fixture
def e() -> Events:
    b = booking_world()
    db = b.db
    event = call(db, ADMIN, "event.event", "create", {
        "name": "Puppy day", "date_begin": "2026-12-10 09:00:00", "date_end": "2026-12-10 17:00:00",
        "is_published": True, "seats_limited": True, "seats_max": 5,
    })
    free = call(db, ADMIN, "event.event.ticket", "create",
                {"name": "Free", "event_id": event, "price": 0.0, "seats_limited": True, "seats_max": 3})
    paid = call(db, ADMIN, "event.event.ticket", "create", {"name": "Paid", "event_id": event, "price": 25.0})
    open_event = call(db, ADMIN, "event.event", "create", {
        "name": "Open day", "date_begin": "2026-12-12 09:00:00", "date_end": "2026-12-12 12:00:00",
        "is_published": True,
    })
    db.bus.clear()
    return Events(b, event, free, paid, open_event)


def register(e: Events, event: int, ticket: int | bool, attendees: list, partner: int | None = None, **kw) -> dict:
    return e.b.run("register_event", partner or e.b.partner(e.b.portal_a), event, ticket, attendees, **kw)


def test_register_free(e: Events) -> None:
    db, a = e.b.db, e.b.partner(e.b.portal_a)
    res = register(e, e.event, e.free, PEOPLE)
    regs = res["registration_ids"]
    assert res == {"ok": True, "registration_ids": regs, "sale_order_id": False} and len(regs) == 2
    rows = call(db, ADMIN, "event.registration", "read", regs,
                ["partner_id", "event_id", "event_ticket_id", "state", "name", "email", "phone", "sale_order_id"])
    assert [(r["name"], r["email"], r["phone"]) for r in rows] == [
        ("Ann", "ann@example.com", "+32 1"), ("Bob", False, False)]
    assert {(r["partner_id"][0], r["event_id"][0], r["event_ticket_id"][0], r["state"], r["sale_order_id"])
            for r in rows} == {(a, e.event, e.free, "open", False)}
    seats = call(db, ADMIN, "event.event", "read", [e.event], ["seats_available", "seats_taken"])[0]
    assert (seats["seats_available"], seats["seats_taken"]) == (3, 2)
    assert call(db, ADMIN, "event.event.ticket", "read", [e.free], ["seats_available"])[0]["seats_available"] == 1
    assert [n["message"]["payload"] for n in db.bus] == [
        {"model": "event.registration", "ids": sorted(regs), "op": "create"},
        {"model": "event.event", "ids": [e.event], "op": "write"}]  # its seat counts changed
    # no ticket, unlimited event
    assert register(e, e.open_event, False, [{"name": f"P{i}"} for i in range(10)])["ok"]


def test_register_paid_ticket_makes_a_draft_order(e: Events) -> None:
    db, a = e.b.db, e.b.partner(e.b.portal_a)
    res = register(e, e.event, e.paid, PEOPLE + [{"name": "Cy", "email": "cy@example.org"}])
    order = res["sale_order_id"]
    assert res["ok"] and order and len(res["registration_ids"]) == 3
    [so] = call(db, ADMIN, "sale.order", "read", [order], ["partner_id", "state", "order_line", "amount_total",
                                                           "require_payment", "require_signature", "access_token",
                                                           "customk9_hold_until"])
    assert (so["partner_id"][0], so["state"], so["amount_total"]) == (a, "draft", 75.0)
    # payable online on the portal page, holding its seats for the default 30 minutes
    assert (so["require_payment"], so["require_signature"], bool(so["access_token"])) == (True, False, True)
    assert so["customk9_hold_until"] == (datetime.strptime(db.now_str(), "%Y-%m-%d %H:%M:%S")
                                         + timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S")
    [line] = call(db, ADMIN, "sale.order.line", "read", so["order_line"],
                  ["product_id", "event_id", "event_ticket_id", "product_uom_qty", "price_unit"])
    ticket_product = db.tables["event.event.ticket"][e.paid]["product_id"]
    assert (line["product_id"][0], line["event_id"][0], line["event_ticket_id"][0]) == (ticket_product, e.event, e.paid)
    assert (line["product_uom_qty"], line["price_unit"]) == (3.0, 25.0)
    regs = call(db, ADMIN, "event.registration", "read", res["registration_ids"],
                ["sale_order_id", "sale_order_line_id", "state"])
    assert {(r["sale_order_id"][0], r["sale_order_line_id"][0], r["state"]) for r in regs} == {
        (order, line["id"], "draft")}
    # the order and the lines name the registrations' fields as event_sale does
    fields = call(db, ADMIN, "event.registration", "fields_get", ["sale_order_id", "sale_order_line_id"], ["relation"])
    assert {k: v["relation"] for k, v in fields.items()} == {
        "sale_order_id": "sale.order", "sale_order_line_id": "sale.order.line"}


def test_seats_event_full(e: Events) -> None:
    b = e.b
    assert register(e, e.event, e.free, [{"name": "A"}, {"name": "B"}])["ok"]
    before = b.snapshot()
    res = register(e, e.event, e.free, [{"name": "C"}, {"name": "D"}])  # the ticket has 1 seat left
    assert (res["ok"], res["code"], res["field"]) == (False, "EVENT_FULL", "ticket_id")
    res = register(e, e.event, e.paid, [{"name": n} for n in "CDEF"])  # the event has 3 seats left
    assert (res["ok"], res["code"], res["field"]) == (False, "EVENT_FULL", "event_id")
    b.assert_unchanged(before)
    assert register(e, e.event, e.paid, [{"name": n} for n in "CDE"])["ok"]  # exactly the last 3 seats
    res = register(e, e.event, False, [{"name": "Z"}])
    assert res["code"] == "EVENT_FULL" and "0 seats" in res["message"]
    # done registrations take seats, cancelled ones do not
    regs = sorted(b.db.tables["event.registration"])
    call(b.db, ADMIN, "event.registration", "action_set_done", [regs[0]])
    call(b.db, ADMIN, "event.registration", "action_cancel", [regs[1]])
    assert register(e, e.event, False, [{"name": "Z"}])["ok"]


def test_register_failures_write_nothing(e: Events) -> None:
    b, db = e.b, e.b.db
    a = b.partner(b.portal_a)
    hidden = call(db, ADMIN, "event.event", "create", {
        "name": "Staff only", "date_begin": "2026-12-10 09:00:00", "date_end": "2026-12-10 17:00:00"})
    past = call(db, ADMIN, "event.event", "create", {
        "name": "Last week", "date_begin": "2026-11-20 09:00:00", "date_end": "2026-11-20 17:00:00",
        "is_published": True})
    running = call(db, ADMIN, "event.event", "create", {
        "name": "Running", "date_begin": "2026-11-29 09:00:00", "date_end": "2026-11-29 12:00:00",
        "is_published": True})  # ends exactly now
    other_ticket = call(db, ADMIN, "event.event.ticket", "create", {"name": "Other", "event_id": e.open_event})
    before = b.snapshot()
    for args, code, field in (
        ((999999, e.event, e.free, PEOPLE), "NOT_FOUND", "partner_id"),
        ((a, 999999, e.free, PEOPLE), "NOT_FOUND", "event_id"),
        ((a, hidden, False, PEOPLE), "NOT_FOUND", "event_id"),
        ((a, past, False, PEOPLE), "VALIDATION", "event_id"),
        ((a, running, False, PEOPLE), "VALIDATION", "event_id"),
        ((a, e.event, other_ticket, PEOPLE), "NOT_FOUND", "ticket_id"),
        ((a, e.event, 999999, PEOPLE), "NOT_FOUND", "ticket_id"),
        ((a, e.event, e.free, []), "VALIDATION", "attendees"),
        ((a, e.event, e.free, [{"name": "x"}] * 11), "VALIDATION", "attendees"),
        ((a, e.event, e.free, [{"email": "no@name.org"}]), "VALIDATION", "attendees"),
        ((a, e.event, e.free, [{"name": "  "}]), "VALIDATION", "attendees"),
        ((a, e.event, e.free, [{"name": "n" * 129}]), "VALIDATION", "attendees"),
        ((a, e.event, e.free, [{"name": "Ann", "email": "not-an-email"}]), "VALIDATION", "attendees"),
        ((a, e.event, e.free, [{"name": "Ann", "phone": 32}]), "VALIDATION", "attendees"),
        ((a, e.event, e.free, ["Ann"]), "VALIDATION", "attendees"),
        ((a, e.event, e.free, {"name": "Ann"}), "VALIDATION", "attendees"),
    ):
        res = b.run("register_event", *args)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (args, res)
    b.assert_unchanged(before)


def test_register_idempotency(e: Events) -> None:
    b = e.b
    first = register(e, e.event, e.paid, PEOPLE, idempotency_key="reg-key-01")
    orders, regs = len(b.db.tables["sale.order"]), len(b.db.tables["event.registration"])
    assert register(e, e.event, e.paid, PEOPLE, idempotency_key="reg-key-01") == first
    assert (len(b.db.tables["sale.order"]), len(b.db.tables["event.registration"])) == (orders, regs)
    # EVENT_FULL is not stored: the same key registers once seats are free
    assert register(e, e.event, e.free, [{"name": n} for n in "ABCD"], idempotency_key="reg-key-02")["code"] == (
        "EVENT_FULL")
    assert register(e, e.event, e.free, [{"name": "A"}], idempotency_key="reg-key-02")["ok"]
    res = register(e, e.event, e.free, [{"name": "A"}], partner=b.partner(b.portal_b), idempotency_key="reg-key-02")
    assert res["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_cancel_registration(e: Events) -> None:
    b, db = e.b, e.b.db
    a = b.partner(b.portal_a)
    [reg, _bob] = register(e, e.event, e.free, PEOPLE)["registration_ids"]
    before = b.snapshot()
    for args, code, field in (
        ((b.partner(b.portal_b), reg), "NOT_FOUND", "registration_id"),
        ((a, 999999), "NOT_FOUND", "registration_id"),
        ((a, None), "NOT_FOUND", "registration_id"),
        ((999999, reg), "NOT_FOUND", "partner_id"),
    ):
        res = b.run("cancel_registration", *args)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (args, res)
    b.assert_unchanged(before)
    assert b.run("cancel_registration", a, reg) == {"ok": True, "registration_id": reg}
    assert db.tables["event.registration"][reg]["state"] == "cancel"
    assert call(db, ADMIN, "event.event", "read", [e.event], ["seats_available"])[0]["seats_available"] == 4
    before = b.snapshot()
    assert b.run("cancel_registration", a, reg) == {"ok": True, "registration_id": reg}  # again: no change
    b.assert_unchanged(before)
    started = call(db, ADMIN, "event.event", "create", {
        "name": "Today", "date_begin": "2026-11-29 12:00:00", "date_end": "2026-11-29 18:00:00",
        "is_published": True})
    late = register(e, started, False, [{"name": "Late"}])["registration_ids"][0]
    before = b.snapshot()
    res = b.run("cancel_registration", a, late)
    assert (res["ok"], res["code"], res["field"]) == (False, "TOO_LATE_TO_CANCEL", False)  # as the addon answers
    b.assert_unchanged(before)
