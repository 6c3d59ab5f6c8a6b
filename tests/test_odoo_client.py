"""The Odoo JSON-RPC client: error mapping, re-login, API keys, protocol checks, timeouts, concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bff import errors
from bff.odoo_client import OdooClient
from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer

# Every error.data.name recorded from a real Odoo 18 (protocol.md, access.md), with the class it must map to.
RECORDED_ERROR_NAMES = {
    "odoo.exceptions.AccessError": errors.OdooAccessError,
    "odoo.exceptions.AccessDenied": errors.OdooAccessDenied,
    "odoo.exceptions.ValidationError": errors.OdooValidationError,
    "odoo.exceptions.UserError": errors.OdooValidationError,
    "odoo.exceptions.MissingError": errors.OdooMissingError,
    "odoo.http.SessionExpiredException": errors.OdooSessionExpired,
    "werkzeug.exceptions.NotFound": errors.OdooModelNotFound,
    "builtins.ValueError": errors.OdooServerError,
    "builtins.AttributeError": errors.OdooServerError,
    "builtins.TypeError": errors.OdooServerError,
    "builtins.AssertionError": errors.OdooServerError,
    "psycopg2.errors.InvalidTextRepresentation": errors.OdooServerError,
    "json.decoder.JSONDecodeError": errors.OdooProtocolError,
}


@pytest.mark.parametrize("name, expected", sorted(RECORDED_ERROR_NAMES.items()))
def test_every_recorded_odoo_error_name_is_mapped(name: str, expected: type) -> None:
    code = 100 if "SessionExpired" in name else 404 if "NotFound" in name else 200
    exc = errors.odoo_error_from_payload({"code": code, "message": "Odoo Server Error",
                                          "data": {"name": name, "message": "m", "debug": "Traceback ..."}})
    assert type(exc) is expected
    assert exc.odoo_name == name and exc.message == "m"
    assert "Traceback" not in repr(exc.__dict__)
    assert name in errors.ODOO_ERROR_NAMES


@pytest.fixture
async def emulator() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(Database(name="customk9")) as server:
        yield server


def client_for(server: EmulatorServer, **kwargs) -> OdooClient:
    kwargs.setdefault("password", "admin")
    return OdooClient(url=server.url, db="customk9", login="admin", **kwargs)


async def test_session_login_once_then_call_kw(emulator: EmulatorServer) -> None:
    async with client_for(emulator) as odoo:
        assert await odoo.search_count("res.users", [("login", "=", "admin")]) == 1
        rows = await odoo.search_read("res.users", [("login", "=", "admin")], fields=["login", "partner_id"])
        assert rows[0]["login"] == "admin" and isinstance(rows[0]["partner_id"], list)
    assert len(emulator.calls_to(route="/web/session/authenticate")) == 1
    assert [c.method for c in emulator.calls_to(model="res.users")] == ["search_count", "search_read"]
    assert odoo.metrics.odoo_calls.get("res.users", "search_read") == 1


async def test_expired_session_logs_in_again_once(emulator: EmulatorServer) -> None:
    async with client_for(emulator) as odoo:
        await odoo.search_count("res.users", [])
        emulator.sessions.clear()
        await asyncio.gather(*(odoo.search_count("res.users", []) for _ in range(5)))
    assert len(emulator.calls_to(route="/web/session/authenticate")) == 2


async def test_api_key_uses_execute_kw(emulator: EmulatorServer) -> None:
    key = emulator.db.create_api_key(2, "bff")
    async with client_for(emulator, password=None, api_key=key) as odoo:
        assert await odoo.search_count("res.users", [("login", "=", "admin")]) == 1
    assert emulator.calls_to(route="/web/session/authenticate") == []
    assert [c.method for c in emulator.calls_to(model="res.users")] == ["search_count"]
    async with client_for(emulator, password=None, api_key="wrong") as odoo:
        with pytest.raises(errors.IntegrationLoginFailed):  # an outage for clients, not their own failure
            await odoo.search_count("res.users", [])


async def test_wrong_password_and_odoo_errors_are_typed(emulator: EmulatorServer) -> None:
    async with client_for(emulator, password="wrong") as odoo:
        with pytest.raises(errors.IntegrationLoginFailed):
            await odoo.search_count("res.users", [])
    async with client_for(emulator) as odoo:
        with pytest.raises(errors.OdooModelNotFound):
            await odoo.search_count("no.such.model", [])
        with pytest.raises(errors.OdooServerError) as info:
            await odoo.search_read("res.partner", [("no_such_field", "=", 1)], fields=["name"])
        assert info.value.odoo_name == "builtins.ValueError"
        with pytest.raises(errors.OdooMissingError):
            await odoo.unlink("res.partner", [987654])
        with pytest.raises(errors.OdooValidationError):
            await odoo.create("project.task", {"description": "no name"})
        assert await odoo.read("res.partner", [987654], fields=["name"]) == []


async def test_unreachable_odoo_is_unavailable_and_reads_are_retried(emulator: EmulatorServer) -> None:
    async with client_for(emulator, retries=2) as odoo:
        await odoo.search_count("res.users", [])
        await emulator.pause()
        with pytest.raises(errors.OdooUnavailable):
            await odoo.search_count("res.users", [])
        assert odoo.metrics.odoo_calls.get("res.users", "search_count") == 1 + 3
        with pytest.raises(errors.OdooUnavailable):
            await odoo.create("res.partner", {"name": "x"})
        assert odoo.metrics.odoo_calls.get("res.partner", "create") == 1  # writes are never repeated
        await emulator.resume()
        assert await odoo.search_count("res.users", [("login", "=", "admin")]) == 1


async def test_timeout_is_unavailable(emulator: EmulatorServer) -> None:
    async with client_for(emulator, timeout_s=0.05, retries=0) as odoo:
        emulator.latency_ms = 500
        with pytest.raises(errors.OdooUnavailable):
            await odoo.version_info()


async def fake_odoo(handler) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


async def test_wrong_jsonrpc_id_and_html_answers_are_protocol_errors() -> None:
    async def handler(request: web.Request) -> web.Response:
        body = await request.json()
        if request.path == "/web/webclient/version_info":
            return web.json_response({"jsonrpc": "2.0", "id": body["id"] + 1, "result": {}})
        return web.Response(text="<html>404</html>", status=404, content_type="text/html")

    runner, url = await fake_odoo(handler)
    try:
        async with OdooClient(url=url, db="x", login="a", password="b") as odoo:
            with pytest.raises(errors.OdooProtocolError):
                await odoo.version_info()
            with pytest.raises(errors.OdooProtocolError):
                await odoo.call("res.partner", "search_count", [[]])
    finally:
        await runner.cleanup()


async def test_concurrent_calls_are_bounded() -> None:
    in_flight = peak = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal in_flight, peak
        body = await request.json()
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.02)
        in_flight -= 1
        result = {"uid": 2} if request.path.endswith("authenticate") else 1
        return web.json_response({"jsonrpc": "2.0", "id": body["id"], "result": result})

    runner, url = await fake_odoo(handler)
    try:
        async with OdooClient(url=url, db="x", login="a", password="b", max_concurrency=3) as odoo:
            await asyncio.gather(*(odoo.search_count("res.partner", []) for _ in range(12)))
        assert peak == 3
    finally:
        await runner.cleanup()


async def test_any_refusal_of_the_integration_log_in_is_an_outage_and_opens_the_breaker() -> None:
    """A wrong database answers a KeyError, not AccessDenied: clients must still get ODOO_UNAVAILABLE."""
    async def handler(request: web.Request) -> web.Response:
        body = await request.json()
        error = {"code": 200, "message": "Odoo Server Error", "data": {"name": "builtins.KeyError", "message": "x"}}
        return web.json_response({"jsonrpc": "2.0", "id": body["id"], "error": error})

    runner, url = await fake_odoo(handler)
    try:
        async with OdooClient(url=url, db="no-such-db", login="a", api_key="k") as odoo:
            with pytest.raises(errors.IntegrationLoginFailed) as info:
                await odoo.search_count("res.partner", [])
            assert info.value.code == "ODOO_UNAVAILABLE" and info.value.retry_after == 5
            with pytest.raises(errors.CircuitOpen):
                await odoo.search_count("res.partner", [])
            assert odoo.metrics.odoo_calls.total() == 1  # the one log-in; the second call failed fast
            with pytest.raises(errors.CircuitOpen):  # a user's log-in shares the breaker: Odoo is out for all
                await odoo.verify_password("someone", "pw")
    finally:
        await runner.cleanup()
