"""Query batching (``bff/http_batch.py``): an array of operations in one POST, answered in order, each with
its own errors and its own dataloaders, mutations one at a time; bounded by ``BFF_MAX_BATCH``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bff.app import create_app
from bff.odoo_client import OdooClient
from tests.conftest import ADMIN, DB, DemoOdoo, open_bff, settings_for

COUNT = "{ events(first: 0) { totalCount } }"
BAD_CURSOR = '{ events(first: 1, after: "bm90LWEtY3Vyc29y") { totalCount } }'
TOO_DEEP = "{ me " + "{ dogs { owner " * 6 + "{ name }" + " } }" * 6 + " }"
DOGS = "query Dogs { me { dogs { name } } }"
ADD_DOG = """mutation Add($i: AddDogInput!) { addDog(input: $i) { dog { name } errors { code } } }"""


@pytest.fixture
async def post(demo_odoo: DemoOdoo) -> AsyncIterator[Any]:
    """POST a JSON body to a BFF over the shared emulator, with settings overrides."""
    opened: list[tuple[httpx.AsyncClient, OdooClient]] = []

    async def send(body: Any, headers: dict[str, str] | None = None, **overrides: Any) -> httpx.Response:
        odoo = OdooClient(url=demo_odoo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1], timeout_s=2.0)
        app = create_app(settings_for(demo_odoo.server, jwt_secret="s" * 40, **overrides), odoo=odoo)
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bff.test")
        opened.append((http, odoo))
        return await http.post("/graphql", json=body, headers=headers or {})

    yield send
    for http, odoo in opened:
        await http.aclose()
        await odoo.close()


def refusal(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["extensions"]["requestId"] == response.headers["x-request-id"]
    return error["message"]


async def test_each_operation_is_answered_in_order_with_its_own_errors(post: Any, demo_odoo: DemoOdoo) -> None:
    response = await post([
        {"query": COUNT}, {"query": BAD_CURSOR}, {"query": TOO_DEEP},
        {"query": "query A { __typename } query B { events(first: 0) { totalCount } }", "operationName": "B"},
        {"query": "query A { __typename }", "operationName": "Missing"}, {"query": "{ nope }"},
    ])
    assert response.status_code == 200
    first, bad_cursor, too_deep, named, missing, invalid = response.json()
    assert first == {"data": {"events": {"totalCount": 11}}} and named == first
    assert [e["extensions"]["code"] for e in bad_cursor["errors"]] == ["BAD_USER_INPUT"]
    assert [e["extensions"]["code"] for e in too_deep["errors"]] == ["QUERY_TOO_COMPLEX"]  # limits apply to each
    assert too_deep.get("data") is None
    assert [e["extensions"]["code"] for e in missing["errors"]] == ["BAD_REQUEST"]
    assert [e["extensions"]["code"] for e in invalid["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]


@pytest.mark.parametrize(("body", "message", "overrides"), [
    ([], "A batch must hold at least one operation", {}),
    ([{"query": COUNT}] * 11, "A batch may hold at most 10 operations; this one holds 11", {}),
    ([{"query": COUNT}] * 3, "A batch may hold at most 2 operations; this one holds 3", {"max_batch": 2}),
    ([{"query": COUNT}], "Batching is not enabled", {"max_batch": 0}),
    ([{"query": COUNT}, {"variables": {}}], "Operation 2 of the batch: `query` must be a string", {}),
    ([{"query": COUNT, "variables": [1]}], "Operation 1 of the batch: `variables` must be an object", {}),
    ([{"query": COUNT, "operationName": 5}], "Operation 1 of the batch: `operationName` must be a string", {}),
])
async def test_a_batch_out_of_bounds_is_refused_before_anything_runs(post: Any, demo_odoo: DemoOdoo, body: Any,
                                                                     message: str, overrides: dict) -> None:
    before = len(demo_odoo.server.calls)
    assert refusal(await post(body, **overrides)) == message
    assert len(demo_odoo.server.calls) == before


async def test_ten_operations_run(post: Any) -> None:
    response = await post([{"query": COUNT}] * 10)
    assert response.json() == [{"data": {"events": {"totalCount": 11}}}] * 10


async def test_a_mutation_runs_alone_and_later_operations_see_it(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        dana = await gql.log_in("dana@customk9.demo")
        before = sorted(d["name"] for d in (await dana.query(DOGS))["me"]["dogs"])
        response = await gql.http.post("/graphql", headers={"Authorization": f"Bearer {dana.token}"}, json=[
            {"query": DOGS},
            {"query": ADD_DOG, "variables": {"i": {"name": "Batchy", "sex": "MALE"}}},
            {"query": DOGS},
        ])
        first, added, after = response.json()
        assert sorted(d["name"] for d in first["data"]["me"]["dogs"]) == before
        assert added == {"data": {"addDog": {"dog": {"name": "Batchy"}, "errors": []}}}
        assert sorted(d["name"] for d in after["data"]["me"]["dogs"]) == sorted([*before, "Batchy"])
    finally:
        await gql.http.aclose()
        await odoo.close()
