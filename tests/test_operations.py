"""Health, readiness, metrics, GraphiQL, outages and error masking."""

from __future__ import annotations

from odoo_emulator.exceptions import PythonValueError
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

EVENTS = "{ events(first: 2) { totalCount edges { node { name } } } }"


async def test_health_ready_and_metrics(gql: GraphQLClient) -> None:
    assert (await gql.http.get("/healthz")).json() == {"status": "ok"}
    ready = await gql.http.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert ready.json()["odoo"].startswith("18.0")
    await gql.query(EVENTS)
    metrics = (await gql.http.get("/metrics")).text
    assert "# TYPE bff_odoo_calls_total counter" in metrics
    assert await gql.metric("bff_odoo_calls_total", model="event.event", method="web_search_read") >= 1


async def test_graphiql_is_served_to_browsers_and_can_be_switched_off(demo_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(demo_odoo.server)
    page = await gql.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    await gql.http.aclose()
    await odoo.close()
    gql, odoo = await open_bff(demo_odoo.server, graphiql=False, introspection=False)
    page = await gql.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code != 200 or "graphiql" not in page.text.lower()
    assert set(await gql.error_codes("{ __schema { types { name } } }")) == {"GRAPHQL_VALIDATION_FAILED"}
    assert (await gql.query(EVENTS))["events"]["totalCount"] == 11  # upcoming ones; ordinary queries still work
    await gql.http.aclose()
    await odoo.close()


async def test_request_id_is_echoed_and_generated(gql: GraphQLClient) -> None:
    given = await gql.http.post("/graphql", json={"query": EVENTS}, headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = await gql.http.post("/graphql", json={"query": EVENTS}, headers={"X-Request-ID": "bad id\n"})
    assert len(made.headers["x-request-id"]) == 32


async def test_stopped_odoo_gives_503_and_typed_error_then_recovers(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, odoo_retries=0)
    try:
        assert (await gql.query(EVENTS))["events"]["totalCount"] == 11  # upcoming
        await fresh_odoo.server.pause()
        ready = await gql.http.get("/readyz")
        assert ready.status_code == 503 and ready.json()["status"] == "unavailable" and ready.json()["reason"]
        body = await gql.raw(EVENTS)
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["ODOO_UNAVAILABLE"]
        assert body["errors"][0]["extensions"]["requestId"]
        await fresh_odoo.server.resume()
        assert (await gql.http.get("/readyz")).status_code == 200
        assert (await gql.query(EVENTS))["events"]["totalCount"] == 11  # upcoming
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_odoo_restart_that_loses_sessions_is_recovered_by_logging_in_again(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server)
    try:
        await gql.query(EVENTS)
        fresh_odoo.server.sessions.clear()
        assert (await gql.query(EVENTS))["events"]["totalCount"] == 11  # upcoming
        assert len(fresh_odoo.server.calls_to(route="/web/session/authenticate")) == 2
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_unexpected_odoo_errors_are_masked_with_a_request_id(fresh_odoo: DemoOdoo, monkeypatch) -> None:
    real_execute = fresh_odoo.db.execute

    def failing(uid, model, method, args, kwargs, **options):
        if model == "event.type":
            raise PythonValueError("column event_type.secret does not exist")
        return real_execute(uid, model, method, args, kwargs, **options)

    gql, odoo = await open_bff(fresh_odoo.server)
    try:
        # the page reads its categories nested in one call; a single event reads its own with a loader
        first = await gql.query("{ events(first: 1, filter: {when: ALL}) { edges { node { id } } } }")
        monkeypatch.setattr(fresh_odoo.db, "execute", failing)
        query = ("query One($id: ID!) { events(first: 3, filter: {when: ALL}) { edges { node { name } } } "
                 "event(id: $id) { name category { name } } }")
        response = await gql.http.post("/graphql", json={"query": query, "variables": {
            "id": first["events"]["edges"][0]["node"]["id"]}})
        body = response.json()
        assert {e["extensions"]["code"] for e in body["errors"]} == {"INTERNAL"}
        assert all(e["message"] == "Internal server error" for e in body["errors"])
        assert all(e["extensions"]["requestId"] == response.headers["x-request-id"] for e in body["errors"])
        assert "Traceback" not in response.text and "secret" not in response.text
        assert body["data"]["events"]["edges"][0]["node"] == {"name": "Autumn Trail Walk"}
        assert body["data"]["event"] == {"name": "Autumn Trail Walk", "category": None}
    finally:
        await gql.http.aclose()
        await odoo.close()


def nested_dog_query(levels: int) -> str:
    inner = "name"
    for _ in range(levels):
        inner = f"name trainingPlans {{ dog {{ {inner} }} }}"
    return f"{{ me {{ dogs {{ {inner} }} }} }}"


async def test_deep_or_huge_queries_are_refused_before_any_odoo_call(demo_odoo: DemoOdoo,
                                                                     gql: GraphQLClient) -> None:
    dana = await gql.log_in("dana@customk9.demo")
    huge = "{ " + " ".join(f"a{i}: events(first: 100) {{ edges {{ node {{ name tags {{ name }} "
                           f"tickets {{ name }} }} }} }}" for i in range(5)) + " }"
    demo_odoo.server.clear_calls()
    deep = await dana.raw(nested_dog_query(10))  # me, dogs, then 10 x (trainingPlans, dog): 23 levels
    wide = await dana.raw(huge)
    assert {e["extensions"]["code"] for e in deep["errors"] + wide["errors"]} == {"QUERY_TOO_COMPLEX"}
    assert "Query depth 23 exceeds the limit of 12" in [e["message"] for e in deep["errors"]]
    assert [e["message"] for e in wide["errors"]] == ["Query cost 11250 exceeds the limit of 5000"]  # 5 x 2250
    assert "data" not in deep or deep["data"] is None
    assert demo_odoo.server.calls == []
    assert (await dana.query(nested_dog_query(2)))["me"]["dogs"]  # a reasonable nesting still works


async def test_cors_allows_only_the_configured_origins(demo_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(demo_odoo.server, cors_origins=("https://shop.customk9.example",))
    try:
        preflight = {"Origin": "https://shop.customk9.example", "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "authorization,content-type"}
        allowed = await gql.http.options("/graphql", headers=preflight)
        assert allowed.headers["access-control-allow-origin"] == "https://shop.customk9.example"
        denied = await gql.http.options("/graphql", headers={**preflight, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in denied.headers
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_cors_accepts_apollo_headers_and_exposes_the_request_id(demo_odoo: DemoOdoo) -> None:
    origin = "https://shop.customk9.example"
    gql, odoo = await open_bff(demo_odoo.server, cors_origins=(origin,))
    try:
        asked = "apollographql-client-name,apollographql-client-version,accept-language,if-none-match"
        preflight = await gql.http.options("/graphql", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": asked})
        assert preflight.status_code == 200, preflight.text
        allowed = {h.strip().lower() for h in preflight.headers["access-control-allow-headers"].split(",")}
        assert set(asked.split(",")) <= allowed
        refused = await gql.http.options("/graphql", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-evil"})
        assert refused.status_code == 400
        response = await gql.http.post("/graphql", json={"query": "{ events(first: 0) { totalCount } }"},
                                       headers={"Origin": origin, "apollographql-client-name": "storefront",
                                                "apollographql-client-version": "1.2.3"})
        assert response.status_code == 200 and response.headers["access-control-allow-origin"] == origin
        assert response.headers["access-control-expose-headers"].lower() == "x-request-id"
        assert response.headers["x-request-id"]
    finally:
        await gql.http.aclose()
        await odoo.close()
