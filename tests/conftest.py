"""Shared fixtures: the Odoo emulator on 127.0.0.1 seeded with the demo data, and the BFF over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from bff.app import create_app
from bff.odoo_client import OdooClient
from bff.settings import Settings
from demo_data.content import INTEGRATION_LOGIN
from demo_data.seed import SeedResult, seed
from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer
from tests.graphql_client import GraphQLClient

DB = "customk9"
ADMIN = ("admin", "admin")


@dataclass
class DemoOdoo:
    server: EmulatorServer
    seeded: SeedResult

    @property
    def db(self) -> Database:
        return self.server.db


async def start_seeded_emulator() -> DemoOdoo:
    server = EmulatorServer(Database(name=DB))
    await server.start()
    try:
        async with OdooClient(url=server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as admin:
            seeded = await seed(admin)
    except BaseException:
        await server.stop()
        raise
    server.clear_calls()
    return DemoOdoo(server, seeded)


@pytest.fixture(scope="session")
async def demo_odoo() -> AsyncIterator[DemoOdoo]:
    """One seeded emulator for the whole run. Tests that write to it must use their own (``fresh_odoo``)."""
    demo = await start_seeded_emulator()
    yield demo
    await demo.server.stop()


@pytest.fixture
async def fresh_odoo() -> AsyncIterator[DemoOdoo]:
    """A seeded emulator of this test's own, for tests that change data or stop Odoo."""
    demo = await start_seeded_emulator()
    yield demo
    await demo.server.stop()


def settings_for(server: EmulatorServer, **overrides: object) -> Settings:
    """Settings over ``server``. The shared public cache is off unless asked for: apps served through
    ``httpx.ASGITransport`` run no lifespan, so no change feed would drop what a test writes straight into
    Odoo (the cache's own tests, ``tests/cache_app.py`` and the live harness, turn it on)."""
    overrides.setdefault("public_cache_ttl_s", 0)
    settings = Settings().with_odoo(server.url, db=DB, login=ADMIN[0], password=ADMIN[1])
    return Settings(**{**settings.__dict__, **overrides})  # type: ignore[arg-type]


async def open_bff(server: EmulatorServer, *, api_key: str | None = None,
                   **overrides: object) -> tuple[GraphQLClient, OdooClient]:
    """The BFF over ``server``: as the integration account with its API key when given (as in production),
    else as admin (emulators built without the demo data)."""
    settings = settings_for(server, jwt_secret="test-secret-" + "x" * 32, **overrides)
    if api_key:
        odoo = OdooClient(url=server.url, db=DB, login=INTEGRATION_LOGIN, api_key=api_key, timeout_s=2.0,
                          retries=settings.odoo_retries)
    else:
        odoo = OdooClient(url=server.url, db=DB, login=ADMIN[0], password=ADMIN[1], timeout_s=2.0,
                          retries=settings.odoo_retries)
    app = create_app(settings, odoo=odoo)
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bff.test")
    return GraphQLClient(http), odoo


@pytest.fixture
async def gql(demo_odoo: DemoOdoo) -> AsyncIterator[GraphQLClient]:
    """The BFF (a fresh app and Odoo client, as the integration account) over the shared demo emulator."""
    client, odoo = await open_bff(demo_odoo.server, api_key=demo_odoo.seeded.integration_api_key)
    yield client
    await client.http.aclose()
    await odoo.close()


@pytest.fixture
async def fresh_bff(fresh_odoo: DemoOdoo) -> AsyncIterator[GraphQLClient]:
    """The BFF over a seeded emulator of this test's own (for tests that write or stop Odoo)."""
    client, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    yield client
    await client.http.aclose()
    await odoo.close()
