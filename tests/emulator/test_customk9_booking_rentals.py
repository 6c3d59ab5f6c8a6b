"""CustomK9 booking API, rentals: equipment_availability, create_rental, cancel_rental (NOW: 2026-11-29 12:00)."""

from __future__ import annotations

import pytest
from customk9_helpers import ADMIN, call
from test_customk9_booking import Booking, booking_world

START, END = "2026-12-01 09:00:00", "2026-12-03 10:00:00"  # 2 days and 1 hour: 3 started days


@pytest.fixture
def b() -> Booking:
    return booking_world()


def rent(b: Booking, lines: list[tuple[int, int]], start: str = START, end: str = END, **kw) -> dict:
    items = [{"product_id": p, "quantity": q} for p, q in lines]
    return b.run("create_rental", b.partner(b.portal_a), items, start, end, **kw)


def available(b: Booking, ids: list, start: str = START, end: str = END) -> dict:
    res = b.run("equipment_availability", ids, start, end)
    assert res["ok"] is True, res
    return res["available"]


def test_availability_counts_overlapping_rental_orders(b: Booking) -> None:
    db = b.db
    assert available(b, [b.crate, b.leash]) == {str(b.crate): 2, str(b.leash): 5}
    first = rent(b, [(b.crate, 1), (b.leash, 2)])["rental_id"]
    assert available(b, [b.leash, b.crate]) == {str(b.crate): 1, str(b.leash): 3}
    # periods are half-open: a rental ending when another starts does not overlap it
    assert available(b, [b.crate], END, "2026-12-05 09:00:00") == {str(b.crate): 2}
    assert available(b, [b.crate], "2026-11-30 09:00:00", START) == {str(b.crate): 2}
    assert available(b, [b.crate], "2026-12-03 09:59:59", "2026-12-05 09:00:00") == {str(b.crate): 1}
    # sent and confirmed orders book units; cancelled ones and plain (non-rental) orders do not
    call(db, ADMIN, "sale.order", "action_quotation_sent", [first])
    assert available(b, [b.crate]) == {str(b.crate): 1}
    call(db, ADMIN, "sale.order", "action_confirm", [first])
    assert available(b, [b.crate]) == {str(b.crate): 1}
    plain = call(db, ADMIN, "sale.order", "create",
                 {"partner_id": b.partner(b.portal_b), "order_line": [(0, 0, {"product_id": b.crate})]})
    assert available(b, [b.crate]) == {str(b.crate): 1}
    call(db, ADMIN, "sale.order", "action_cancel", [first], context={"disable_cancel_warning": True})
    assert available(b, [b.crate]) == {str(b.crate): 2} and plain
    # ids that are not rental equipment are left out
    other = call(db, ADMIN, "product.product", "create", {"name": "Food", "is_storable": True})
    assert available(b, [other, 999999, "x", True, b.crate]) == {str(b.crate): 2}
    assert available(b, "not a list") == {}
    # never below zero: 2 crates rented, then one is lost
    assert rent(b, [(b.crate, 2)])["ok"]
    [quant] = call(db, ADMIN, "stock.quant", "search", [("product_id", "=", b.crate)])
    call(db, ADMIN, "stock.quant", "write", [quant], {"inventory_quantity": 1})
    call(db, ADMIN, "stock.quant", "action_apply_inventory", [quant])
    assert available(b, [b.crate]) == {str(b.crate): 0}


