"""POST /oauth/token as RFC 6749 says: password and refresh_token grants, client authentication, error bodies."""

from __future__ import annotations

import base64
import warnings
from collections.abc import AsyncIterator
from urllib.parse import quote_plus

import httpx
import pytest

from bff.oauth.clients import parse_clients
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

CLIENTS = ("nextjs:s3cret:password+refresh_token", "mobile", "reports:r3p:refresh_token", "odd id:a:b+c=:")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ME = "{ me { name } }"


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


@pytest.fixture
async def bff(fresh_odoo: DemoOdoo) -> AsyncIterator[GraphQLClient]:
    client, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key,
                                  oauth_clients=CLIENTS[:3], login_max_failures_per_account=3)
    yield client
    await client.http.aclose()
    await odoo.close()


async def post(bff: GraphQLClient, body: str | dict[str, str], headers: dict[str, str] | None = None) -> httpx.Response:
    return await bff.http.post("/oauth/token", content=body if isinstance(body, str) else None,
                               data=body if isinstance(body, dict) else None, headers={**FORM, **(headers or {})})


def assert_error(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"] == error and isinstance(response.json()["error_description"], str)
    assert response.headers["cache-control"] == "no-store" and response.headers["pragma"] == "no-cache"
    assert response.headers["content-type"] == "application/json"


async def test_password_then_refresh_token_grant(bff: GraphQLClient) -> None:
    first = await post(bff, {"grant_type": "password", "username": "dana@customk9.demo", "password": "demo"},
                       basic("nextjs", "s3cret"))
    assert first.status_code == 200 and first.headers["cache-control"] == "no-store"
    body = first.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token", "scope"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900 and body["scope"] == "customk9 offline_access"
    assert (await bff.as_token(body["access_token"]).query(ME))["me"]["name"] == "Dana Whitfield"
    second = await post(bff, {"grant_type": "refresh_token", "refresh_token": body["refresh_token"],
                              "client_id": "nextjs", "client_secret": "s3cret"})  # client_secret_post
    assert second.status_code == 200, second.text
    rotated = second.json()
    assert rotated["refresh_token"] != body["refresh_token"]
    assert (await bff.as_token(rotated["access_token"]).query(ME))["me"]["name"] == "Dana Whitfield"
    reused = await post(bff, {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]},
                        basic("nextjs", "s3cret"))
    assert_error(reused, 400, "invalid_grant")  # reuse revokes the family (section 10.4)
    assert await bff.as_token(rotated["access_token"]).error_codes(ME) == ["UNAUTHENTICATED"]
    public = await post(bff, {"grant_type": "password", "username": "omar@customk9.demo", "password": "demo",
                              "client_id": "mobile", "scope": "customk9"})
    assert public.status_code == 200 and public.json()["scope"] == "customk9 offline_access"


@pytest.mark.parametrize(("body", "headers", "status", "error"), [
    ({"grant_type": "password", "username": "dana@customk9.demo", "password": "demo"}, {}, 401, "invalid_client"),
    ({"grant_type": "password", "username": "dana@customk9.demo", "password": "demo"}, basic("nextjs", "wrong"), 401,
     "invalid_client"),
    ({"grant_type": "password", "client_id": "nobody"}, {}, 401, "invalid_client"),
    ({"grant_type": "password", "client_id": "mobile", "client_secret": "guess"}, {}, 401, "invalid_client"),
    ({"grant_type": "password", "client_secret": "s3cret"}, basic("nextjs", "s3cret"), 400, "invalid_request"),
    ({"grant_type": "password", "client_id": "mobile"}, basic("nextjs", "s3cret"), 400, "invalid_request"),
    ({"client_id": "mobile"}, {}, 400, "invalid_request"),
    ({"grant_type": "password", "client_id": "mobile", "username": "dana@customk9.demo"}, {}, 400, "invalid_request"),
    ({"grant_type": "refresh_token", "client_id": "mobile"}, {}, 400, "invalid_request"),
    ({"grant_type": "authorization_code", "code": "x", "client_id": "mobile"}, {}, 400, "unsupported_grant_type"),
    ({"grant_type": "client_credentials"}, basic("nextjs", "s3cret"), 400, "unsupported_grant_type"),
    ({"grant_type": "password", "username": "dana@customk9.demo", "password": "demo"}, basic("reports", "r3p"), 400,
     "unauthorized_client"),
    ({"grant_type": "password", "username": "dana@customk9.demo", "password": "demo", "client_id": "mobile",
      "scope": "customk9 admin"}, {}, 400, "invalid_scope"),
    ({"grant_type": "password", "username": "dana@customk9.demo", "password": "nope", "client_id": "mobile"}, {}, 400,
     "invalid_grant"),
    ({"grant_type": "password", "username": "nobody@customk9.demo", "password": "x", "client_id": "mobile"}, {}, 400,
     "invalid_grant"),
    ({"grant_type": "refresh_token", "refresh_token": "forged", "client_id": "mobile"}, {}, 400, "invalid_grant"),
])
async def test_error_bodies(bff: GraphQLClient, body: dict[str, str], headers: dict[str, str], status: int,
                            error: str) -> None:
    response = await post(bff, body, headers)
    assert_error(response, status, error)
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Basic")


