"""A slow or sick Odoo, end to end: one deadline per request, the circuit breaker, a failing integration log-in.

The tests share an emulator of this module's own (``sick_odoo``), which they slow down or stop; a fixture
puts it back to health after each. Timings are printed (``pytest -s``) and only bounded generously.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bff.app import create_app
from bff.circuit_breaker import BreakerState, CircuitBreaker
from bff.odoo_client import OdooClient
from demo_data.content import INTEGRATION_LOGIN
from tests.conftest import DB, DemoOdoo, settings_for, start_seeded_emulator

EVENTS = "query Events { events(first: 3) { totalCount edges { node { id name } } } }"
REQUEST_TIMEOUT_S = 5.0


class Bff:
    """The BFF app over an emulator, with the Odoo client it uses, sending raw HTTP requests."""

    def __init__(self, demo: DemoOdoo, *, api_key: str | None = None, password: str | None = None,
                 odoo_timeout_s: float = 1.0,
                 breaker: CircuitBreaker | None = None, request_timeout_s: float = REQUEST_TIMEOUT_S) -> None:
        self.odoo = OdooClient(url=demo.server.url, db=DB, login=INTEGRATION_LOGIN,
                               api_key=None if password else api_key or demo.seeded.integration_api_key,
                               password=password, timeout_s=odoo_timeout_s,
                               breaker=breaker)
        settings = settings_for(demo.server, jwt_secret="test-secret-" + "x" * 32, odoo_timeout_s=odoo_timeout_s,
                                request_timeout_s=request_timeout_s)
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(settings, odoo=self.odoo)),
                                      base_url="http://bff.test", timeout=30)

    async def post(self, query: str = EVENTS) -> tuple[float, httpx.Response]:
        started = time.perf_counter()
        response = await self.http.post("/graphql", json={"query": query})
        return time.perf_counter() - started, response

    async def close(self) -> None:
        await self.http.aclose()
        await self.odoo.close()


def outcome(response: httpx.Response) -> str:
    """``DATA`` for an answer without errors, else the one error code (a test fails on anything else)."""
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    if not body.get("errors"):
        assert body["data"]["events"]["totalCount"] > 0
        return "DATA"
    codes = {error["extensions"]["code"] for error in body["errors"]}
    assert len(codes) == 1, body
    return codes.pop()


def retry_after(response: httpx.Response) -> int | None:
    """``extensions.retryAfter``, checked against the ``Retry-After`` header, which must say the same."""
    errors = response.json().get("errors") or []
    values = {error["extensions"].get("retryAfter") for error in errors}
    header = response.headers.get("retry-after")
    value = max((v for v in values if v is not None), default=None)
    assert header == (None if value is None else str(value)), (header, values)
    return value


@pytest.fixture(scope="module")
async def seeded_for_faults() -> AsyncIterator[DemoOdoo]:
    demo = await start_seeded_emulator()
    yield demo
    await demo.server.stop()


@pytest.fixture
async def sick_odoo(seeded_for_faults: DemoOdoo) -> AsyncIterator[DemoOdoo]:
    """The module's emulator, healthy and with an empty call log; healthy again after the test."""
    server = seeded_for_faults.server
    server.clear_calls()
    yield seeded_for_faults
    server.latency_ms = 0
    await server.resume()


@pytest.fixture
async def bff(sick_odoo: DemoOdoo) -> AsyncIterator[Bff]:
    app = Bff(sick_odoo)
    yield app
    await app.close()


async def test_slow_odoo_answers_40_concurrent_clients_within_the_request_deadline(
        sick_odoo: DemoOdoo, bff: Bff) -> None:
    """Odoo at 2 s per call, ODOO_TIMEOUT_S=1, 8 connections: nobody waits past the 5 s request deadline.

    Before the deadline and the breaker, the same load waited 21 s at the median and 40 s at worst.
    """
    server = sick_odoo.server
    _, warm = await bff.post()
    assert outcome(warm) == "DATA"
    server.latency_ms = 2000
    server.clear_calls()

    results = await asyncio.gather(*(bff.post() for _ in range(40)))

    timings = sorted(seconds for seconds, _ in results)
    outcomes = [outcome(response) for _, response in results]
    print(f"\n40 clients, Odoo 2 s/call, ODOO_TIMEOUT_S=1: p50 {statistics.median(timings):.2f} s, "
          f"max {timings[-1]:.2f} s, outcomes {sorted(set(outcomes))}")
    assert set(outcomes) == {"ODOO_UNAVAILABLE"}  # no call can succeed in 1 s; none is INTERNAL
    assert timings[-1] < REQUEST_TIMEOUT_S + 2.0  # generous: the deadline is 5 s, the breaker makes it ~1 s
    # The first 8 calls (one per connection) time out and open the breaker at the 5th failure; the 4 slots
    # freed before that may each send one more call. Everyone else fails fast once their slot frees, told
    # when to come back, without a call reaching Odoo.
    sent = len(server.calls)
    assert 8 <= sent <= 8 + 4
    fast = [response for _, response in results if retry_after(response) is not None]
    assert len(fast) >= 40 - sent
    assert bff.odoo.breaker.state is BreakerState.OPEN


