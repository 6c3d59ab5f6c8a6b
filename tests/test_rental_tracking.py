"""Rental tracking: staff mark a rental picked up and returned; a late rental keeps its units and shows as late
(rental list filter, `Rental.isLate`, the client's dashboard), a returned one frees them again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bff.schema.node import decode_global_id, encode_global_id
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

EQUIPMENT = """query E($f: DateTime!, $t: DateTime!) { equipment(first: 50) { edges { node { id name
  availability(from: $f, to: $t) } } } }"""
RENT = """mutation C($i: ID!, $q: Int!, $f: DateTime!, $t: DateTime!) { createRental(items: [{equipmentId: $i,
  quantity: $q}], from: $f, to: $t) { rental { id } errors { code } } }"""
PICK = """mutation P($id: ID!, $n: String) { markRentalPickedUp(id: $id, notes: $n) {
  rental { pickedUpAt returnedAt isLate } errors { code field } } }"""
BACK = """mutation R($id: ID!, $n: String) { markRentalReturned(id: $id, notes: $n) {
  rental { returnedAt isLate returnNotes } errors { code field } } }"""
LIST = """query L($late: Boolean) { rentals(first: 50, filter: {late: $late}) {
  totalCount edges { node { id isLate } } } }"""
DASHBOARD = "{ dashboard { counts { openRentals } openRentals { id isLate } } }"


@pytest.fixture
def bff(fresh_bff: GraphQLClient) -> GraphQLClient:
    return fresh_bff


def iso(moment: datetime) -> str:
    return moment.isoformat()


async def test_pick_up_late_and_return(bff: GraphQLClient, fresh_odoo: DemoOdoo) -> None:
    dana, manager = await bff.log_in("dana@customk9.demo"), await bff.log_in("manager@customk9.demo")
    tess = await bff.log_in("trainer@customk9.demo")
    now = datetime.now(UTC).replace(microsecond=0)
    later = {"f": iso(now + timedelta(days=5)), "t": iso(now + timedelta(days=6))}
    items = (await dana.query(EQUIPMENT, later))["equipment"]["edges"]
    crate = next(e["node"] for e in items if e["node"]["availability"] >= 1)
    units = crate["availability"]
    rented = await dana.query(RENT, {"i": crate["id"], "q": 1, "f": iso(now + timedelta(hours=2)),
                                     "t": iso(now + timedelta(days=1))})
    rental = rented["createRental"]["rental"]["id"]

    def free() -> object:
        return dana.query(EQUIPMENT, later)

    async def crate_free() -> int:
        return next(e["node"]["availability"] for e in (await free())["equipment"]["edges"]
                    if e["node"]["id"] == crate["id"])

    assert await crate_free() == units  # not overlapping: all free
    assert (await manager.query(BACK, {"id": rental}))["markRentalReturned"]["errors"] == [
        {"code": "NOT_PICKED_UP", "field": "id"}]
    # trainers reach no rentals: the id answers as a missing one
    assert (await tess.query(PICK, {"id": rental}))["markRentalPickedUp"] == (
        await tess.query(PICK, {"id": encode_global_id("Rental", 987654)}))["markRentalPickedUp"]
    picked = (await manager.query(PICK, {"id": rental, "n": "two leads"}))["markRentalPickedUp"]
    assert picked["errors"] == [] and picked["rental"]["pickedUpAt"] and picked["rental"]["isLate"] is False
    assert (await manager.query(PICK, {"id": rental}))["markRentalPickedUp"]["errors"] == [
        {"code": "ALREADY_DONE", "field": "id"}]

    # the rental's period passes without a return: it is late and keeps its unit
    order = decode_global_id(rental)[1]
    fmt = "%Y-%m-%d %H:%M:%S"
    fresh_odoo.db.execute(2, "sale.order", "write", [[order], {
        "rental_start": (now - timedelta(days=3)).strftime(fmt),
        "rental_end": (now - timedelta(hours=1)).strftime(fmt)}], {})
    assert await crate_free() == units - 1
    late = (await manager.query(LIST, {"late": True}))["rentals"]
    assert late["edges"] == [{"node": {"id": rental, "isLate": True}}] and late["totalCount"] == 1
    assert rental not in [e["node"]["id"] for e in (await manager.query(LIST, {"late": False}))["rentals"]["edges"]]
    board = (await dana.query(DASHBOARD))["dashboard"]
    assert {"id": rental, "isLate": True} in board["openRentals"]
    open_before = board["counts"]["openRentals"]

    back = (await manager.query(BACK, {"id": rental, "n": "one lead chewed"}))["markRentalReturned"]
    assert back["errors"] == [] and back["rental"]["returnedAt"] and back["rental"]["returnNotes"] == "one lead chewed"
    assert back["rental"]["isLate"] is True  # returned after its end
    assert await crate_free() == units
    assert (await manager.query(LIST, {"late": True}))["rentals"]["totalCount"] == 0
    board = (await dana.query(DASHBOARD))["dashboard"]
    assert rental not in [r["id"] for r in board["openRentals"]]
    assert board["counts"]["openRentals"] == open_before - 1
    assert (await manager.query(BACK, {"id": rental}))["markRentalReturned"]["errors"] == [
        {"code": "ALREADY_DONE", "field": "id"}]
    assert await dana.error_codes(LIST) == ["FORBIDDEN"]
