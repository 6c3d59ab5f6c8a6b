"""The rental equipment catalogue."""

from __future__ import annotations

import re

from bff.schema.node import encode_global_id
from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer
from tests.conftest import open_bff
from tests.graphql_client import GraphQLClient

EQUIPMENT = """
query Equipment($first: Int, $after: String) {
  equipment(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name reference description unitsOwned imageUrl dailyPrice { amount currencyCode formatted } } }
  }
}
"""
ITEM = "query Item($id: ID!) { equipmentItem(id: $id) { name unitsOwned } }"


async def test_lists_the_rental_category_with_stock_and_price(gql: GraphQLClient) -> None:
    data = await gql.query(EQUIPMENT, {"first": 10})
    items = {edge["node"]["reference"]: edge["node"] for edge in data["equipment"]["edges"]}
    assert data["equipment"]["totalCount"] == 6
    assert {ref: item["unitsOwned"] for ref, item in items.items()} == {
        "K9-CRATE-M": 8, "K9-CRATE-L": 5, "K9-PEN": 6, "K9-AGIL": 3, "K9-RAMP": 4, "K9-CRATE-S": 1}
    assert items["K9-AGIL"]["dailyPrice"] == {"amount": "15.00", "currencyCode": "USD", "formatted": "$15.00"}
    assert re.search(r"/web/image/product\.product/\d+/image_1024\?unique=\d{13}$", items["K9-PEN"]["imageUrl"])
    names = [edge["node"]["name"] for edge in data["equipment"]["edges"]]
    assert names == sorted(names)
    assert "Event seat" not in names  # products outside the rental category never appear


async def test_pages_and_single_item(demo_odoo, gql: GraphQLClient) -> None:
    page = await gql.query(EQUIPMENT, {"first": 4})
    rest = await gql.query(EQUIPMENT, {"first": 4, "after": page["equipment"]["pageInfo"]["endCursor"]})
    assert len(page["equipment"]["edges"]) == 4 and len(rest["equipment"]["edges"]) == 2
    first = page["equipment"]["edges"][0]["node"]
    assert (await gql.query(ITEM, {"id": first["id"]}))["equipmentItem"]["name"] == first["name"]
    seat = demo_odoo.db.execute(1, "product.product", "search", [[("name", "=", "Event seat")]], {})[0]
    assert (await gql.query(ITEM, {"id": encode_global_id("Equipment", seat)}))["equipmentItem"] is None


async def test_deposit_comes_from_the_addon(gql: GraphQLClient) -> None:
    data = await gql.query("{ equipment(first: 10) { edges { node { reference deposit { amount currencyCode } } } } }")
    deposits = {e["node"]["reference"]: e["node"]["deposit"] for e in data["equipment"]["edges"]}
    assert deposits["K9-AGIL"] == {"amount": "150.00", "currencyCode": "USD"} and len(deposits) == 6


async def test_deposit_without_the_addon_is_feature_unavailable() -> None:
    server = EmulatorServer(Database(name="customk9", addons=()))
    await server.start()
    gql, odoo = await open_bff(server)
    try:
        category = server.db.execute(1, "product.category", "create", [{"name": "Rental Equipment"}], {})
        server.db.execute(1, "product.product", "create", [{"name": "Crate", "categ_id": category}], {})
        body = await gql.raw("{ equipment(first: 1) { edges { node { name deposit { amount } } } } }")
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FEATURE_UNAVAILABLE"]
        assert body["data"]["equipment"]["edges"][0]["node"]["name"] == "Crate"  # the rest still arrives
    finally:
        await gql.http.aclose()
        await odoo.close()
        await server.stop()