def test_availability_and_rental_period_rules(b: Booking) -> None:
    before = b.snapshot()
    for start, end, code, field in (
        (END, START, "INVALID_PERIOD", "end"),
        (START, START, "INVALID_PERIOD", "end"),
        ("2026-11-29 10:59:59", END, "INVALID_PERIOD", "start"),  # more than an hour ago
        ("2026-12-01 00:00:00", "2027-03-01 00:00:01", "INVALID_PERIOD", "end"),  # 90 days and a second
        ("2026-12-01", END, "INVALID_PERIOD", "start"),
        (START, None, "INVALID_PERIOD", "end"),
    ):
        for res in (b.run("equipment_availability", [b.crate], start, end), rent(b, [(b.crate, 1)], start, end)):
            assert (res["ok"], res["code"], res["field"]) == (False, code, field), (start, end, res)
    b.assert_unchanged(before)
    assert available(b, [b.crate], "2026-11-29 11:00:00", "2027-02-27 11:00:00")  # within the tolerances
    assert rent(b, [(b.leash, 1)], "2026-11-29 11:00:00", "2027-02-27 11:00:00")["ok"]


def test_create_rental(b: Booking) -> None:
    db, a = b.db, b.partner(b.portal_a)
    db.bus.clear()
    res = rent(b, [(b.leash, 2), (b.crate, 1), (b.leash, 1)])  # lines of one product add up
    order = res["rental_id"]
    assert res == {"ok": True, "rental_id": order, "sale_order_id": order}
    [so] = call(db, ADMIN, "sale.order", "read", [order],
                ["partner_id", "state", "is_rental", "rental_start", "rental_end", "order_line", "amount_total"])
    assert (so["partner_id"][0], so["state"], so["is_rental"]) == (a, "draft", True)
    assert (so["rental_start"], so["rental_end"]) == (START, END)
    lines = call(db, ADMIN, "sale.order.line", "read", so["order_line"],
                 ["product_id", "product_uom_qty", "price_unit"])
    assert [(ln["product_id"][0], ln["product_uom_qty"], ln["price_unit"]) for ln in lines] == [
        (b.crate, 1.0, 30.0), (b.leash, 3.0, 7.5)]  # in product id order, list price x 3 days
    assert so["amount_total"] == 52.5
    assert [n["message"]["payload"] for n in db.bus] == [{"model": "sale.order", "ids": [order], "op": "create"}]
    # a deposit per unit on the products: one deposit line (the addon's deposit product) for the whole order
    call(db, ADMIN, "product.product", "write", [b.crate], {"customk9_deposit": 25.0})
    call(db, ADMIN, "product.product", "write", [b.leash], {"customk9_deposit": 2.5})
    deposit = rent(b, [(b.leash, 2), (b.crate, 1)])["rental_id"]
    lines = call(db, ADMIN, "sale.order.line", "read", db.value("sale.order", deposit, "order_line"),
                 ["product_id", "product_uom_qty", "price_unit"])
    assert [(ln["product_id"][0], ln["product_uom_qty"], ln["price_unit"]) for ln in lines][-1] == (
        db.xmlid_to_res_id("customk9.product_rental_deposit"), 1.0, 30.0)
    assert db.value("sale.order", deposit, "amount_total") == 30.0 + 30.0 + 2 * 7.5
    # exactly one day is one day
    one = rent(b, [(b.crate, 1)], "2026-12-10 09:00:00", "2026-12-11 09:00:00")["rental_id"]
    assert db.tables["sale.order.line"][db.value("sale.order", one, "order_line")[0]]["price_unit"] == 10.0


