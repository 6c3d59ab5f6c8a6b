"""The emulator's bus beyond what the contract tests pin on both targets: replay windows, pruning, ``last``
above the newest id, peek_notifications, and outages (``pause`` cuts websockets and refuses new ones)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer
from tests.contract.bus_socket import BusSocket

CHANNEL = "k9-test-channel"


@pytest.fixture
async def server() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(Database(addons=())) as srv:
        yield srv


async def _peek(url: str, params: dict, cookie: str | None = None) -> dict:
    headers = {"Cookie": f"session_id={cookie}"} if cookie else {}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        async with http.post(url + "/websocket/peek_notifications", json=body, headers=headers) as r:
            return await r.json()


async def test_last_zero_replays_the_recent_window_and_last_above_newest_counts_as_zero(
        server: EmulatorServer) -> None:
    db, now = server.db, [1000.0]
    db.bus_clock = lambda: now[0]
    db.bus_send(CHANNEL, "t", "old")
    now[0] += 60
    db.bus_send(CHANNEL, "t", "recent")
    db.bus_send("other", "t", "elsewhere")
    for last in (0, 10**9):
        sock = await BusSocket.open(server.url)
        await sock.subscribe([CHANNEL], last)
        assert [n["message"]["payload"] for n in await sock.frame()] == ["recent"]
        await sock.close()


async def test_rows_older_than_the_retention_are_not_replayed(server: EmulatorServer) -> None:
    db, now = server.db, [1000.0]
    db.bus_clock = lambda: now[0]
    db.bus_retention_s = 5.0
    db.bus_send(CHANNEL, "t", "a")
    first = db.bus[0]["id"]
    now[0] += 10
    db.bus_send(CHANNEL, "t", "b")
    sock = await BusSocket.open(server.url)
    await sock.subscribe([CHANNEL], first - 1)
    assert [n["message"]["payload"] for n in await sock.frame()] == ["b"]
    await sock.close()


async def test_pause_cuts_websockets_and_refuses_new_ones(server: EmulatorServer) -> None:
    sock = await BusSocket.open(server.url)
    await sock.subscribe([CHANNEL], 0)
    await sock.silent_for(0.1)
    await server.pause()
    with pytest.raises(ConnectionError):
        await sock.frame(timeout=2.0)
    assert sock.ws.close_code != 1000  # no clean close: a cut
    with pytest.raises(aiohttp.ClientConnectorError):
        await BusSocket.open(server.url)
    server.db.bus_send(CHANNEL, "t", "during")
    await server.resume()
    again = await BusSocket.open(server.url)
    await again.subscribe([CHANNEL], 0)
    assert [n["message"]["payload"] for n in await again.frame()] == ["during"]
    await again.close()
    await sock.close()


async def test_peek_notifications(server: EmulatorServer) -> None:
    server.db.bus_send(CHANNEL, "t", 1)
    answer = await _peek(server.url, {"channels": [CHANNEL], "last": 0, "is_first_poll": True})
    result = answer["result"]
    assert result["notifications"] == [{"id": 1, "message": {"type": "t", "payload": 1}}]
    assert result["channels"][:2] == [["customk9", CHANNEL], ["customk9", "broadcast"]]
    assert all(c[1] == "res.groups" for c in result["channels"][2:])  # public user: groups, no partner
    refused = await _peek(server.url, {"channels": [CHANNEL], "last": 0})  # no first poll on this session
    assert refused["error"]["code"] == 100
    bad = await _peek(server.url, {"channels": [["res.partner", 3]], "last": 0, "is_first_poll": True})
    assert bad["error"]["data"]["name"] == "builtins.ValueError"
