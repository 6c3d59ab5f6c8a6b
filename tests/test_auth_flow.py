"""Log-in through Odoo, tokens, refresh rotation, log-out, sign-up, password and profile changes."""

from __future__ import annotations

import base64
import json
import time

from jose import jwt

from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import LOG_IN, GraphQLClient

ME = "{ me { name email dogs { name } } }"
REFRESH = """mutation R($t: String!) { refreshToken(refreshToken: $t) {
  accessToken refreshToken viewer { role } errors { code } } }"""
LOG_OUT = "mutation L($t: String!) { logOut(refreshToken: $t) { ok } }"


async def log_in(gql: GraphQLClient, email: str, password: str = "demo") -> dict:
    return (await gql.query(LOG_IN, {"email": email, "password": password}))["logIn"]


async def test_log_in_returns_tokens_and_the_viewer(gql: GraphQLClient) -> None:
    payload = await log_in(gql, "dana@customk9.demo")
    assert payload["errors"] == []
    assert payload["viewer"]["role"] == "CLIENT" and payload["viewer"]["name"] == "Dana Whitfield"
    assert payload["expiresIn"] == 900
    claims = jwt.get_unverified_claims(payload["accessToken"])
    assert claims["iss"] == "customk9-bff" and claims["aud"] == "customk9" and claims["exp"] - claims["iat"] == 900
    me = (await gql.as_token(payload["accessToken"]).query(ME))["me"]
    assert me["email"] == "dana@customk9.demo" and {d["name"] for d in me["dogs"]} == {"Rex", "Luna"}
    trainer = await log_in(gql, "trainer@customk9.demo")
    assert trainer["viewer"]["role"] == "TRAINER"


async def test_wrong_password_and_unknown_account_look_the_same(gql: GraphQLClient) -> None:
    wrong = await log_in(gql, "omar@customk9.demo", "nope")
    unknown = await log_in(gql, "nobody@customk9.demo", "nope")
    assert wrong["errors"] == unknown["errors"] == [
        {"code": "INVALID_CREDENTIALS", "field": None, "message": "Wrong email or password"}]
    assert wrong["accessToken"] is None


def forge(claims: dict, header: dict) -> str:
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return f"{part(header)}.{part(claims)}."


async def test_bad_tokens_are_unauthenticated(gql: GraphQLClient) -> None:
    good = (await log_in(gql, "dana@customk9.demo"))["accessToken"]
    claims = jwt.get_unverified_claims(good)
    head, body, sig = good.split(".")
    tampered_claims = base64.urlsafe_b64encode(json.dumps({**claims, "cpid": 1}).encode()).decode().rstrip("=")
    now = int(time.time())
    bad = {
        "tampered": f"{head}.{tampered_claims}.{sig}",
        "other key": jwt.encode(claims, "another-secret-" + "y" * 32, algorithm="HS256"),
        "alg none": forge(claims, {"alg": "none", "typ": "JWT"}),
        "expired": jwt.encode({**claims, "iat": now - 3600, "nbf": now - 3600, "exp": now - 1800},
                              "test-secret-" + "x" * 32, algorithm="HS256"),
        "garbage": "not.a.token",
    }
    for name, token in bad.items():
        codes = await gql.as_token(token).error_codes(ME)
        assert codes == ["UNAUTHENTICATED"], name
    assert await gql.error_codes(ME) == ["UNAUTHENTICATED"]  # no token at all
    assert (await gql.as_token(bad["tampered"]).query("{ events(first: 1) { totalCount } }"))["events"]


async def test_refresh_rotates_and_reuse_revokes_the_family(gql: GraphQLClient) -> None:
    first = (await log_in(gql, "omar@customk9.demo"))["refreshToken"]
    second = (await gql.query(REFRESH, {"t": first}))["refreshToken"]
    assert second["errors"] == [] and second["viewer"]["role"] == "CLIENT"
    assert (await gql.as_token(second["accessToken"]).query(ME))["me"]["name"] == "Omar Haddad"
    reused = (await gql.query(REFRESH, {"t": first}))["refreshToken"]
    assert reused["errors"] == [{"code": "INVALID_TOKEN"}] and reused["accessToken"] is None
    after_theft = (await gql.query(REFRESH, {"t": second["refreshToken"]}))["refreshToken"]
    assert after_theft["errors"] == [{"code": "INVALID_TOKEN"}]  # the whole family is revoked


