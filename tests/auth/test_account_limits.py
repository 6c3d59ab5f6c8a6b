"""Sign-up and password-reset rate limits, and a sign-up that survives Odoo failing half-way."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bff.auth.rate_limits import AccountRateLimits, RateLimited
from bff.errors import OdooServerError
from bff.odoo_client import OdooClient
from tests.conftest import DemoOdoo, open_bff

RESET = "mutation R($e: String!) { requestPasswordReset(email: $e) { ok errors { code retryAfterSeconds } } }"
SIGN_UP = """mutation S($n: String!, $e: String!, $p: String!) { signUp(name: $n, email: $e, password: $p) {
  accessToken viewer { email } errors { code field retryAfterSeconds } } }"""


async def test_password_reset_mails_are_limited_per_email(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key,
                               reset_rate_per_address="100/hour")
    try:
        answers = await asyncio.gather(*(gql.query(RESET, {"e": "dana@customk9.demo"}) for _ in range(20)))
        payloads = [a["requestPasswordReset"] for a in answers]
        assert sum(p["ok"] for p in payloads) == 5
        refused = [p for p in payloads if not p["ok"]]
        assert len(refused) == 15 and {p["errors"][0]["code"] for p in refused} == {"RATE_LIMITED"}
        assert all(p["errors"][0]["retryAfterSeconds"] >= 1 for p in refused)
        assert [m["to"] for m in fresh_odoo.db.outbox] == ["dana@customk9.demo"] * 5
        # The limit does not tell whether an account exists: an unknown email is counted the same way.
        unknown = [(await gql.query(RESET, {"e": "ghost@customk9.demo"}))["requestPasswordReset"]["ok"]
                   for _ in range(6)]
        assert unknown == [True] * 5 + [False]
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_password_reset_is_limited_per_address(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        oks = [(await gql.query(RESET, {"e": f"person{n}@example.com"}))["requestPasswordReset"]["ok"]
               for n in range(25)]
        assert oks == [True] * 20 + [False] * 5
        fresh_odoo.server.clear_calls()
        assert not (await gql.query(RESET, {"e": "dana@customk9.demo"}))["requestPasswordReset"]["ok"]
        assert fresh_odoo.server.calls_to("res.users", "customk9_send_reset_password") == []
        assert fresh_odoo.db.outbox == []
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_sign_up_is_limited_per_address(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key,
                               signup_rate_per_address="3/hour")
    try:
        codes = []
        for n in range(4):
            made = (await gql.query(SIGN_UP, {"n": "Bot", "e": f"bot{n}@example.com", "p": "longenough1"}))
            codes.append([e["code"] for e in made["signUp"]["errors"]])
        assert codes == [[], [], [], ["RATE_LIMITED"]]
        users = fresh_odoo.db.execute(1, "res.users", "search_count", [[("login", "=like", "bot%@example.com")]], {})
        assert users == 3
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_rate_limits_count_the_address_before_the_email() -> None:
    limits = AccountRateLimits(reset_per_address="2/hour", reset_per_email="2/hour")
    await limits.password_reset("10.0.0.1", "victim@x.com")
    await limits.password_reset("10.0.0.1", "victim@x.com")
    with pytest.raises(RateLimited):
        await limits.password_reset("10.0.0.1", "other@x.com")
    with pytest.raises(RateLimited) as refused:
        await limits.password_reset("10.0.0.2", "victim@x.com")
    assert 3500 < refused.value.retry_after_s <= 3600


def test_a_bad_rate_names_its_setting() -> None:
    with pytest.raises(ValueError, match="BFF_RESET_RATE_PER_EMAIL"):
        AccountRateLimits(reset_per_email="often")


class FailingOnce(OdooClient):
    """The integration client, but Odoo fails once on one method (a session store full, a worker killed)."""

    fail_method = "customk9_viewer_info"
    failures = 1

    async def call(self, model: str, method: str, args: list[Any] | None = None,
                   kwargs: dict[str, Any] | None = None) -> Any:
        if method == self.fail_method and self.failures:
            self.failures -= 1
            raise OdooServerError("Odoo could not store the session", odoo_name="builtins.OSError")
        return await super().call(model, method, args, kwargs)


async def test_a_sign_up_retried_after_odoo_failed_half_way_signs_in(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    odoo.__class__ = FailingOnce  # the same client, failing once after the account was created
    variables = {"n": "Rita Retry", "e": "rita@example.com", "p": "longenough1"}
    try:
        first = await gql.raw(SIGN_UP, variables)
        assert [e["extensions"]["code"] for e in first["errors"]] == ["ODOO_UNAVAILABLE"]
        assert fresh_odoo.db.execute(1, "res.users", "search_count", [[("login", "=", "rita@example.com")]], {}) == 1
        retry = (await gql.query(SIGN_UP, variables))["signUp"]
        assert retry["errors"] == [] and retry["viewer"] == {"email": "rita@example.com"} and retry["accessToken"]
        other = (await gql.query(SIGN_UP, {**variables, "p": "a-different-one"}))["signUp"]
        assert other["errors"] == [{"code": "EMAIL_TAKEN", "field": "email", "retryAfterSeconds": None}]
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_an_underscore_in_an_email_is_no_wildcard(fresh_odoo: DemoOdoo) -> None:
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        first = (await gql.query(SIGN_UP, {"n": "Ann", "e": "axb@example.com", "p": "longenough1"}))["signUp"]
        second = (await gql.query(SIGN_UP, {"n": "Bo", "e": "a_b@example.com", "p": "longenough2"}))["signUp"]
        assert first["errors"] == second["errors"] == []
        assert second["viewer"] == {"email": "a_b@example.com"}
    finally:
        await gql.http.aclose()
        await odoo.close()
