"""Live tests: the BFF on a real 127.0.0.1 socket over an emulator, and a small graphql-transport-ws client."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import httpx
import uvicorn
from starlette.applications import Starlette

from bff.app import create_app
from bff.odoo_client import OdooClient
from bff.settings import Settings
from demo_data.content import INTEGRATION_LOGIN
from tests.conftest import DB, DemoOdoo, settings_for
from tests.graphql_client import GraphQLClient

TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"


@dataclass
class Served:
    url: str
    app: Starlette
    gql: GraphQLClient

    @property
    def broker(self) -> Any:
        return self.app.state.broker


@asynccontextmanager
async def serve_bff(demo: DemoOdoo, **overrides: object) -> AsyncIterator[Served]:
    """The BFF over ``demo`` as the integration account, served by uvicorn on a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    odoo = OdooClient(url=demo.server.url, db=DB, login=INTEGRATION_LOGIN, api_key=demo.seeded.integration_api_key,
                      timeout_s=5.0)
    overrides.setdefault("public_cache_ttl_s", Settings.public_cache_ttl_s)  # the change feed runs here
    app = create_app(settings_for(demo.server, jwt_secret="test-secret-" + "x" * 32, **overrides), odoo=odoo)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                                           ws_ping_interval=None))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    for _ in range(250):  # the change feed has subscribed to Odoo's bus
        if app.state.feed.mode != "starting":
            break
        await asyncio.sleep(0.02)
    http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10)
    try:
        yield Served(f"http://127.0.0.1:{port}", app, GraphQLClient(http))
    finally:
        await http.aclose()
        server.should_exit = True
        await task
        await odoo.close()


async def registered(served: Served, count: int, timeout: float = 10.0) -> None:
    """Wait until the BFF's broker holds ``count`` subscriptions (a fixed sleep is too short on a busy machine)."""
    loop = asyncio.get_running_loop()
    until = loop.time() + timeout
    while served.broker.active < count:
        if loop.time() > until:
            raise TimeoutError(f"{served.broker.active} of {count} subscriptions registered")
        await asyncio.sleep(0.02)


class WsClient:
    """One websocket speaking graphql-transport-ws (or the legacy graphql-ws) to the BFF."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, protocol: str) -> None:
        self.ws, self.protocol, self._next_id = ws, protocol, 0

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        self._next_id += 1
        op_id = str(self._next_id)
        kind = "subscribe" if self.protocol == TRANSPORT_WS else "start"
        await self.ws.send_json({"id": op_id, "type": kind, "payload": {"query": query, "variables": variables or {}}})
        return op_id

    async def receive(self, timeout: float = 3.0) -> dict[str, Any]:
        """The next protocol message (keep-alives skipped); raises TimeoutError when none comes."""
        while True:
            message = await self.ws.receive(timeout=timeout)
            if message.type != aiohttp.WSMsgType.TEXT:
                return {"type": "closed", "code": self.ws.close_code, "message_type": str(message.type)}
            data = json.loads(message.data)
            if data.get("type") not in ("ka", "ping", "pong"):
                return data

    async def nothing_within(self, seconds: float) -> bool:
        try:
            message = await self.receive(timeout=seconds)
        except TimeoutError:
            return True
        raise AssertionError(f"expected nothing, got {message}")


@asynccontextmanager
async def ws_client(url: str, token: str | None = None, protocol: str = TRANSPORT_WS) -> AsyncIterator[WsClient]:
    params = {"Authorization": f"Bearer {token}"} if token else {}
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{url}/graphql", protocols=[protocol]) as ws:
        await ws.send_json({"type": "connection_init", "payload": params})
        ack = json.loads((await ws.receive(timeout=5)).data)
        assert ack["type"] == "connection_ack", ack
        yield WsClient(ws, protocol)
