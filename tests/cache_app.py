"""The BFF with its public caches over an emulator, for the cache tests: the app is kept, so a test can feed
it changes (``PublicCache.invalidate``) and read its stores."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from starlette.applications import Starlette

from bff.app import create_app
from bff.odoo_client import OdooClient
from bff.public_cache import PublicCache
from demo_data.content import INTEGRATION_LOGIN
from tests.conftest import DB, DemoOdoo, settings_for
from tests.graphql_client import GraphQLClient

EVENTS = "query Events { events(first: 5) { totalCount edges { node { id name } } } }"
CATEGORIES = "query Categories { eventCategories { id name } }"


@dataclass
class CachedBff:
    app: Starlette
    http: httpx.AsyncClient
    gql: GraphQLClient
    demo: DemoOdoo

    @property
    def cache(self) -> PublicCache:
        return self.app.state.public_cache

    def calls(self, model: str, method: str | None = None) -> int:
        """Odoo calls the emulator received for ``model`` (and ``method``)."""
        return len(self.demo.server.calls_to(model, method))

    async def cache_count(self, layer: str, outcome: str) -> float:
        return await self.gql.metric("bff_public_cache_total", layer=layer, outcome=outcome)


@asynccontextmanager
async def cached_bff(demo: DemoOdoo, **overrides: object) -> AsyncIterator[CachedBff]:
    odoo = OdooClient(url=demo.server.url, db=DB, login=INTEGRATION_LOGIN, api_key=demo.seeded.integration_api_key,
                      timeout_s=5.0)
    overrides.setdefault("public_cache_ttl_s", 30.0)
    app = create_app(settings_for(demo.server, jwt_secret="test-secret-" + "x" * 32, **overrides), odoo=odoo)
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bff.test")
    try:
        yield CachedBff(app, http, GraphQLClient(http), demo)
    finally:
        await http.aclose()
        await odoo.close()
