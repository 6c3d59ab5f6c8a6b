"""Access-token revocation: logOut and a reused refresh token end access tokens at once."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from jose import jwt

from bff.app import create_app
from bff.auth.revocation import AccessRevocations, MemoryRevocationStore
from bff.auth.service import AuthService
from bff.auth.viewer import ANONYMOUS, Role, Viewer
from bff.odoo_client import OdooClient
from demo_data.content import INTEGRATION_LOGIN
from tests.conftest import DB, DemoOdoo, settings_for
from tests.graphql_client import LOG_IN, GraphQLClient

ME = "{ me { name } }"
REFRESH = """mutation R($t: String!) { refreshToken(refreshToken: $t) {
  accessToken refreshToken errors { code } } }"""
LOG_OUT = "mutation L($t: String!) { logOut(refreshToken: $t) { ok } }"
VIEWER = Viewer(role=Role.CLIENT, user_id=7, session_id="fam", token_id="tok", expires_at=2000.0)


async def sign_in(gql: GraphQLClient, email: str) -> dict:
    payload = (await gql.query(LOG_IN, {"email": email, "password": "demo"}))["logIn"]
    assert payload["errors"] == []
    return payload


async def test_log_out_ends_the_access_token_at_once(gql: GraphQLClient) -> None:
    first = await sign_in(gql, "dana@customk9.demo")
    rotated = (await gql.query(REFRESH, {"t": first["refreshToken"]}))["refreshToken"]
    other_device = await sign_in(gql, "dana@customk9.demo")
    for token in (first["accessToken"], rotated["accessToken"], other_device["accessToken"]):
        assert (await gql.as_token(token).query(ME))["me"]["name"] == "Dana Whitfield"
    assert jwt.get_unverified_claims(first["accessToken"])["sid"] == \
        jwt.get_unverified_claims(rotated["accessToken"])["sid"]

    assert (await gql.query(LOG_OUT, {"t": rotated["refreshToken"]}))["logOut"]["ok"] is True
    for token in (first["accessToken"], rotated["accessToken"]):  # every access token of that sign-in
        assert await gql.as_token(token).error_codes(ME) == ["UNAUTHENTICATED"]
    assert (await gql.as_token(other_device["accessToken"]).query(ME))["me"]  # another sign-in lives on


async def test_log_out_ends_the_bearer_token_sent_with_it(gql: GraphQLClient) -> None:
    session = await sign_in(gql, "omar@customk9.demo")
    omar = gql.as_token(session["accessToken"])
    assert (await omar.query(LOG_OUT, {"t": "not-a-refresh-token"}))["logOut"]["ok"] is True
    assert await omar.error_codes(ME) == ["UNAUTHENTICATED"]


async def test_a_reused_refresh_token_kills_the_access_tokens_of_its_family(gql: GraphQLClient) -> None:
    session = await sign_in(gql, "lea@customk9.demo")
    thief = (await gql.query(REFRESH, {"t": session["refreshToken"]}))["refreshToken"]
    assert (await gql.as_token(thief["accessToken"]).query(ME))["me"]
    replay = (await gql.query(REFRESH, {"t": session["refreshToken"]}))["refreshToken"]  # the user, late
    assert replay["errors"] == [{"code": "INVALID_TOKEN"}]
    for token in (session["accessToken"], thief["accessToken"]):
        assert await gql.as_token(token).error_codes(ME) == ["UNAUTHENTICATED"]


async def test_a_revoked_token_cannot_download_documents(gql: GraphQLClient) -> None:
    session = await sign_in(gql, "dana@customk9.demo")
    headers = {"Authorization": f"Bearer {session['accessToken']}"}
    assert (await gql.http.get("/documents/RG9jdW1lbnQ6MQ==", headers=headers)).status_code != 401
    await gql.query(LOG_OUT, {"t": session["refreshToken"]})
    assert (await gql.http.get("/documents/RG9jdW1lbnQ6MQ==", headers=headers)).status_code == 401


async def test_token_active_follows_expiry_and_revocation(demo_odoo: DemoOdoo) -> None:
    odoo = OdooClient(url=demo_odoo.server.url, db=DB, login=INTEGRATION_LOGIN,
                      api_key=demo_odoo.seeded.integration_api_key)
    app = create_app(settings_for(demo_odoo.server, jwt_secret="s" * 40), odoo=odoo)
    auth: AuthService = app.state.auth
    gql = GraphQLClient(httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bff.test"))
    try:
        session = await sign_in(gql, "dana@customk9.demo")
        viewer, error = await auth.viewer_from_header(f"Bearer {session['accessToken']}")
        assert error is None and viewer.expires_at == jwt.get_unverified_claims(session["accessToken"])["exp"]
        assert await auth.token_active(viewer) is True
        assert await auth.token_active(ANONYMOUS) is True  # no token, nothing to end
        assert await auth.token_active(replace(viewer, expires_at=auth.tokens.now() - 1)) is False
        await gql.query(LOG_OUT, {"t": session["refreshToken"]})
        assert await auth.token_active(viewer) is False
    finally:
        await gql.http.aclose()
        await odoo.close()


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


async def test_revocations_are_kept_for_the_token_lifetime_only() -> None:
    clock, store = Clock(), MemoryRevocationStore()
    revocations = AccessRevocations(store, ttl_s=910, now=clock)
    await revocations.revoke_session("fam")
    assert await revocations.is_revoked(VIEWER)
    assert not await revocations.is_revoked(Viewer(role=Role.CLIENT, user_id=7, session_id="other"))
    clock.t += 909
    assert await revocations.is_revoked(VIEWER)
    clock.t += 1  # every token of that sign-in has expired by now: the entry goes
    assert not await revocations.is_revoked(VIEWER) and len(store) == 0


async def test_revoking_a_viewer_revokes_its_token_and_its_sign_in() -> None:
    revocations = AccessRevocations(ttl_s=910, now=Clock())
    await revocations.revoke_viewer(Viewer(role=Role.CLIENT, user_id=7, token_id="tok"))
    assert await revocations.is_revoked(Viewer(role=Role.CLIENT, user_id=7, token_id="tok"))
    assert await revocations.is_revoked(VIEWER)  # same jti
    assert not await revocations.is_revoked(Viewer(role=Role.CLIENT, user_id=7))  # no id: nothing to match


async def test_the_memory_store_is_bounded() -> None:
    store = MemoryRevocationStore(max_keys=3)
    for n in range(5):
        await store.revoke(f"sid:{n}", until=2000.0 + n)
    assert len(store) == 3
    assert not await store.any_revoked(["sid:0"], now=1000.0)
    assert await store.any_revoked(["sid:4"], now=1000.0)
    with pytest.raises(ValueError):
        MemoryRevocationStore(max_keys=0)


async def test_revoke_user_ends_every_token_of_that_user_only() -> None:
    clock = [1000.0]
    revocations = AccessRevocations(ttl_s=60, now=lambda: clock[0])
    other_sign_in = replace(VIEWER, session_id="another-family", token_id="another-token")
    someone_else = Viewer(role=Role.CLIENT, user_id=8, session_id="x", token_id="y")
    await revocations.revoke_user(7)
    assert await revocations.is_revoked(VIEWER) and await revocations.is_revoked(other_sign_in)
    assert not await revocations.is_revoked(someone_else)
    await revocations.revoke_viewer(someone_else)  # a log-out ends one sign-in, never the whole user
    assert not await revocations.is_revoked(replace(someone_else, session_id="z", token_id="w"))
    clock[0] += 61
    assert not await revocations.is_revoked(VIEWER)  # by then its JWT's own exp refuses it
