"""Per-viewer rate limits on operations and on query cost (``bff/request_limits.py``), in one process and
shared by two over Redis, and what the BFF does when Redis is down (rate limits open, auth closed)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from graphql import parse
from graphql.utilities import get_operation_ast
from limits.aio.storage import MemoryStorage

from bff.odoo_client import OdooClient
from bff.query_limits import DocumentLimits
from bff.request_limits import RequestLimits
from bff.settings import Settings
from bff.shared_state import RETRIES, SOCKET_TIMEOUT_S
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient
from tests.redis_server import free_port

Opener = Callable[..., Awaitable[GraphQLClient]]
EVENTS = "{ events(first: 10) { edges { node { name tags { name } } } } }"
TYPENAME = "{ __typename }"


def priced(query: str, settings: Settings) -> int:
    """What ``DocumentLimits`` prices ``query`` at (bff/query_cost.py)."""
    from bff.graphql_schema import build_schema
    from bff.query_shape import fragments_of

    document = parse(query)
    pricing = DocumentLimits.from_settings(settings).pricing(build_schema()._schema)
    return pricing.operation_cost(get_operation_ast(document), fragments_of(document), {}).total


@pytest.fixture
async def bff(demo_odoo: DemoOdoo) -> AsyncIterator[Opener]:
    """Opens BFFs over the demo emulator (the test's address trusted as a proxy), closed after the test."""
    opened: list[tuple[GraphQLClient, OdooClient]] = []

    async def open_one(**overrides: object) -> GraphQLClient:
        gql, odoo = await open_bff(demo_odoo.server, api_key=demo_odoo.seeded.integration_api_key,
                                   trusted_proxies=("127.0.0.1",), **overrides)
        opened.append((gql, odoo))
        return gql

    yield open_one
    for gql, odoo in opened:
        redis = gql.http._transport.app.state.redis  # type: ignore[attr-defined]  # no lifespan under ASGI
        if redis is not None:
            await redis.aclose()
        await gql.http.aclose()
        await odoo.close()


async def answer(gql: GraphQLClient, query: str, address: str = "203.0.113.5") -> tuple[dict, dict[str, str]]:
    headers = {"X-Forwarded-For": address}
    if gql.token:
        headers["Authorization"] = f"Bearer {gql.token}"
    response = await gql.http.post("/graphql", json={"query": query}, headers=headers)
    return response.json(), dict(response.headers)


def assert_limited(body: dict, headers: dict[str, str]) -> None:
    assert body["data"] is None, body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 1 <= error["extensions"]["retryAfter"] <= 60
    assert int(headers["retry-after"]) == error["extensions"]["retryAfter"]


async def test_anonymous_operations_are_limited_per_address_before_any_odoo_call(bff: Opener,
                                                                                  demo_odoo: DemoOdoo) -> None:
    gql = await bff(rate_limit_requests="3/minute")
    for _ in range(3):
        body, _ = await answer(gql, EVENTS)
        assert "errors" not in body
    demo_odoo.server.clear_calls()
    body, headers = await answer(gql, EVENTS)
    assert_limited(body, headers)
    assert demo_odoo.server.calls_to() == []
    body, _ = await answer(gql, EVENTS, address="198.51.100.7")  # another client address has its own budget
    assert "errors" not in body


async def test_a_signed_in_viewer_is_limited_by_user_across_tokens_and_addresses(bff: Opener) -> None:
    gql = await bff(rate_limit_requests="6/minute")
    dana_one = await gql.log_in("dana@customk9.demo")  # log-ins are anonymous operations (the test's address)
    dana_two = await gql.log_in("dana@customk9.demo")
    omar = await gql.log_in("omar@customk9.demo")
    for n in range(6):
        body, _ = await answer(dana_one if n % 2 else dana_two, "{ me { name } }", address=f"192.0.2.{n}")
        assert "errors" not in body, body
    assert_limited(*await answer(dana_two, "{ me { name } }", address="192.0.2.99"))
    body, _ = await answer(omar, "{ me { name } }")
    assert "errors" not in body


async def test_query_cost_is_charged_as_priced(bff: Opener) -> None:
    settings = Settings(max_query_cost=300)
    cost = priced(EVENTS, settings)
    assert 100 < cost < 300
    budget = 3 * cost + cost // 2  # three such queries fit, a fourth does not
    gql = await bff(max_query_cost=300, rate_limit_cost=f"{budget}/minute")
    for _ in range(3):
        body, _ = await answer(gql, EVENTS)
        assert "errors" not in body
    assert_limited(*await answer(gql, EVENTS))
    body, _ = await answer(gql, TYPENAME)  # a cheap operation still fits the half left
    assert "errors" not in body


async def test_off_switches_a_budget_off_and_a_budget_below_one_operation_is_refused(bff: Opener) -> None:
    gql = await bff(rate_limit_requests="off", rate_limit_cost="off")
    for _ in range(30):
        body, _ = await answer(gql, TYPENAME)
        assert "errors" not in body
    with pytest.raises(ValueError, match="BFF_RATE_LIMIT_COST"):
        RequestLimits.from_settings(Settings(max_query_cost=5000, rate_limit_cost="100/minute"), MemoryStorage())
    with pytest.raises(ValueError, match="BFF_RATE_LIMIT_REQUESTS"):
        RequestLimits.from_settings(Settings(rate_limit_requests="lots"), MemoryStorage())


async def test_two_bffs_over_one_redis_share_the_budget(bff: Opener, redis_url: str) -> None:
    one = await bff(rate_limit_requests="4/minute", redis_url=redis_url)
    two = await bff(rate_limit_requests="4/minute", redis_url=redis_url)
    for n in range(4):
        body, _ = await answer(one if n % 2 else two, TYPENAME)
        assert "errors" not in body
    assert_limited(*await answer(one, TYPENAME))
    assert_limited(*await answer(two, TYPENAME))


async def test_redis_down_lets_anonymous_traffic_through_and_refuses_tokens(bff: Opener) -> None:
    healthy = await bff()
    dana = await healthy.log_in("dana@customk9.demo")
    down = await bff(rate_limit_requests="1/minute", redis_url=f"redis://127.0.0.1:{free_port()}/0")
    for _ in range(3):  # rate limits fail open: over the budget, yet served
        body, _ = await answer(down, EVENTS)
        assert "errors" not in body, body
    response = await down.http.post("/graphql", json={"query": "{ me { name } }"},
                                    headers={"Authorization": f"Bearer {dana.token}"})
    assert response.status_code == 503  # a token that cannot be checked against revocations is refused
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert int(response.headers["retry-after"]) >= 1
    codes = await down.error_codes('mutation { logIn(email: "dana@customk9.demo", password: "demo") { accessToken } }')
    assert codes == ["SERVICE_UNAVAILABLE"]  # no throttle, no log-in


async def test_a_redis_that_hangs_costs_a_request_seconds_not_the_deadline(bff: Opener) -> None:
    """A Redis that accepts connections and never answers: each request pays the bounded timeout, once."""
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(-1)  # swallow every command, answer none
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    try:
        port = server.sockets[0].getsockname()[1]
        gql = await bff(redis_url=f"redis://127.0.0.1:{port}/0")
        started = time.monotonic()
        body, _ = await answer(gql, TYPENAME)
        took = time.monotonic() - started
        assert "errors" not in body  # rate limits failed open
        # the handshake and one command, each timed out and retried once; the second budget is not tried
        assert took < 2 * SOCKET_TIMEOUT_S * (RETRIES + 1) + 1.5, took
    finally:
        server.close()