async def test_log_out_revokes_the_refresh_token(gql: GraphQLClient) -> None:
    token = (await log_in(gql, "lea@customk9.demo"))["refreshToken"]
    assert (await gql.query(LOG_OUT, {"t": token}))["logOut"]["ok"] is True
    assert (await gql.query(REFRESH, {"t": token}))["refreshToken"]["errors"] == [{"code": "INVALID_TOKEN"}]


async def test_ten_wrong_passwords_lock_one_account_only(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        for _ in range(10):
            assert (await log_in(gql, "omar@customk9.demo", "wrong"))["errors"][0]["code"] == "INVALID_CREDENTIALS"
        fresh_odoo.server.clear_calls()
        locked = await log_in(gql, "omar@customk9.demo", "demo")  # even the right password waits now
        assert locked["errors"][0]["code"] == "TOO_MANY_ATTEMPTS" and locked["accessToken"] is None
        assert fresh_odoo.server.calls_to(method="common.authenticate") == []  # refused before Odoo
        assert (await log_in(gql, "dana@customk9.demo"))["errors"] == []  # same address, other account
    finally:
        await gql.http.aclose()
        await odoo.close()


SIGN_UP = """mutation S($n: String!, $e: String!, $p: String!) { signUp(name: $n, email: $e, password: $p) {
  accessToken viewer { role email } errors { code field } } }"""
CHANGE = """mutation C($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) {
  ok errors { code field } } }"""
RESET = "mutation R($e: String!) { requestPasswordReset(email: $e) { ok errors { code } } }"
PROFILE = """mutation P($i: UpdateProfileInput!) { updateProfile(input: $i) {
  client { name phone city } errors { code field } } }"""


async def test_sign_up_change_password_and_profile(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        made = (await gql.query(SIGN_UP, {"n": "Nina New", "e": "Nina@Example.com", "p": "longenough1"}))["signUp"]
        assert made["errors"] == [] and made["viewer"] == {"role": "CLIENT", "email": "nina@example.com"}
        again = (await gql.query(SIGN_UP, {"n": "Nina", "e": "nina@example.com", "p": "longenough1"}))["signUp"]
        assert again["errors"] == [] and again["viewer"]["email"] == "nina@example.com"  # a retry signs in
        taken = (await gql.query(SIGN_UP, {"n": "Nina", "e": "nina@example.com", "p": "otherpass1"}))["signUp"]
        assert taken["errors"] == [{"code": "EMAIL_TAKEN", "field": "email"}]
        weak = (await gql.query(SIGN_UP, {"n": "W", "e": "w@example.com", "p": "short"}))["signUp"]
        assert weak["errors"] == [{"code": "WEAK_PASSWORD", "field": "password"}]
        assert fresh_odoo.db.execute(1, "res.users", "search_count", [[("login", "=", "w@example.com")]], {}) == 0

        nina = gql.as_token(made["accessToken"])
        wrong = (await nina.query(CHANGE, {"o": "bad-old-password", "n": "another-pass"}))["changePassword"]
        assert wrong == {"ok": False, "errors": [{"code": "INVALID_CREDENTIALS", "field": "oldPassword"}]}
        assert (await nina.query(CHANGE, {"o": "longenough1", "n": "another-pass"}))["changePassword"]["ok"]
        assert (await log_in(gql, "nina@example.com", "another-pass"))["errors"] == []
        assert (await log_in(gql, "nina@example.com", "longenough1"))["errors"][0]["code"] == "INVALID_CREDENTIALS"

        updated = (await nina.query(PROFILE, {"i": {"phone": "+1 555 0199", "city": "Salem"}}))["updateProfile"]
        assert updated == {"client": {"name": "Nina New", "phone": "+1 555 0199", "city": "Salem"}, "errors": []}
        bad = (await nina.query(PROFILE, {"i": {"name": "  "}}))["updateProfile"]
        assert bad["errors"] == [{"code": "VALIDATION", "field": "name"}]
        assert (await nina.query(ME))["me"]["name"] == "Nina New"
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_password_reset_never_says_whether_the_account_exists(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        known = await gql.query(RESET, {"e": "dana@customk9.demo"})
        unknown = await gql.query(RESET, {"e": "ghost@customk9.demo"})
        assert known == unknown == {"requestPasswordReset": {"ok": True, "errors": []}}
        assert [mail["to"] for mail in fresh_odoo.db.outbox] == ["dana@customk9.demo"]
    finally:
        await gql.http.aclose()
        await odoo.close()
