"""Log-in, session cookies and their rotation, code 100 (protocol.md cases 3-7, 49-52)."""

from __future__ import annotations

import pytest

from .conftest import Target
from .rpc import OdooRpc, RpcError

pytestmark = pytest.mark.contract


async def _search_count_response(client: OdooRpc) -> dict:
    params = {"model": "res.partner", "method": "search_count", "args": [[]], "kwargs": {}}
    return (await client.post("/web/dataset/call_kw/res.partner/search_count", params, req_id=5)).body


def _assert_session_expired(body: dict) -> None:
    assert body["id"] is None
    assert body["error"]["code"] == 100
    assert body["error"]["message"] == "Odoo Session Expired"
    assert body["error"]["data"]["name"] == "odoo.http.SessionExpiredException"


async def test_authenticate_success_shape_and_cookie(anon: OdooRpc, target: Target) -> None:
    response = await anon.post(
        "/web/session/authenticate", {"db": target.db, "login": target.login, "password": target.password}
    )
    assert response.status == 200
    info = response.body["result"]
    assert isinstance(info["uid"], int)
    assert info["is_internal_user"] is True and info["is_public"] is False
    assert info["user_context"]["uid"] == info["uid"]
    assert isinstance(info["partner_id"], int)
    assert info["db"] == target.db
    assert info["username"] == target.login
    assert info["server_version_info"][0] == 18
    assert response.sid is not None and len(response.sid) == 84


@pytest.mark.parametrize("case", ["bad password", "unknown login"])
async def test_authenticate_failure_is_access_denied(anon: OdooRpc, target: Target, case: str) -> None:
    login = target.login if case == "bad password" else "nosuchuser-k9"
    params = {"db": target.db, "login": login, "password": "WRONG"}
    response = await anon.post("/web/session/authenticate", params, req_id=3, send_cookie=False)
    body = response.body
    assert response.status == 200 and body["id"] == 3
    assert body["error"]["code"] == 200
    assert body["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert response.sid is None  # no session for a failed log-in


async def test_authenticate_wrong_db_is_access_error(anon: OdooRpc, target: Target) -> None:
    with pytest.raises(RpcError) as err:
        await anon.authenticate(target.login, target.password, db="k9-no-such-db")
    assert err.value.code == 200 and err.value.name == "odoo.exceptions.AccessError"


async def test_authenticate_rotates_session_and_invalidates_old_sid(anon: OdooRpc, target: Target) -> None:
    await anon.call("/web/webclient/version_info", {})
    anonymous_sid = anon.sid
    await anon.authenticate(target.login, target.password)
    first = anon.sid
    assert first and first != anonymous_sid
    await anon.authenticate(target.login, target.password)
    second = anon.sid
    assert second and second != first
    assert isinstance((await _search_count_response(anon))["result"], int)
    anon.sid = first
    _assert_session_expired(await _search_count_response(anon))
    anon.sid = anonymous_sid
    _assert_session_expired(await _search_count_response(anon))


async def test_call_kw_without_session_is_code_100(anon: OdooRpc) -> None:
    _assert_session_expired(await _search_count_response(anon))
    anon.sid = "x" * 84
    _assert_session_expired(await _search_count_response(anon))


async def test_get_session_info(admin: OdooRpc) -> None:
    info = await admin.call("/web/session/get_session_info", {})
    assert info["uid"] == admin.uid


async def test_destroy_has_no_result_and_kills_the_session(admin: OdooRpc) -> None:
    old_sid = admin.sid
    response = await admin.post("/web/session/destroy", {}, req_id=2)
    assert response.status == 200
    assert response.body == {"jsonrpc": "2.0", "id": 2}
    admin.sid = old_sid
    _assert_session_expired(await _search_count_response(admin))
