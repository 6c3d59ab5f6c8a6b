"""Log-in abuse through the whole BFF: a parallel guesser, an office NAT, Odoo sessions left behind."""

from __future__ import annotations

import asyncio
from typing import Any

from bff.errors import OdooServerError
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

LOG_IN = """mutation LogIn($email: String!, $password: String!) {
  logIn(email: $email, password: $password) { accessToken errors { code field message retryAfterSeconds } }
}"""
SIGN_UP = """mutation S($n: String!, $e: String!, $p: String!) { signUp(name: $n, email: $e, password: $p) {
  accessToken viewer { email } errors { code field retryAfterSeconds } } }"""
CHANGE = """mutation C($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) {
  ok errors { code field } } }"""


async def log_in(gql: GraphQLClient, email: str, password: str = "demo", address: str | None = None) -> dict:
    """``logIn``; ``address`` plays a client behind the ASGI transport's fixed peer (the BFF trusts it as
    a proxy in the tests that pass one)."""
    headers = {"X-Forwarded-For": address} if address else None
    body = await gql.raw(LOG_IN, {"email": email, "password": password}, headers=headers)
    assert "errors" not in body, body
    return body["data"]["logIn"]


def password_checks(demo: DemoOdoo) -> int:
    return len(demo.server.calls_to(method="common.authenticate")) + len(
        demo.server.calls_to(route="/web/session/authenticate"))


async def test_sixty_parallel_wrong_passwords_reach_odoo_ten_times_at_most(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        fresh_odoo.server.latency_ms = 20  # every check is in flight while the others arrive
        fresh_odoo.server.clear_calls()
        answers = await asyncio.gather(*(log_in(gql, "omar@customk9.demo", f"guess-{n}") for n in range(60)))
        codes = [answer["errors"][0]["code"] for answer in answers]
        assert password_checks(fresh_odoo) <= 10
        assert codes.count("INVALID_CREDENTIALS") == password_checks(fresh_odoo)
        assert codes.count("TOO_MANY_ATTEMPTS") == 60 - password_checks(fresh_odoo)
        waiting = next(a["errors"][0] for a in answers if a["errors"][0]["code"] == "TOO_MANY_ATTEMPTS")
        assert waiting["retryAfterSeconds"] >= 1 and f"{waiting['retryAfterSeconds']} s" in waiting["message"]
        fresh_odoo.server.clear_calls()
        right = await log_in(gql, "omar@customk9.demo")  # the right password waits its turn too
        assert right["errors"][0]["code"] == "TOO_MANY_ATTEMPTS" and password_checks(fresh_odoo) == 0
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_a_guesser_behind_an_office_nat_locks_out_neither_colleagues_nor_sign_ups(
        fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key,
                               trusted_proxies=("127.0.0.1",), login_max_failures_per_address=5)
    office = "192.0.2.10"
    try:
        assert (await log_in(gql, "dana@customk9.demo", address=office))["errors"] == []  # Dana, last week
        for n in range(8):  # someone in the office sprays passwords over many accounts
            await log_in(gql, f"victim{n}@customk9.demo", "123456", address=office)
        sprayed = await log_in(gql, "victim9@customk9.demo", "123456", address=office)
        assert sprayed["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"
        assert (await log_in(gql, "dana@customk9.demo", address=office))["errors"] == []
        assert (await log_in(gql, "omar@customk9.demo", address="192.0.2.99"))["errors"] == []  # elsewhere
        body = await gql.raw(SIGN_UP, {"n": "New Colleague", "e": "colleague@example.com", "p": "longenough1"},
                             headers={"X-Forwarded-For": office})
        assert body["data"]["signUp"]["errors"] == [] and body["data"]["signUp"]["accessToken"]
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_log_in_sign_up_and_password_change_leave_no_odoo_session(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    sessions = fresh_odoo.server.sessions
    try:
        await odoo.detect()  # once per process, at start-up: Odoo's version and modules
        before = sessions.created
        for email in ("dana@customk9.demo", "omar@customk9.demo", "trainer@customk9.demo"):
            assert (await log_in(gql, email))["errors"] == []
        assert (await log_in(gql, "dana@customk9.demo", "wrong"))["errors"][0]["code"] == "INVALID_CREDENTIALS"
        made = (await gql.query(SIGN_UP, {"n": "Sam", "e": "sam@example.com", "p": "longenough1"}))["signUp"]
        assert made["errors"] == []
        sam = gql.as_token(made["accessToken"])
        assert (await sam.query(CHANGE, {"o": "longenough1", "n": "evenlonger2"}))["changePassword"]["ok"]
        wrong = (await sam.query(CHANGE, {"o": "not-it-at-all", "n": "evenlonger3"}))["changePassword"]
        assert wrong["errors"] == [{"code": "INVALID_CREDENTIALS", "field": "oldPassword"}]
        assert (await log_in(gql, "sam@example.com", "evenlonger2"))["errors"] == []
        assert sessions.created == before
        assert fresh_odoo.server.calls_to(route="/web/session/authenticate") == []
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_an_odoo_outage_answers_odoo_unavailable_and_counts_no_failure(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key, odoo_retries=0)
    try:
        await odoo.detect()
        await fresh_odoo.server.pause()
        for _ in range(15):  # more than the account's ten free attempts
            body = await gql.raw(LOG_IN, {"email": "lea@customk9.demo", "password": "demo"})
            assert [e["extensions"]["code"] for e in body["errors"]] == ["ODOO_UNAVAILABLE"]
        await fresh_odoo.server.resume()
        await asyncio.sleep(odoo.breaker.retry_after())  # the circuit breaker lets a probe through again
        assert (await log_in(gql, "lea@customk9.demo"))["errors"] == []  # no verdict was no failure
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_odoo_failing_after_the_password_check_answers_odoo_unavailable(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    original = odoo.call

    async def failing(model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        if method == "customk9_viewer_info":
            raise OdooServerError("disk full", odoo_name="builtins.OSError")
        return await original(model, method, *args, **kwargs)

    odoo.call = failing  # type: ignore[method-assign]
    try:
        body = await gql.raw(LOG_IN, {"email": "lea@customk9.demo", "password": "demo"})
        assert [e["extensions"]["code"] for e in body["errors"]] == ["ODOO_UNAVAILABLE"]
        assert "disk full" not in str(body)
    finally:
        await gql.http.aclose()
        await odoo.close()
