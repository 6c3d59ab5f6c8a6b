"""Item 4: the API-key flow (identity check, 10-minute validity, expiration) and what a key opens over HTTP."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import pytest
from customk9_helpers import ADMIN, call, make_user

from odoo_emulator.database import Database
from odoo_emulator.exceptions import AccessDenied, AccessError, UserError
from odoo_emulator.server import EmulatorServer

KEY = re.compile(r"[0-9a-f]{40}")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 29, 12, 0, 0)

    def __call__(self) -> datetime:
        return self.now


def make_key(db: Database, uid: int, session: dict, password: str, **vals: Any) -> dict:
    """The README's sequence: create + make_key, then identitycheck write + run_check if asked."""
    with db.web_session(session):
        desc = call(db, uid, "res.users.apikeys.description", "create", {"name": "customk9-bff", **vals})
        action = call(db, uid, "res.users.apikeys.description", "make_key", [desc])
        if action["res_model"] == "res.users.identitycheck":
            call(db, uid, "res.users.identitycheck", "write", [action["res_id"]], {"password": password})
            action = call(db, uid, "res.users.identitycheck", "run_check", [action["res_id"]])
    return action


def test_key_flow_identity_check_and_expiration() -> None:
    clock = Clock()
    db = Database(now=clock)
    bff = make_user(db, "bff", "customk9.group_customk9_integration")
    session: dict = {}
    with db.web_session(session):
        desc = call(db, bff, "res.users.apikeys.description", "create", {"name": "k", "duration": "90"})
        [row] = call(db, bff, "res.users.apikeys.description", "read", [desc], ["expiration_date"])
        assert row["expiration_date"] == "2027-02-27 00:00:00"
        first = call(db, bff, "res.users.apikeys.description", "make_key", [desc])
        assert first == {
            "type": "ir.actions.act_window",
            "res_model": "res.users.identitycheck",
            "res_id": first["res_id"],
            "name": "Security Control",
            "target": "new",
            "views": [[False, "form"]],
        }
        call(db, bff, "res.users.identitycheck", "write", [first["res_id"]], {"password": "wrong"})
        with pytest.raises(UserError, match="Incorrect Password"):
            call(db, bff, "res.users.identitycheck", "run_check", [first["res_id"]])
    action = make_key(db, bff, session, "bff-pw", duration="90")
    assert action["res_model"] == "res.users.apikeys.show" and action["name"] == "API Key Ready"
    key = action["context"]["default_key"]
    assert KEY.fullmatch(key) and db.authenticate("bff", key) == bff
    with pytest.raises(AccessDenied):
        db.authenticate("bff", key, interactive=True)
    clock.now += timedelta(minutes=9)  # still within the identity check: the key comes at once
    with db.web_session(session):
        desc = call(db, bff, "res.users.apikeys.description", "create", {"name": "k2", "duration": "7"})
        assert call(db, bff, "res.users.apikeys.description", "make_key", [desc])["res_model"] == (
            "res.users.apikeys.show"
        )
        desc = call(db, bff, "res.users.apikeys.description", "create", {"name": "k3", "duration": "0"})
        with pytest.raises(UserError, match="must have an expiration date"):
            call(db, bff, "res.users.apikeys.description", "make_key", [desc])
    clock.now += timedelta(minutes=2)
    with db.web_session(session):
        desc = call(db, bff, "res.users.apikeys.description", "create", {"name": "k4", "duration": "7"})
        assert call(db, bff, "res.users.apikeys.description", "make_key", [desc])["res_model"] == (
            "res.users.identitycheck"
        )  # more than 10 minutes: asks again
    keys = call(db, bff, "res.users.apikeys", "search_read", [], ["name", "scope", "expiration_date"])
    assert [k["name"] for k in keys] == ["customk9-bff", "k2"]
    assert call(db, ADMIN, "res.users.apikeys", "search_count", []) == 2
    clock.now += timedelta(days=91)  # expired keys no longer authenticate
    with pytest.raises(AccessDenied):
        db.authenticate("bff", key)


