"""Several real ``bff serve`` processes over one Redis and one Odoo behave as one BFF.

Each BFF here is its own OS process (``python -m bff.cli serve``), as in production, not a second app in the
test's process: sharing through Redis is what is under test, not a Python object both apps could hold.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from demo_data.content import INTEGRATION_LOGIN
from tests.conftest import DB, DemoOdoo
from tests.graphql_client import LOG_IN, GraphQLClient
from tests.redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90  # two cores shared by many test runs: start-up can be slow, never endless
REFRESH = """mutation R($t: String!) { refreshToken(refreshToken: $t) {
  accessToken refreshToken errors { code } } }"""
LOG_OUT = "mutation O($t: String!) { logOut(refreshToken: $t) { ok errors { code } } }"
ME = "{ me { email } }"
BAD_LOG_IN = """mutation L($p: String!) { logIn(email: "omar@customk9.demo", password: $p) {
  accessToken errors { code retryAfterSeconds } } }"""


def bff_env(demo: DemoOdoo, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ODOO_", "BFF_", "PROMETHEUS_")) and k != "REDIS_URL"}
    return {**env, "ODOO_URL": demo.server.url, "ODOO_DB": DB, "ODOO_LOGIN": INTEGRATION_LOGIN,
            "ODOO_API_KEY": demo.seeded.integration_api_key or "", "REDIS_URL": redis_url,
            "BFF_JWT_SECRET": "processes-test-secret-" + "x" * 32, "BFF_LIVE_MODE": "off",
            "BFF_LOG_LEVEL": "WARNING"}


@asynccontextmanager
async def bff_process(env: dict[str, str], *args: str) -> AsyncIterator[str]:
    """``bff serve`` in a process of its own on a free port: its base URL, once ``/healthz`` answers."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bff.cli", "serve", "--port", str(port), *args, env=env, cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url, timeout=5) as http:
            for _ in range(START_TIMEOUT_S * 10):
                if process.returncode is not None:
                    raise RuntimeError("bff serve exited: " + (await process.stderr.read()).decode()[-2000:])
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError(f"bff serve did not answer within {START_TIMEOUT_S} s")
        yield url
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()


def client(url: str) -> GraphQLClient:
    """A client that opens a new connection for every request, so that a multi-worker server spreads them."""
    return GraphQLClient(httpx.AsyncClient(base_url=url, timeout=10,
                                           limits=httpx.Limits(max_keepalive_connections=0)))


async def with_clients(urls: list[str], body: Callable[[list[GraphQLClient]], Awaitable[None]]) -> None:
    clients = [client(url) for url in urls]
    try:
        await body(clients)
    finally:
        for each in clients:
            await each.http.aclose()


async def test_two_processes_share_refresh_tokens_revocations_and_lockout(demo_odoo: DemoOdoo,
                                                                          redis_url: str) -> None:
    env = bff_env(demo_odoo, redis_url)
    async with bff_process(env) as first_url, bff_process(env) as second_url:
        async def body(clients: list[GraphQLClient]) -> None:
            one, two = clients
            signed = (await one.query(LOG_IN, {"email": "dana@customk9.demo", "password": "demo"}))["logIn"]
            rotated = (await one.query(REFRESH, {"t": signed["refreshToken"]}))["refreshToken"]
            on_two = (await two.query(REFRESH, {"t": rotated["refreshToken"]}))["refreshToken"]
            assert on_two["errors"] == [] and on_two["refreshToken"]  # rotated on one, works on the other
            bearer = one.as_token(on_two["accessToken"])
            assert (await bearer.query(ME))["me"]["email"] == "dana@customk9.demo"

            assert (await two.query(LOG_OUT, {"t": on_two["refreshToken"]}))["logOut"]["errors"] == []
            refused = (await one.query(REFRESH, {"t": on_two["refreshToken"]}))["refreshToken"]
            assert refused["errors"] == [{"code": "INVALID_TOKEN"}] and refused["accessToken"] is None
            assert await bearer.error_codes(ME) == ["UNAUTHENTICATED"]  # its access token died on both too

            demo_odoo.server.clear_calls()
            for n in range(10):  # wrong passwords, alternating between the two processes
                wrong = (await clients[n % 2].query(BAD_LOG_IN, {"p": f"guess-{n}"}))["logIn"]
                assert wrong["errors"][0]["code"] == "INVALID_CREDENTIALS"
            for each in clients:  # the right password now waits, on both
                held = (await each.query(BAD_LOG_IN, {"p": "demo"}))["logIn"]
                assert held["errors"][0]["code"] == "TOO_MANY_ATTEMPTS" and held["accessToken"] is None
            assert len(demo_odoo.server.calls_to(method="common.authenticate")) == 10

        await with_clients([first_url, second_url], body)


async def test_two_workers_answer_every_refresh_and_report_every_call(demo_odoo: DemoOdoo, redis_url: str) -> None:
    env = bff_env(demo_odoo, redis_url)
    demo_odoo.server.clear_calls()
    async with bff_process(env, "--workers", "2") as url:
        async def body(clients: list[GraphQLClient]) -> None:
            (gql,) = clients
            token = (await gql.query(LOG_IN, {"email": "lea@customk9.demo", "password": "demo"}))["logIn"]
            token = token["refreshToken"]
            for _ in range(10):
                answer = (await gql.query(REFRESH, {"t": token}))["refreshToken"]
                assert answer["errors"] == [], answer
                token = answer["refreshToken"]
            odoo_calls = len(demo_odoo.server.calls_to())
            for _ in range(6):  # whichever worker answers, /metrics counts the calls of both
                samples = await gql.samples()
                workers = {s.labels["pid"] for s in samples if s.name == "bff_worker_started_seconds"}
                assert len(workers) == 2
                assert sum(s.value for s in samples if s.name == "bff_odoo_calls_total") == odoo_calls

        await with_clients([url], body)


def test_workers_without_redis_refuse_to_start() -> None:
    """In-memory refresh tokens and throttles would differ per worker: refused before anything starts."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    out = subprocess.run([sys.executable, "-m", "bff.cli", "serve", "--workers", "2", "--port", str(free_port())],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert out.returncode == 2
    assert "--workers above 1 needs REDIS_URL" in out.stderr
