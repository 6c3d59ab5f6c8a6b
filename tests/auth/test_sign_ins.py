"""mySignIns, revokeSignIn and logOutEverywhere: each refresh-token family is a sign-in the user can end."""

from __future__ import annotations

import pytest

from bff.auth.sign_ins import MemorySignInStore
from tests.conftest import DemoOdoo
from tests.graphql_client import LOG_IN, GraphQLClient
from tests.live.harness import registered, serve_bff, ws_client

SIGN_INS = "{ mySignIns { id userAgent createdAt lastUsedAt current } }"
REVOKE = "mutation($id: String!) { revokeSignIn(id: $id) { ok errors { code field } } }"
EVERYWHERE = "mutation { logOutEverywhere { ok errors { code } } }"
REFRESH = "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken errors { code } } }"
ME = "{ me { name } }"
DASHBOARD = "subscription { dashboardChanged { kind } }"


async def sign_in(gql: GraphQLClient, email: str, agent: str) -> dict:
    data = await gql.raw(LOG_IN, {"email": email, "password": "demo"}, headers={"User-Agent": agent})
    payload = data["data"]["logIn"]
    assert payload["errors"] == [], payload
    return payload


async def test_sign_ins_list_each_device_and_mark_the_current_one(fresh_bff: GraphQLClient) -> None:
    phone = await sign_in(fresh_bff, "dana@customk9.demo", "Phone/1.0")
    laptop = await sign_in(fresh_bff, "dana@customk9.demo", "Laptop/2.0\r\nX-Injected: 1")
    await sign_in(fresh_bff, "omar@customk9.demo", "Omar/1.0")
    refreshed = (await fresh_bff.query(REFRESH, {"t": phone["refreshToken"]}))["refreshToken"]
    listed = (await fresh_bff.as_token(refreshed["accessToken"]).query(SIGN_INS))["mySignIns"]
    assert [s["userAgent"] for s in listed] == ["Phone/1.0", "Laptop/2.0  X-Injected: 1"]  # last used first
    assert [s["current"] for s in listed] == [True, False]
    assert listed[0]["lastUsedAt"] >= listed[0]["createdAt"]
    from_laptop = (await fresh_bff.as_token(laptop["accessToken"]).query(SIGN_INS))["mySignIns"]
    assert [s["current"] for s in from_laptop] == [False, True]
    assert await fresh_bff.error_codes(SIGN_INS) == ["UNAUTHENTICATED"]


async def test_revoke_one_sign_in_ends_its_tokens_only(fresh_bff: GraphQLClient) -> None:
    phone = await sign_in(fresh_bff, "dana@customk9.demo", "Phone")
    laptop = await sign_in(fresh_bff, "dana@customk9.demo", "Laptop")
    as_laptop = fresh_bff.as_token(laptop["accessToken"])
    phone_id = next(s["id"] for s in (await as_laptop.query(SIGN_INS))["mySignIns"] if s["userAgent"] == "Phone")
    assert (await as_laptop.query(REVOKE, {"id": phone_id}))["revokeSignIn"] == {"ok": True, "errors": []}
    assert await fresh_bff.as_token(phone["accessToken"]).error_codes(ME) == ["UNAUTHENTICATED"]
    assert (await fresh_bff.query(REFRESH, {"t": phone["refreshToken"]}))["refreshToken"]["errors"] == [
        {"code": "INVALID_TOKEN"}]
    assert (await as_laptop.query(ME))["me"]["name"] == "Dana Whitfield"
    assert [s["userAgent"] for s in (await as_laptop.query(SIGN_INS))["mySignIns"]] == ["Laptop"]


async def test_another_users_sign_in_id_is_not_found_like_a_missing_one(fresh_bff: GraphQLClient) -> None:
    dana = await sign_in(fresh_bff, "dana@customk9.demo", "Dana")
    omar = await sign_in(fresh_bff, "omar@customk9.demo", "Omar")
    as_omar, as_dana = fresh_bff.as_token(omar["accessToken"]), fresh_bff.as_token(dana["accessToken"])
    danas_id = (await as_dana.query(SIGN_INS))["mySignIns"][0]["id"]
    answers = [(await as_omar.query(REVOKE, {"id": gid}))["revokeSignIn"] for gid in (danas_id, "no-such-id")]
    assert answers[0] == answers[1] == {"ok": False, "errors": [{"code": "NOT_FOUND", "field": "id"}]}
    assert (await as_dana.query(ME))["me"]["name"] == "Dana Whitfield"  # untouched
    assert (await fresh_bff.query(REFRESH, {"t": dana["refreshToken"]}))["refreshToken"]["errors"] == []


async def test_log_out_everywhere_ends_every_sign_in_and_closes_subscriptions(fresh_odoo: DemoOdoo) -> None:
    async with serve_bff(fresh_odoo) as live:
        phone = await sign_in(live.gql, "dana@customk9.demo", "Phone")
        laptop = await sign_in(live.gql, "dana@customk9.demo", "Laptop")
        omar = await live.gql.log_in("omar@customk9.demo")
        async with ws_client(live.url, phone["accessToken"]) as dana_ws, ws_client(live.url, omar.token) as omar_ws:
            await dana_ws.subscribe(DASHBOARD)
            await omar_ws.subscribe(DASHBOARD)
            await registered(live, 2)
            as_laptop = live.gql.as_token(laptop["accessToken"])
            assert (await as_laptop.query(EVERYWHERE))["logOutEverywhere"] == {"ok": True, "errors": []}
            closed = await dana_ws.receive(timeout=3.0)  # at once, not at the 15 s periodic token check
            assert closed.get("code") == 4401, closed
            assert await omar_ws.nothing_within(0.3)  # another user's subscription goes on
        for tokens in (phone, laptop):
            assert await live.gql.as_token(tokens["accessToken"]).error_codes(ME) == ["UNAUTHENTICATED"]
            again = (await live.gql.query(REFRESH, {"t": tokens["refreshToken"]}))["refreshToken"]
            assert again["errors"] == [{"code": "INVALID_TOKEN"}]
        assert (await omar.query(ME))["me"]["name"] == "Omar Haddad"
        fresh = await live.gql.log_in("dana@customk9.demo")  # she can sign in again
        assert len((await fresh.query(SIGN_INS))["mySignIns"]) == 1


async def test_memory_store_is_bounded_and_forgets() -> None:
    store = MemorySignInStore(max_sign_ins=2)
    await store.record("a", 1, "A", 1.0)
    await store.record("b", 1, "B", 2.0)
    await store.touch("a", 3.0)  # "a" is now the most recently used: "b" goes first
    await store.record("c", 2, "C" * 1000, 4.0)
    assert [s.family for s in await store.list(1)] == ["a"] and len(store) == 2
    assert len((await store.list(2))[0].user_agent or "") == 256
    await store.forget("a")
    await store.touch("a", 5.0)  # unknown: nothing recorded
    assert await store.list(1) == [] and len(store) == 1
    with pytest.raises(ValueError):
        MemorySignInStore(max_sign_ins=0)