def test_admin_gets_persistent_keys_and_portal_none() -> None:
    db = Database()
    assert KEY.fullmatch(make_key(db, ADMIN, {}, "admin", duration="0")["context"]["default_key"])
    portal = make_user(db, "client", "base.group_portal")
    with pytest.raises(AccessError, match="Only internal users"):
        make_key(db, portal, {}, "client-pw", duration="7")
    bff = make_user(db, "bff", "customk9.group_customk9_integration")
    with pytest.raises(UserError, match="cannot exceed 90"):
        make_key(db, bff, {}, "bff-pw", duration="-1", expiration_date="2028-01-01 00:00:00")


async def post(http: aiohttp.ClientSession, url: str, params: dict, cookie: str | None = None) -> dict:
    headers = {"Cookie": f"session_id={cookie}"} if cookie else {}
    async with http.post(
        url, json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}, headers=headers
    ) as r:
        body = await r.json()
        sid = r.cookies.get("session_id")
        body["_sid"] = sid.value if sid else cookie
        return body


@pytest.fixture
async def served() -> AsyncIterator[tuple[EmulatorServer, aiohttp.ClientSession]]:
    async with EmulatorServer(Database()) as server, aiohttp.ClientSession() as http:
        yield server, http


async def test_key_over_http_and_password_change_expires_sessions(
    served: tuple[EmulatorServer, aiohttp.ClientSession],
) -> None:
    server, http = served
    db = server.db
    bff = make_user(db, "bff", "customk9.group_customk9_integration")
    login = await post(
        http, server.url + "/web/session/authenticate", {"db": "customk9", "login": "bff", "password": "bff-pw"}
    )
    sid = login["_sid"]

    async def kw(model: str, method: str, args: list, sid: str = sid) -> dict:
        return await post(
            http,
            f"{server.url}/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": {}},
            sid,
        )

    desc = (await kw("res.users.apikeys.description", "create", [{"name": "k", "duration": "90"}]))["result"]
    check = (await kw("res.users.apikeys.description", "make_key", [[desc]]))["result"]
    await kw("res.users.identitycheck", "write", [[check["res_id"]], {"password": "bff-pw"}])
    key = (await kw("res.users.identitycheck", "run_check", [[check["res_id"]]]))["result"]["context"][
        "default_key"
    ]
    desc = (await kw("res.users.apikeys.description", "create", [{"name": "k2", "duration": "7"}]))["result"]
    assert (await kw("res.users.apikeys.description", "make_key", [[desc]]))["result"]["res_model"] == (
        "res.users.apikeys.show"
    )  # the identity check is kept in the web session
    jsonrpc = server.url + "/jsonrpc"
    common = {"service": "common", "method": "authenticate", "args": ["customk9", "bff", key, {}]}
    assert (await post(http, jsonrpc, common))["result"] == bff
    count = {
        "service": "object",
        "method": "execute_kw",
        "args": ["customk9", bff, key, "customk9.dog", "search_count", [[]]],
    }
    assert (await post(http, jsonrpc, count))["result"] == 0
    refused = await post(
        http, server.url + "/web/session/authenticate", {"db": "customk9", "login": "bff", "password": key}
    )
    assert refused["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert (await kw("res.users", "change_password", ["bff-pw", "bff-pw-2"]))["result"] is True
    expired = await kw("res.users", "read", [[bff], ["login"]])
    assert expired["error"]["code"] == 100  # the password change expired the session, as on Odoo 18
    assert (await post(http, jsonrpc, count))["result"] == 0  # API keys survive a password change


async def test_none_result_is_omitted(served: tuple[EmulatorServer, aiohttp.ClientSession]) -> None:
    server, http = served
    db = server.db
    event = call(
        db,
        ADMIN,
        "event.event",
        "create",
        {"name": "E", "date_begin": "2031-01-01 09:00:00", "date_end": "2031-01-01 17:00:00"},
    )
    reg = call(db, ADMIN, "event.registration", "create", {"event_id": event, "name": "R"})
    login = await post(
        http, server.url + "/web/session/authenticate", {"db": "customk9", "login": "admin", "password": "admin"}
    )
    body = await post(
        http,
        server.url + "/web/dataset/call_kw",
        {"model": "event.registration", "method": "action_cancel", "args": [[reg]], "kwargs": {}},
        login["_sid"],
    )
    assert "result" not in body and "error" not in body
    assert call(db, ADMIN, "event.registration", "read", [reg], ["state"])[0]["state"] == "cancel"
