"""Server-only behaviour of the emulator (not Odoo's): latency, call log, outage, crash containment.

These run against a small fake Database so that they test the wire layer alone.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest

from odoo_emulator.exceptions import AccessDenied, ModelNotFound
from odoo_emulator.server import EmulatorServer


class FakeDatabase:
    name = "customk9"

    def version_info(self) -> dict[str, Any]:
        return {
            "server_version": "18.0",
            "server_version_info": [18, 0, 0, "final", 0, ""],
            "server_serie": "18.0",
            "protocol_version": 1,
        }

    def authenticate(self, login: str, password: str, *, interactive: bool = False) -> int:
        if (login, password) != ("admin", "admin"):
            raise AccessDenied()
        return 2

    def check_credentials(self, uid: int, secret: str) -> None:
        if (uid, secret) != (2, "admin"):
            raise AccessDenied()

    def session_info(self, uid: int) -> dict[str, Any]:
        return {"uid": uid, "db": self.name}

    def session_token(self, uid: int) -> str:
        return f"token-{uid}"

    @contextlib.contextmanager
    def web_session(self, values: dict) -> Iterator[None]:
        yield

    def execute(self, uid: int, model: str, method: str, args: list, kwargs: dict) -> Any:
        if model == "no.such.model":
            raise ModelNotFound()
        if method == "crash":
            raise RuntimeError("emulator bug")
        if method == "odd":
            return object()
        return {"uid": uid, "model": model, "method": method, "args": args, "kwargs": kwargs}


@pytest.fixture
async def server() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(FakeDatabase()) as srv:  # type: ignore[arg-type]
        yield srv


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


async def _rpc(
    http: aiohttp.ClientSession, url: str, path: str, params: dict[str, Any], req_id: Any = 1
) -> dict[str, Any]:
    async with http.post(
        url + path, json={"jsonrpc": "2.0", "method": "call", "params": params, "id": req_id}
    ) as response:
        assert response.status == 200
        return await response.json()


async def _login(http: aiohttp.ClientSession, url: str) -> None:
    body = await _rpc(
        http, url, "/web/session/authenticate", {"db": "customk9", "login": "admin", "password": "admin"}
    )
    assert body["result"]["uid"] == 2


def _kw(model: str, method: str) -> dict[str, Any]:
    return {"model": model, "method": method, "args": [], "kwargs": {}}


async def test_binds_loopback_with_a_random_port(server: EmulatorServer) -> None:
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}"
    with pytest.raises(ValueError):
        EmulatorServer(FakeDatabase(), host="0.0.0.0")  # type: ignore[arg-type]


async def test_call_log_records_routes_models_methods_and_uids(
    server: EmulatorServer, http: aiohttp.ClientSession
) -> None:
    await _rpc(http, server.url, "/web/webclient/version_info", {})
    await _login(http, server.url)
    await _rpc(http, server.url, "/web/dataset/call_kw/res.partner/search_read", _kw("res.partner", "search_read"))
    await _rpc(
        http,
        server.url,
        "/jsonrpc",
        {
            "service": "object",
            "method": "execute_kw",
            "args": ["customk9", 2, "admin", "sale.order", "read", [[1]]],
        },
    )
    await _rpc(
        http,
        server.url,
        "/jsonrpc",
        {"service": "common", "method": "login", "args": ["customk9", "admin", "admin"]},
    )
    routes = [(c.route, c.model, c.method, c.uid) for c in server.calls]
    assert routes == [
        ("/web/webclient/version_info", None, None, None),
        ("/web/session/authenticate", None, None, None),
        ("/web/dataset/call_kw", "res.partner", "search_read", 2),
        ("/jsonrpc", "sale.order", "read", 2),
        ("/jsonrpc", None, "common.login", None),
    ]
    assert [c.at for c in server.calls] == sorted(c.at for c in server.calls)
    assert len(server.calls_to("res.partner")) == 1
    assert len(server.calls_to(method="read")) == 1
    assert len(server.calls_to(route="/jsonrpc")) == 2
    server.clear_calls()
    assert server.calls == []


async def test_latency_is_added_to_every_answer_and_settable(
    server: EmulatorServer, http: aiohttp.ClientSession
) -> None:
    server.latency_ms = 250
    start = time.monotonic()
    body = await _rpc(http, server.url, "/web/webclient/version_info", {})
    assert time.monotonic() - start >= 0.25
    assert body["result"]["server_serie"] == "18.0"
    start = time.monotonic()
    body = await _rpc(http, server.url, "/web/dataset/call_kw", _kw("res.partner", "read"))  # an error answer
    assert time.monotonic() - start >= 0.25
    assert body["error"]["code"] == 100
    server.latency_ms = 0
    assert server.latency_ms == 0


async def test_pause_refuses_connections_and_resume_serves_on_the_same_port(
    server: EmulatorServer, http: aiohttp.ClientSession
) -> None:
    await _login(http, server.url)
    port = server.port
    await server.pause()
    async with aiohttp.ClientSession() as fresh:
        with pytest.raises(aiohttp.ClientConnectorError):
            await _rpc(fresh, server.url, "/web/webclient/version_info", {})
    with pytest.raises(aiohttp.ClientConnectionError):  # the kept-alive connection was dropped too
        await _rpc(http, server.url, "/web/webclient/version_info", {})
    await server.resume()
    assert server.port == port
    body = await _rpc(http, server.url, "/web/dataset/call_kw", _kw("res.partner", "search_count"))
    assert body["result"]["uid"] == 2  # sessions survive an outage, as with a real Odoo restart


async def test_unexpected_exceptions_become_code_200_errors(
    server: EmulatorServer, http: aiohttp.ClientSession
) -> None:
    await _login(http, server.url)
    body = await _rpc(http, server.url, "/web/dataset/call_kw", _kw("res.partner", "crash"), req_id=11)
    assert body["id"] == 11
    assert body["error"]["code"] == 200
    assert body["error"]["data"]["name"] == "builtins.RuntimeError"
    assert body["error"]["data"]["debug"].startswith("Traceback (most recent call last):")
    body = await _rpc(http, server.url, "/web/dataset/call_kw", _kw("res.partner", "odd"), req_id=12)
    assert body["error"]["code"] == 200 and body["error"]["data"]["name"] == "builtins.TypeError"


async def test_odoo_errors_carry_a_recognisable_fake_traceback(
    server: EmulatorServer, http: aiohttp.ClientSession
) -> None:
    body = await _rpc(
        http, server.url, "/web/session/authenticate", {"db": "customk9", "login": "admin", "password": "x"}
    )
    assert body["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert body["error"]["data"]["debug"].startswith("Traceback (most recent call last):")
    assert body["error"]["data"]["context"] == {}


async def test_unknown_model_over_jsonrpc_is_a_user_error(
    server: EmulatorServer, http: aiohttp.ClientSession
) -> None:
    body = await _rpc(
        http,
        server.url,
        "/jsonrpc",
        {
            "service": "object",
            "method": "execute_kw",
            "args": ["customk9", 2, "admin", "no.such.model", "read", [[1]]],
        },
        req_id=4,
    )
    assert body["id"] == 4
    assert body["error"]["data"]["name"] == "odoo.exceptions.UserError"
    body = await _rpc(
        http,
        server.url,
        "/jsonrpc",
        {"service": "object", "method": "execute_kw", "args": ["other", 2, "admin", "res.partner", "read", [[1]]]},
    )
    assert body["error"]["code"] == 200


async def test_call_kw_404_message_and_empty_arguments(
    server: EmulatorServer, http: aiohttp.ClientSession
) -> None:
    await _login(http, server.url)
    body = await _rpc(http, server.url, "/web/dataset/call_kw", _kw("no.such.model", "read"), req_id=3)
    assert body["id"] is None
    assert body["error"]["message"] == "404: Not Found"
    assert body["error"]["data"]["arguments"] == []


async def test_cookieless_web_calls_get_one_anonymous_session_each(server: EmulatorServer) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        for _ in range(2):
            async with http.post(
                server.url + "/web/webclient/version_info",
                data=json.dumps({"params": {}}),
                headers={"Content-Type": "application/json"},
            ) as r:
                assert "session_id=" in r.headers["Set-Cookie"]
            async with http.post(
                server.url + "/jsonrpc", json={"params": {"service": "common", "method": "version", "args": []}}
            ) as r:
                assert "Set-Cookie" not in r.headers
    assert len(server.sessions) == 2


async def test_json_body_that_is_not_an_object(server: EmulatorServer, http: aiohttp.ClientSession) -> None:
    async with http.post(
        server.url + "/jsonrpc", data="[1, 2]", headers={"Content-Type": "application/json"}
    ) as r:
        body = await r.json()
    assert r.status == 200 and body["error"]["code"] == 200


async def test_dispatch_follows_the_content_type_not_the_verb(server: EmulatorServer) -> None:
    """As in Odoo's http.py: a GET carrying a JSON content type reaches the JSON layer (empty body: bad JSON)."""
    async with aiohttp.ClientSession() as http:
        async with http.get(
            server.url + "/web/webclient/version_info", headers={"Content-Type": "application/json"}
        ) as r:
            body = await r.json()
        assert r.status == 200 and body["error"]["data"]["name"] == "json.decoder.JSONDecodeError"
        async with http.get(server.url + "/web/webclient/version_info") as r:
            assert r.status == 400 and r.content_type == "text/html"


async def test_forgetting_sessions_gives_code_100(server: EmulatorServer, http: aiohttp.ClientSession) -> None:
    await _login(http, server.url)
    server.sessions.clear()
    body = await _rpc(http, server.url, "/web/dataset/call_kw", _kw("res.partner", "search_count"))
    assert body["error"]["code"] == 100 and body["id"] is None
