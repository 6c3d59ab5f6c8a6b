"""The JSON-RPC envelope, HTTP statuses and non-JSON answers (protocol.md cases 1, 2, 53-56, 72)."""

from __future__ import annotations

import re

import pytest

from .rpc import OdooRpc

pytestmark = pytest.mark.contract

SESSION_COOKIE = re.compile(r"^session_id=[A-Za-z0-9_-]{84}; Expires=[^;]+; Max-Age=604800; HttpOnly; Path=/$")


async def test_version_info_envelope_echoes_id_and_sets_anonymous_cookie(anon: OdooRpc) -> None:
    for req_id in ("req-7", 42):
        response = await anon.post("/web/webclient/version_info", {}, req_id=req_id, send_cookie=False)
        assert response.status == 200
        assert response.content_type == "application/json"
        body = response.body
        assert set(body) == {"jsonrpc", "id", "result"}
        assert body["jsonrpc"] == "2.0" and body["id"] == req_id
        assert body["result"]["server_serie"] == "18.0"
        assert body["result"]["server_version_info"][:2] == [18, 0]
        assert body["result"]["protocol_version"] == 1
        assert response.session_cookie is not None
        assert SESSION_COOKIE.match(response.session_cookie), response.session_cookie
        assert "SameSite" not in response.session_cookie and "Secure" not in response.session_cookie


async def test_get_on_json_route_is_html_400(anon: OdooRpc) -> None:
    for path in ("/web/webclient/version_info", "/web/dataset/call_kw/res.partner/search_read"):
        response = await anon.post_raw(path, b"", method="GET", content_type=None)
        assert response.status == 400
        assert response.content_type == "text/html"


async def test_text_plain_post_is_html_400(anon: OdooRpc) -> None:
    response = await anon.post_raw("/web/dataset/call_kw/res.partner/search_read", "{}", content_type="text/plain")
    assert response.status == 400
    assert response.content_type == "text/html"


async def test_malformed_json_is_json_decode_error_with_null_id(admin: OdooRpc) -> None:
    response = await admin.post_raw("/web/dataset/call_kw/res.partner/search_read", b"{bad json")
    assert response.status == 200
    body = response.body
    assert body["id"] is None
    assert body["error"]["code"] == 200
    assert body["error"]["message"] == "Odoo Server Error"
    assert body["error"]["data"]["name"] == "json.decoder.JSONDecodeError"


async def test_unknown_route_is_html_404(anon: OdooRpc) -> None:
    response = await anon.post("/web/no/such/route", {})
    assert response.status == 404
    assert response.content_type == "text/html"


async def test_websocket_health(anon: OdooRpc) -> None:
    response = await anon.post_raw("/websocket/health", b"", method="GET", content_type=None)
    assert response.status == 200
    assert response.body == {"status": "pass"}


async def test_error_object_shape(admin: OdooRpc) -> None:
    response = await admin.post(
        "/web/dataset/call_kw",
        {"model": "res.partner", "method": "no_such_method", "args": [], "kwargs": {}},
        req_id=99,
    )
    body = response.body
    assert response.status == 200
    assert set(body) == {"jsonrpc", "id", "error"} and body["id"] == 99
    error = body["error"]
    assert error["code"] == 200 and error["message"] == "Odoo Server Error"
    assert set(error["data"]) == {"name", "debug", "message", "arguments", "context"}
    assert error["data"]["name"] == "builtins.AttributeError"
    assert "no_such_method" in error["data"]["message"]
    assert error["data"]["arguments"] == [error["data"]["message"]]
    assert isinstance(error["data"]["debug"], str) and error["data"]["debug"]