async def test_queueing_counts_against_the_request_deadline(sick_odoo: DemoOdoo) -> None:
    """With the breaker out of the way (it never opens), queued requests still stop at the deadline."""
    bff = Bff(sick_odoo, odoo_timeout_s=3.0, breaker=CircuitBreaker(failure_threshold=1000),
              request_timeout_s=2.0)
    try:
        _, warm = await bff.post()
        assert outcome(warm) == "DATA"
        sick_odoo.server.latency_ms = 500
        results = await asyncio.gather(*(bff.post() for _ in range(40)))
    finally:
        await bff.close()
    timings = sorted(seconds for seconds, _ in results)
    outcomes = [outcome(response) for _, response in results]
    print(f"\n40 clients, Odoo 0.5 s/call, deadline 2 s, no breaker: p50 {statistics.median(timings):.2f} s, "
          f"max {timings[-1]:.2f} s, {outcomes.count('DATA')} answered with data")
    # 8 connections x 0.5 s: at most four rounds of 8 fit in 2 s, the rest run out of time while queued.
    assert 8 <= outcomes.count("DATA") <= 32
    assert set(outcomes) == {"DATA", "ODOO_UNAVAILABLE"}
    assert timings[-1] < 2.0 + 1.5


async def test_breaker_opens_while_odoo_is_down_and_recovers_when_it_returns(sick_odoo: DemoOdoo) -> None:
    server = sick_odoo.server
    bff = Bff(sick_odoo, breaker=CircuitBreaker(failure_threshold=3, reset_s=0.5))
    try:
        _, warm = await bff.post()
        assert outcome(warm) == "DATA"
        await server.pause()
        first = [response for _, response in [await bff.post(), await bff.post()]]
        # each request tries twice (one retry of a read): 4 refused connections, the breaker opens at 3
        assert [outcome(r) for r in first] == ["ODOO_UNAVAILABLE"] * 2
        assert bff.odoo.breaker.state is BreakerState.OPEN
        sent = bff.odoo.metrics.odoo_calls.total()

        _, fast = await bff.post()
        assert outcome(fast) == "ODOO_UNAVAILABLE"
        assert retry_after(fast) == 1
        assert bff.odoo.metrics.odoo_calls.total() == sent  # failed fast: nothing sent to Odoo

        await server.resume()
        server.clear_calls()
        await asyncio.sleep(0.6)  # past reset_s: the next call is the probe
        _, probe = await bff.post()
        assert outcome(probe) == "DATA"
        assert retry_after(probe) is None
        assert bff.odoo.breaker.state is BreakerState.CLOSED
        assert len(server.calls) >= 1
    finally:
        await bff.close()


@pytest.mark.parametrize("credential", ["api_key", "password"])
async def test_integration_log_in_failure_is_unavailable_with_few_log_lines(
        sick_odoo: DemoOdoo, caplog: pytest.LogCaptureFixture, credential: str) -> None:
    server = sick_odoo.server
    # Timeouts and an open spell far above what the test needs, even on a loaded machine: exact counts.
    options: dict[str, Any] = {"odoo_timeout_s": 10, "request_timeout_s": 20, "breaker": CircuitBreaker(reset_s=60)}
    bff = Bff(sick_odoo, **{credential: "not-the-right-one"}, **options)
    server.clear_calls()
    caplog.set_level(logging.WARNING, logger="bff")
    try:
        results = await asyncio.gather(*(bff.post() for _ in range(60)))
        results += [await bff.post() for _ in range(30)]
    finally:
        await bff.close()
    outcomes = [outcome(response) for _, response in results]
    assert set(outcomes) == {"ODOO_UNAVAILABLE"}  # not INTERNAL: the client cannot do anything about it
    assert all(retry_after(response) for _, response in results)
    # One log-in attempt: the breaker opened on the refusal and every other request failed fast.
    route = "/jsonrpc" if credential == "api_key" else "/web/session/authenticate"
    assert len(server.calls_to(route=route)) == 1
    assert len(server.calls) == 1
    lines = [record.getMessage() for record in caplog.records if record.name.startswith("bff")]
    # the refusal itself (password log-in: Odoo's AccessDenied) and the outage, once each, not 90 times
    assert len(lines) == (1 if credential == "api_key" else 2), lines
    assert "cannot log in to Odoo" in lines[-1]
