"""graphql-transport-ws: the access token in connection_init, over a real uvicorn socket."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
import uvicorn

from bff.app import create_app
from bff.odoo_client import OdooClient
from demo_data.content import INTEGRATION_LOGIN
from tests.conftest import DB, DemoOdoo, settings_for
from tests.graphql_client import GraphQLClient

PROTOCOL = "graphql-transport-ws"


@pytest.fixture
async def served(demo_odoo: DemoOdoo) -> AsyncIterator[str]:
    """The BFF on a real 127.0.0.1 socket (websockets need one)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    odoo = OdooClient(url=demo_odoo.server.url, db=DB, login=INTEGRATION_LOGIN,
                      api_key=demo_odoo.seeded.integration_api_key)
    app = create_app(settings_for(demo_odoo.server, jwt_secret="test-secret-" + "x" * 32), odoo=odoo)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task
    await odoo.close()


async def run_over_ws(url: str, params: dict, query: str) -> tuple[list[dict], int | None]:
    messages: list[dict] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{url}/graphql", protocols=[PROTOCOL]) as ws:
        await ws.send_json({"type": "connection_init", "payload": params})
        first = await ws.receive(timeout=5)
        if first.type != aiohttp.WSMsgType.TEXT:
            return messages, ws.close_code
        messages.append(json.loads(first.data))
        await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": query}})
        while True:
            message = json.loads((await ws.receive(timeout=5)).data)
            messages.append(message)
            if message["type"] in ("complete", "error"):
                return messages, None


async def test_token_in_connection_init(served: str, gql: GraphQLClient) -> None:
    dana = await gql.log_in("dana@customk9.demo")
    messages, _ = await run_over_ws(served, {"Authorization": f"Bearer {dana.token}"}, "{ me { name } }")
    assert messages[0]["type"] == "connection_ack"
    assert messages[1] == {"id": "1", "type": "next", "payload": {"data": {"me": {"name": "Dana Whitfield"}}}}
    anonymous, _ = await run_over_ws(served, {}, "{ me { name } }")
    assert anonymous[1]["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    _, code = await run_over_ws(served, {"Authorization": "Bearer not.a.token"}, "{ me { name } }")
    assert code == 4403
