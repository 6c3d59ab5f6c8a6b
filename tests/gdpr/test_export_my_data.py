"""exportMyData: a short-lived link, bound to the viewer, to a JSON document of everything theirs and nothing else."""

from __future__ import annotations

import asyncio
import json

import httpx

from bff.odoo_client import OdooClient
from tests.conftest import ADMIN, DB, DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

EXPORT = "{ exportMyData { url expiresAt } }"
SECTIONS = {"exportedAt", "profile", "dogs", "trainingPlans", "sessions", "registrations", "rentals", "orders",
            "serviceRequests", "documents", "unavailable"}

EXPORT_CALLS = [
    ("res.partner", "read"), ("res.partner", "search_read"),  # profile; document owners
    ("customk9.dog", "search_read"), ("customk9.dog", "search_read"),  # dogs; document owners
    ("project.project", "search_read"), ("project.project", "search_read"),  # plans; document owners
    ("project.task", "search_read"), ("project.task", "search_read"),  # plans' tasks, service requests
    ("calendar.event", "search_read"), ("event.registration", "search_read"),
    ("sale.order", "search_read"), ("sale.order", "search_read"), ("sale.order", "search_read"),  # + doc owners
    ("sale.order.line", "search_read"), ("ir.attachment", "search_read"),
    ("account.move", "search_read"),  # document owners: posted invoices
]


async def export_of(gql: GraphQLClient) -> tuple[str, dict]:
    url = (await gql.query(EXPORT))["exportMyData"]["url"]
    assert url.startswith("http://bff.test/exports/")
    response = await gql.http.get(url, headers={"Authorization": f"Bearer {gql.token}"})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers["content-type"].startswith("application/json")
    return url, response.json()


def partner_ids(rows: list[dict], field: str = "partner_id") -> set[int]:
    return {row[field][0] for row in rows if row.get(field)}


async def test_dana_gets_her_dogs_plans_and_orders_and_nothing_of_omars(fresh_odoo: DemoOdoo,
                                                                      fresh_bff: GraphQLClient) -> None:
    async with OdooClient(url=fresh_odoo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as admin:
        project = (await admin.search("project.project", [("customk9_service_requests", "=", True)]))[0]
        await admin.create("project.task", {"name": "Omar: recall", "project_id": project,
                                            "partner_id": fresh_odoo.seeded.client_partners["omar@customk9.demo"]})
    dana_partner = fresh_odoo.seeded.client_partners["dana@customk9.demo"]
    omar_partner = fresh_odoo.seeded.client_partners["omar@customk9.demo"]
    dana = await fresh_bff.log_in("dana@customk9.demo")
    fresh_odoo.server.clear_calls()
    _url, data = await export_of(dana)
    assert set(data) == SECTIONS and data["unavailable"] == []
    assert data["profile"]["name"] == "Dana Whitfield" and data["profile"]["login"] == "dana@customk9.demo"
    assert {d["name"] for d in data["dogs"]} == {"Rex", "Luna"}
    assert data["trainingPlans"] and all(p["tasks"] for p in data["trainingPlans"])
    assert partner_ids(data["trainingPlans"]) == {dana_partner}
    assert data["orders"] and partner_ids(data["orders"]) == {dana_partner}
    assert all(order["lines"] for order in data["orders"])
    assert data["rentals"] and {r["id"] for r in data["rentals"]} <= {o["id"] for o in data["orders"]}
    assert [r["name"] for r in data["serviceRequests"]] == ["Behaviour consultation: Rex"]  # the demo's
    assert "training-agreement-dana.txt" in {d["name"] for d in data["documents"]}
    assert all(dana_partner in s["partner_ids"] for s in data["sessions"])
    assert partner_ids(data["registrations"]) <= {dana_partner}
    text = json.dumps(data)
    assert "Omar" not in text and omar_partner not in partner_ids(data["orders"] + data["trainingPlans"])
    # one scoped read per model and section (documents look up their owners too), whatever the number of rows
    calls = [(c.model, c.method) for c in fresh_odoo.server.calls_to(route="/jsonrpc") if c.model]
    assert sorted(calls) == sorted(EXPORT_CALLS), calls
    document = data["documents"][0]["download"]
    assert (await dana.http.get(document, headers={"Authorization": f"Bearer {dana.token}"})).status_code == 200


async def test_the_link_is_bound_to_its_viewer(gql: GraphQLClient) -> None:
    dana = await gql.log_in("dana@customk9.demo")
    omar = await gql.log_in("omar@customk9.demo")
    url, _data = await export_of(dana)
    path = url.removeprefix("http://bff.test")
    user, expires, signature = path.removeprefix("/exports/").split(".")
    other = (await omar.query(EXPORT))["exportMyData"]["url"].removeprefix("http://bff.test")
    forged = {
        "omar's token on dana's link": (path, omar.token),
        "dana's token on omar's link": (other, dana.token),
        "a later expiry": (f"/exports/{user}.{int(expires) + 3600}.{signature}", dana.token),
        "another user id": (f"/exports/{int(user) + 1}.{expires}.{signature}", dana.token),
        "garbage": ("/exports/1.x.y", dana.token),
    }
    for name, (link, token) in forged.items():
        response = await gql.http.get(link, headers={"Authorization": f"Bearer {token}"})
        assert (response.status_code, response.json()) == (404, {"error": "NOT_FOUND"}), name
    assert (await gql.http.get(path)).status_code == 401
    assert (await gql.http.get(path, headers={"Authorization": "Bearer forged"})).status_code == 401
    assert await gql.error_codes(EXPORT) == ["UNAUTHENTICATED"]


async def test_the_link_expires(demo_odoo: DemoOdoo) -> None:
    ttl = 1
    gql, odoo = await open_bff(demo_odoo.server, api_key=demo_odoo.seeded.integration_api_key, export_link_ttl_s=ttl)
    try:
        dana = await gql.log_in("dana@customk9.demo")
        url = (await dana.query(EXPORT))["exportMyData"]["url"]
        await asyncio.sleep(ttl + 1.1)
        late = await gql.http.get(url, headers={"Authorization": f"Bearer {dana.token}"})
        assert late.status_code == 404
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_a_trainer_exports_only_what_is_theirs_as_a_customer(gql: GraphQLClient) -> None:
    trainer = await gql.log_in("trainer@customk9.demo")
    _url, data = await export_of(trainer)
    assert data["dogs"] == [] and data["orders"] == [] and data["trainingPlans"] == []  # not their clients' records
    assert data["profile"]["login"] == "trainer@customk9.demo"


async def test_odoo_down_is_503(fresh_odoo: DemoOdoo, fresh_bff: GraphQLClient) -> None:
    dana = await fresh_bff.log_in("dana@customk9.demo")
    url = (await dana.query(EXPORT))["exportMyData"]["url"]
    await fresh_odoo.server.pause()
    try:
        response = await dana.http.get(url, headers={"Authorization": f"Bearer {dana.token}"})
    finally:
        await fresh_odoo.server.resume()
    assert isinstance(response, httpx.Response) and response.status_code == 503
