"""The stateless external API at /jsonrpc (protocol.md cases 57-65)."""

from __future__ import annotations

import pytest

from .conftest import Target
from .rpc import OdooRpc, RpcError

pytestmark = pytest.mark.contract


async def test_common_version(anon: OdooRpc) -> None:
    version = await anon.jsonrpc("common", "version")
    assert version["server_serie"] == "18.0" and version["protocol_version"] == 1


async def test_common_login_and_authenticate(anon: OdooRpc, target: Target, admin: OdooRpc) -> None:
    assert await anon.jsonrpc("common", "login", target.db, target.login, target.password) == admin.uid
    assert await anon.jsonrpc("common", "authenticate", target.db, target.login, target.password, {}) == admin.uid
    assert await anon.jsonrpc("common", "login", target.db, target.login, "WRONG") is False


async def test_execute_kw(anon: OdooRpc, target: Target, admin: OdooRpc) -> None:
    rows = await anon.jsonrpc(
        "object",
        "execute_kw",
        target.db,
        admin.uid,
        target.password,
        "res.partner",
        "search_read",
        [[]],
        {"fields": ["name"], "limit": 2},
    )
    assert len(rows) == 2 and set(rows[0]) == {"id", "name"}
    count = await anon.jsonrpc(
        "object", "execute_kw", target.db, admin.uid, target.password, "res.partner", "search_count", [[]]
    )
    assert isinstance(count, int) and count >= 2


async def test_execute_kw_bad_password_is_access_denied(anon: OdooRpc, target: Target, admin: OdooRpc) -> None:
    with pytest.raises(RpcError) as err:
        await anon.jsonrpc(
            "object", "execute_kw", target.db, admin.uid, "WRONG", "res.partner", "search_count", [[]]
        )
    assert err.value.code == 200 and err.value.name == "odoo.exceptions.AccessDenied"


async def test_execute_kw_errors_have_call_kw_shape(anon: OdooRpc, target: Target, admin: OdooRpc) -> None:
    response = await anon.post(
        "/jsonrpc",
        {
            "service": "object",
            "method": "execute_kw",
            "args": [target.db, admin.uid, target.password, "res.partner", "search_read", [[["zz", "=", 1]]]],
        },
        req_id=8,
        send_cookie=False,
    )
    body = response.body
    assert body["id"] == 8
    assert body["error"]["code"] == 200 and body["error"]["message"] == "Odoo Server Error"
    assert body["error"]["data"]["name"] == "builtins.ValueError"
    assert "zz" in body["error"]["data"]["message"]


async def test_db_list_is_refused(anon: OdooRpc) -> None:
    with pytest.raises(RpcError) as err:
        await anon.jsonrpc("db", "list")
    assert err.value.name == "odoo.exceptions.AccessDenied"
