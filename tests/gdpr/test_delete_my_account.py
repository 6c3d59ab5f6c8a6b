"""deleteMyAccount: Odoo's portal account deletion, every token and subscription ended, business records kept."""

from __future__ import annotations

from tests.conftest import DemoOdoo
from tests.graphql_client import LOG_IN, GraphQLClient
from tests.live.harness import registered, serve_bff, ws_client

DELETE = "mutation($p: String!) { deleteMyAccount(password: $p) { ok errors { code field } } }"
REFRESH = "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken errors { code } } }"
ME = "{ me { name } }"
DASHBOARD = "subscription { dashboardChanged { kind } }"


def odoo_state(demo: DemoOdoo, login: str) -> tuple[dict, dict, list[int]]:
    """The user row, the partner row and the partner's sale orders, as Odoo holds them."""
    uid, partner = demo.seeded.clients[login], demo.seeded.client_partners[login]
    orders = sorted(oid for oid, row in demo.db.tables["sale.order"].items() if row.get("partner_id") == partner)
    return dict(demo.db.tables["res.users"][uid]), dict(demo.db.tables["res.partner"][partner]), orders


async def test_dana_deletes_her_account(fresh_odoo: DemoOdoo) -> None:
    async with serve_bff(fresh_odoo) as live:
        first = (await live.gql.query(LOG_IN, {"email": "dana@customk9.demo", "password": "demo"}))["logIn"]
        second = await live.gql.log_in("dana@customk9.demo")
        omar = await live.gql.log_in("omar@customk9.demo")
        _user, _partner, orders_before = odoo_state(fresh_odoo, "dana@customk9.demo")
        assert orders_before  # she has rental orders in the demo data
        async with ws_client(live.url, first["accessToken"]) as dana_ws, ws_client(live.url, omar.token) as omar_ws:
            await dana_ws.subscribe(DASHBOARD)
            await omar_ws.subscribe(DASHBOARD)
            await registered(live, 2)
            fresh_odoo.server.clear_calls()
            assert (await second.query(DELETE, {"p": "demo"}))["deleteMyAccount"] == {"ok": True, "errors": []}
            assert len(fresh_odoo.server.calls_to("res.users", "customk9_deactivate_my_account")) == 1
            closed = await dana_ws.receive(timeout=3.0)
            assert closed.get("code") == 4401, closed
            assert await omar_ws.nothing_within(0.3)
        user, partner, orders_after = odoo_state(fresh_odoo, "dana@customk9.demo")
        assert user["active"] is False and user["login"].startswith("__deleted_user_")
        assert partner["active"] is False
        assert orders_after == orders_before  # business records stay, still hers
        for token in (first["accessToken"], second.token):
            assert await live.gql.as_token(token).error_codes(ME) == ["UNAUTHENTICATED"]
        refreshed = (await live.gql.query(REFRESH, {"t": first["refreshToken"]}))["refreshToken"]
        assert refreshed["errors"] == [{"code": "INVALID_TOKEN"}]
        again = (await live.gql.query(LOG_IN, {"email": "dana@customk9.demo", "password": "demo"}))["logIn"]
        assert [e["code"] for e in again["errors"]] == ["INVALID_CREDENTIALS"]
        assert (await omar.query(ME))["me"]["name"] == "Omar Haddad"


async def test_wrong_password_changes_nothing(fresh_odoo: DemoOdoo, fresh_bff: GraphQLClient) -> None:
    dana = await fresh_bff.log_in("dana@customk9.demo")
    before = odoo_state(fresh_odoo, "dana@customk9.demo")
    for password, code in (("wrong-password", "INVALID_CREDENTIALS"), ("", "VALIDATION")):
        payload = (await dana.query(DELETE, {"p": password}))["deleteMyAccount"]
        assert payload == {"ok": False, "errors": [{"code": code, "field": "password"}]}
    assert odoo_state(fresh_odoo, "dana@customk9.demo") == before
    assert (await dana.query(ME))["me"]["name"] == "Dana Whitfield"


async def test_staff_cannot_and_anonymous_is_refused(fresh_odoo: DemoOdoo, fresh_bff: GraphQLClient) -> None:
    trainer = await fresh_bff.log_in("trainer@customk9.demo")
    fresh_odoo.server.clear_calls()
    payload = (await trainer.query(DELETE, {"p": "demo"}))["deleteMyAccount"]
    assert payload == {"ok": False, "errors": [{"code": "ACCOUNT_NOT_ALLOWED", "field": None}]}
    assert fresh_odoo.server.calls_to("res.users", "customk9_deactivate_my_account") == []
    assert (await trainer.query("{ __typename }"))["__typename"] == "Query"
    assert await fresh_bff.error_codes(DELETE, {"p": "demo"}) == ["UNAUTHENTICATED"]


async def test_wrong_passwords_are_throttled(fresh_odoo: DemoOdoo) -> None:
    async with serve_bff(fresh_odoo, login_max_failures_per_account=2) as live:
        dana = await live.gql.log_in("dana@customk9.demo")
        codes = [(await dana.query(DELETE, {"p": "guess"}))["deleteMyAccount"]["errors"][0]["code"] for _ in range(3)]
        assert codes == ["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "TOO_MANY_ATTEMPTS"]
        assert odoo_state(fresh_odoo, "dana@customk9.demo")[0]["active"] is True
