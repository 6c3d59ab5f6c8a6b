"""One table for one Odoo: set up the data, serve the BFF, measure every page three ways, then the bare app,
the cached public query and (on the emulator) the subscription fan-out.

The targets: the seeded emulator in a process of its own, with ``latency_ms`` added to every Odoo call; or the
real Odoo that the ``ODOO_*`` settings name (the integration account, as the BFF runs in production), set up
as ``ODOO_ADMIN_LOGIN``/``ODOO_ADMIN_PASSWORD`` (default admin/admin) and cleaned after.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from bench import data, servers, subscriptions
from bench.direct import CountingOdoo
from bench.measure import Fetch, Load, Timing, measure
from bench.pages import EVENTS, PAGES, Page
from bench.table import Row
from bff.odoo_client import OdooClient
from demo_data.content import INTEGRATION_LOGIN
from tests.conftest import ADMIN, DB
from tests.graphql_client import GraphQLClient


@dataclass
class Target:
    name: str
    odoo_env: dict[str, str]  # the ODOO_* settings of the BFF process
    admin: OdooClient  # sets up and removes the bench's records
    direct: CountingOdoo  # the no-BFF and critical paths, as the integration account
    emulator: servers.Served | None = None  # the emulator's own process
    cleanup: bool = False

    async def close(self) -> None:
        await self.admin.close()
        await self.direct.close()
        if self.emulator is not None:
            await self.emulator.stop()


async def emulator_target(latency_ms: float) -> Target:
    """The seeded emulator in a process of its own (``bff emulator``), ``latency_ms`` added to every call."""
    emulator, key = await servers.start_emulator(latency_ms)
    env = {"ODOO_URL": emulator.url, "ODOO_DB": DB, "ODOO_LOGIN": INTEGRATION_LOGIN, "ODOO_API_KEY": key}
    return Target(f"emulator (own process), {latency_ms:g} ms added to every Odoo call", env,
                  OdooClient(url=emulator.url, db=DB, login=ADMIN[0], password=ADMIN[1]),
                  CountingOdoo(url=emulator.url, db=DB, login=INTEGRATION_LOGIN, api_key=key), emulator)


def odoo_target(env: Mapping[str, str]) -> Target:
    url, db, login = env["ODOO_URL"], env.get("ODOO_DB", ""), env.get("ODOO_LOGIN", "")
    api_key, password = env.get("ODOO_API_KEY") or None, env.get("ODOO_PASSWORD") or None
    odoo_env = {key: value for key, value in env.items() if key.startswith("ODOO_")}
    return Target(f"real Odoo at {url} (db {db})", odoo_env,
                  OdooClient(url=url, db=db, login=env.get("ODOO_ADMIN_LOGIN", "admin"),
                             password=env.get("ODOO_ADMIN_PASSWORD", "admin")),
                  CountingOdoo(url=url, db=db, login=login, api_key=api_key, password=password), cleanup=True)


async def _calls_of_one(metrics: GraphQLClient, fetch: Fetch) -> float:
    """Odoo calls the BFF made (``bff_odoo_calls_total``) while serving one warm request, measured before any
    concurrent load, whose last requests could still be calling Odoo."""
    before = await metrics.odoo_calls()
    await fetch()
    return await metrics.odoo_calls() - before


async def _page_rows(page: Page, target: Target, subject: data.Subject, client: GraphQLClient,
                     metrics: GraphQLClient, pid: int, load: Load) -> tuple[list[Row], Timing]:
    variables = page.variables(subject)

    async def via_bff() -> None:
        await client.query(page.query, variables)

    async def naive() -> None:
        await page.naive(target.direct, subject)

    async def critical() -> None:
        await page.critical(target.direct, subject)

    await via_bff()
    bff_calls = await _calls_of_one(metrics, via_bff)
    bff = await measure(via_bff, load, pid=pid, warm=True)
    timings, counts = [], []
    for path, requests in ((naive, load.slow_requests), (critical, load.requests)):
        target.direct.calls = 0
        await path()  # counts its calls and is the warm-up
        counts.append(target.direct.calls)
        per_page = target.direct.calls

        def pages_done(per_page: int = per_page) -> float:
            return target.direct.calls / per_page

        timings.append(await measure(path, load, requests=requests, warm=True, progress=pages_done))
    slow, floor = timings
    return [Row(page.name, "BFF", bff_calls, bff, f"{_times(bff.p50_ms, floor.p50_ms)} critical p50"),
            Row(page.name, "no BFF (call per list and record)", counts[0], slow),
            Row(page.name, "critical path (nested specification per list)", counts[1], floor)], bff


async def _bare_and_cached(http: httpx.AsyncClient, metrics: GraphQLClient, events: Timing, load: Load,
                           pid: int) -> list[Row]:
    page = await metrics.query(EVENTS, {"first": 50})
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(page, file)
    bare = await servers.start_bare(file.name)
    try:
        async with httpx.AsyncClient(base_url=bare.url, timeout=60) as bare_http:
            bare_client = GraphQLClient(bare_http)
            bare_timing = await measure(lambda: bare_client.query(EVENTS, {"first": 50}), load, pid=bare.pid)
    finally:
        await bare.stop()
        os.unlink(file.name)
    params = {"query": EVENTS, "variables": json.dumps({"first": 50})}

    async def get() -> None:
        response = await http.get("/graphql", params=params)
        assert response.status_code == 200 and "errors" not in response.json(), response.text

    await get()
    cached_calls = await _calls_of_one(metrics, get)
    cached = await measure(get, load, pid=pid, warm=True)
    return [Row("events page (first 50)", "bare strawberry app, same shape, data in memory", 0, bare_timing,
                f"BFF req/s = {_times(events.req_per_s, bare_timing.req_per_s)} bare"
                f"{_cpu_ratio(events, bare_timing)}"),
            Row("events page (first 50)", "BFF, the same public GET repeated (cache)", cached_calls, cached,
                f"{_times(cached.req_per_s, events.req_per_s)} BFF req/s")]


def _times(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base else "n/a"


def _cpu_ratio(bff: Timing, bare: Timing) -> str:
    return f"; BFF CPU = {_times(bff.cpu_ms or 0.0, bare.cpu_ms or 0.0)} bare"


async def run_table(target: Target, load: Load, *, bff_env: Mapping[str, str]) -> list[Row]:
    subject = await data.create(target.admin)
    try:
        bff = await servers.start_bff(target.odoo_env, bff_env)
        try:
            async with httpx.AsyncClient(base_url=bff.url, timeout=120) as http:
                anonymous = GraphQLClient(http)
                dana = await anonymous.log_in(data.DANA)
                rows: list[Row] = []
                events: Timing | None = None
                for page in PAGES:
                    page_rows, timing = await _page_rows(page, target, subject, dana if page.signed_in else anonymous,
                                                         anonymous, bff.pid, load)
                    rows += page_rows
                    events = events or timing
                assert events is not None
                rows += await _bare_and_cached(http, anonymous, events, load, bff.pid)
        finally:
            await bff.stop()
    finally:
        if target.cleanup:
            await data.remove(target.admin)
    return rows


async def fan_out_row(subscribers: int, changes: int, latency_ms: float) -> Row:
    """``bench.subscriptions``'s summary as a row: delivery delay from the write in Odoo to each frame."""
    figures = await subscriptions.run(subscribers, changes, latency_ms=latency_ms)
    return Row("subscription fan-out (emulator)", f"{subscribers} websocket subscribers, 1 BFF process",
               f"{figures.odoo_bus_connections} bus socket", p50_ms=figures.p50_ms, p99_ms=figures.p99_ms,
               ratio=f"delivered {figures.deliveries}/{figures.expected}; "
                     f"{figures.kib_per_subscriber:.1f} KiB per idle subscriber")