def test_create_rental_failures_write_nothing(b: Booking) -> None:
    db = b.db
    rent(b, [(b.crate, 2)])
    archived = call(db, ADMIN, "product.product", "create", {
        "name": "Old crate", "is_storable": True, "categ_id": b.rental_category, "active": False})
    not_for_sale = call(db, ADMIN, "product.product", "create", {
        "name": "Demo crate", "is_storable": True, "categ_id": b.rental_category, "sale_ok": False})
    consumable = call(db, ADMIN, "product.product", "create", {
        "name": "Treats", "is_storable": False, "categ_id": b.rental_category})
    elsewhere = call(db, ADMIN, "product.product", "create", {"name": "Bowl", "is_storable": True})
    before = b.snapshot()
    cases = [
        ([(b.crate, 1)], "EQUIPMENT_UNAVAILABLE", "equipmentId"),
        ([(b.leash, 5), (b.leash, 1)], "EQUIPMENT_UNAVAILABLE", "equipmentId"),
        ([(b.leash, 1), (archived, 1)], "NOT_FOUND", "equipmentId"),
        ([(not_for_sale, 1)], "NOT_FOUND", "equipmentId"),
        ([(consumable, 1)], "NOT_FOUND", "equipmentId"),
        ([(elsewhere, 1)], "NOT_FOUND", "equipmentId"),
        ([(999999, 1)], "NOT_FOUND", "equipmentId"),
        ([("1", 1)], "NOT_FOUND", "equipmentId"),
        ([(b.leash, 0)], "VALIDATION", "lines"),
        ([(b.leash, 21)], "VALIDATION", "lines"),
        ([(b.leash, 1.5)], "VALIDATION", "lines"),
        ([], "VALIDATION", "lines"),
        ([(b.leash, 1)] * 11, "VALIDATION", "lines"),
    ]
    for lines, code, field in cases:
        res = rent(b, lines)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (lines, res)
    res = rent(b, [(b.crate, 1)])
    assert "Crate" in res["message"]
    res = b.run("create_rental", 999999, [{"product_id": b.leash, "quantity": 1}], START, END)
    assert (res["code"], res["field"]) == ("NOT_FOUND", "partner_id")
    assert b.run("create_rental", b.partner(b.portal_a), "lines", START, END)["field"] == "lines"
    b.assert_unchanged(before)


def test_create_rental_idempotency(b: Booking) -> None:
    first = rent(b, [(b.crate, 2)], idempotency_key="rent-key-1")
    assert rent(b, [(b.crate, 2)], idempotency_key="rent-key-1") == first  # not EQUIPMENT_UNAVAILABLE
    assert len([o for o in b.db.tables["sale.order"].values() if o.get("is_rental")]) == 1
    assert rent(b, [(b.crate, 1)], idempotency_key="rent-key-2")["code"] == "EQUIPMENT_UNAVAILABLE"
    assert rent(b, [(b.leash, 1)], idempotency_key="rent-key-2")["ok"]  # the failure was not stored


def test_cancel_rental(b: Booking) -> None:
    db, a = b.db, b.partner(b.portal_a)
    order = rent(b, [(b.crate, 2)])["rental_id"]
    call(db, ADMIN, "sale.order", "action_confirm", [order])
    plain = call(db, ADMIN, "sale.order", "create", {"partner_id": a})
    started = rent(b, [(b.leash, 1)], "2026-11-29 11:30:00", "2026-11-30 11:30:00")["rental_id"]
    locked = rent(b, [(b.leash, 1)])["rental_id"]
    db.tables["sale.order"][locked]["locked"] = True
    before = b.snapshot()
    for args, code, field in (
        ((b.partner(b.portal_b), order), "NOT_FOUND", "rental_id"),
        ((a, plain), "NOT_FOUND", "rental_id"),
        ((a, 999999), "NOT_FOUND", "rental_id"),
        ((999999, order), "NOT_FOUND", "partner_id"),
        ((a, started), "TOO_LATE_TO_CANCEL", False),
        ((a, locked), "TOO_LATE_TO_CANCEL", False),
    ):
        res = b.run("cancel_rental", *args)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (args, res)
    b.assert_unchanged(before)
    # a confirmed order is cancelled without the wizard (disable_cancel_warning)
    assert b.run("cancel_rental", a, order) == {"ok": True, "rental_id": order}
    assert db.tables["sale.order"][order]["state"] == "cancel"
    assert available(b, [b.crate]) == {str(b.crate): 2}
    before = b.snapshot()
    assert b.run("cancel_rental", a, order) == {"ok": True, "rental_id": order}  # again: no change
    b.assert_unchanged(before)