async def test_malformed_requests_are_invalid_request(bff: GraphQLClient) -> None:
    repeated = await post(bff, "grant_type=password&grant_type=refresh_token&client_id=mobile")
    assert_error(repeated, 400, "invalid_request")
    as_json = await bff.http.post("/oauth/token", json={"grant_type": "password", "client_id": "mobile"})
    assert_error(as_json, 400, "invalid_request")
    not_utf8 = await bff.http.post("/oauth/token", content=b"grant_type=\xff", headers=FORM)
    assert_error(not_utf8, 400, "invalid_request")
    bad_basic = await post(bff, {"grant_type": "password"}, {"Authorization": "Basic !!!"})
    assert_error(bad_basic, 401, "invalid_client")
    assert (await bff.http.get("/oauth/token")).status_code == 405


async def test_password_grant_is_throttled_like_log_in(bff: GraphQLClient) -> None:
    wrong = {"grant_type": "password", "username": "omar@customk9.demo", "password": "nope", "client_id": "mobile"}
    codes = [(await post(bff, wrong)).status_code for _ in range(4)]
    assert codes[:3] == [400, 400, 400] and codes[3] == 429
    throttled = await post(bff, {**wrong, "password": "demo"})  # even the right password waits
    assert_error(throttled, 429, "invalid_grant")
    assert int(throttled.headers["retry-after"]) >= 1
    log_in = "mutation { logIn(email: \"omar@customk9.demo\", password: \"demo\") { errors { code } } }"
    assert (await bff.query(log_in))["logIn"]["errors"] == [{"code": "TOO_MANY_ATTEMPTS"}]  # one throttle


async def test_a_real_oauth2_client_library(bff: GraphQLClient) -> None:
    """authlib's OAuth2 client: the password grant, then a refresh, as a Next.js server would do them."""
    import authlib.deprecate  # installs authlib's own "always show" filter before ours below

    with warnings.catch_warnings():  # authlib 1.9 announces that its httpx client will move to httpx2
        warnings.simplefilter("ignore", authlib.deprecate.AuthlibDeprecationWarning)
        from authlib.integrations.httpx_client import AsyncOAuth2Client

    transport = httpx.ASGITransport(app=bff.http._transport.app)  # type: ignore[attr-defined]
    async with AsyncOAuth2Client(client_id="nextjs", client_secret="s3cret", scope="customk9",
                                 transport=transport, base_url="http://bff.test") as oauth:
        token = await oauth.fetch_token("http://bff.test/oauth/token", grant_type="password",
                                        username="dana@customk9.demo", password="demo")
        assert token["token_type"] == "Bearer" and token["expires_at"] > 0
        refreshed = await oauth.refresh_token("http://bff.test/oauth/token", refresh_token=token["refresh_token"])
        assert refreshed["access_token"] != token["access_token"]
        me = await oauth.post("http://bff.test/graphql", json={"query": ME})
        assert me.json() == {"data": {"me": {"name": "Dana Whitfield"}}}
        from authlib.integrations.base_client import OAuthError

        with pytest.raises(OAuthError) as refused:
            await oauth.fetch_token("http://bff.test/oauth/token", grant_type="password",
                                    username="dana@customk9.demo", password="wrong")
        assert refused.value.error == "invalid_grant"


def test_client_registry_parsing() -> None:
    clients = parse_clients(CLIENTS[:3])
    assert clients["nextjs"].secret == "s3cret" and clients["mobile"].secret is None
    assert clients["reports"].grants == frozenset({"refresh_token"})
    for bad in (("a:s", "a:t"), (":s",), ("a:s:implicit",), (CLIENTS[3],)):
        with pytest.raises(ValueError):
            parse_clients(bad)


async def test_a_refresh_token_is_refreshed_by_its_own_client_only(bff: GraphQLClient) -> None:
    """RFC 6749 section 6: the refresh token was issued to the client that presents it, or invalid_grant (and the
    token is not spent: its client still refreshes it). GraphQL counts as a client of its own."""
    issued = (await post(bff, {"grant_type": "password", "username": "dana@customk9.demo", "password": "demo",
                               "client_id": "mobile"})).json()
    stolen = {"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]}
    assert_error(await post(bff, stolen, basic("nextjs", "s3cret")), 400, "invalid_grant")
    graphql = "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken errors { code } } }"
    assert (await bff.query(graphql, {"t": issued["refresh_token"]}))["refreshToken"] == {
        "accessToken": None, "errors": [{"code": "INVALID_TOKEN"}]}
    assert (await post(bff, {**stolen, "client_id": "mobile"})).status_code == 200  # its own client still can
    logged_in = await bff.query("mutation { logIn(email: \"omar@customk9.demo\", password: \"demo\") "
                                "{ refreshToken } }")
    from_graphql = {"grant_type": "refresh_token", "refresh_token": logged_in["logIn"]["refreshToken"],
                    "client_id": "mobile"}
    assert_error(await post(bff, from_graphql), 400, "invalid_grant")
    assert (await bff.query(graphql, {"t": from_graphql["refresh_token"]}))["refreshToken"]["errors"] == []
