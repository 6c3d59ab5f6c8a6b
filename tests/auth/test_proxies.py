"""Which client address the BFF believes: X-Forwarded-For only from listed proxies, in the app and in uvicorn."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
import uvicorn

from bff.app import create_app
from bff.auth.proxies import TrustedProxies
from bff.cli import uvicorn_config
from bff.odoo_client import OdooClient
from bff.settings import Settings
from demo_data.content import INTEGRATION_LOGIN
from tests.conftest import DB, DemoOdoo, settings_for

LOG_IN = """mutation L($e: String!, $p: String!) { logIn(email: $e, password: $p) { errors { code } } }"""


@pytest.mark.parametrize(("trusted", "peer", "header", "expected"), [
    ((), "127.0.0.1", "198.51.100.7", "127.0.0.1"),                          # nobody trusted
    (("10.0.0.0/8",), "203.0.113.5", "198.51.100.7", "203.0.113.5"),         # peer is no proxy of ours
    (("10.0.0.0/8",), "10.1.2.3", "198.51.100.7", "198.51.100.7"),
    (("10.0.0.0/8",), "10.1.2.3", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client wrote 6.6.6.6
    (("10.0.0.0/8", "::1"), "::1", "198.51.100.7, 10.9.9.9", "198.51.100.7"),  # through two proxies
    (("10.0.0.0/8",), "10.1.2.3", "10.2.2.2", "10.1.2.3"),                   # only proxies: the peer
    (("10.0.0.0/8",), "10.1.2.3", "", "10.1.2.3"),
    (("10.0.0.0/8",), "10.1.2.3", "garbage", "10.1.2.3"),
    (("10.0.0.0/8",), "10.1.2.3", "198.51.100.7:4711", "198.51.100.7"),
    (("10.0.0.0/8",), "10.1.2.3", "[2001:db8::1]:4711", "2001:db8::1"),
])
def test_the_right_most_untrusted_hop_behind_a_trusted_peer(trusted: tuple[str, ...], peer: str, header: str,
                                                            expected: str) -> None:
    assert TrustedProxies(trusted).client(peer, header) == expected


def test_a_bad_entry_is_refused_with_the_setting_name() -> None:
    with pytest.raises(ValueError, match="BFF_TRUSTED_PROXIES"):
        TrustedProxies(["10.0.0.0/8", "proxy.example.com"])


def test_settings_read_the_allow_list_and_the_deprecated_switch() -> None:
    assert Settings.from_env({}).trusted_proxies == ()
    assert Settings.from_env({"BFF_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"}).trusted_proxies == \
        ("10.0.0.0/8", "127.0.0.1")
    assert Settings.from_env({"BFF_TRUST_FORWARDED_FOR": "true"}).trusted_proxies == ("127.0.0.1", "::1")
    assert Settings.from_env({"BFF_TRUST_FORWARDED_FOR": "true", "BFF_TRUSTED_PROXIES": ""}).trusted_proxies == ()


def test_uvicorn_believes_forwarded_headers_only_from_listed_proxies() -> None:
    app = object()
    plain = uvicorn_config(app, Settings(), host="127.0.0.1", port=0)
    assert plain.proxy_headers is False
    behind = uvicorn_config(app, Settings(trusted_proxies=("10.0.0.0/8",)), host="127.0.0.1", port=0)
    assert behind.proxy_headers is True and behind.forwarded_allow_ips == ["10.0.0.0/8"]


@asynccontextmanager
async def serving(config: uvicorn.Config) -> AsyncIterator[httpx.AsyncClient]:
    """Run uvicorn with ``config`` on a free loopback port; a client to it."""
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.025)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            yield client
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


async def answers_behind(config_for: str, demo: DemoOdoo, trusted: tuple[str, ...] = ()) -> list[str]:
    """Log-in answers through a real uvicorn: three failures lock the address, then one more with a forged
    ``X-Forwarded-For``. ``config_for`` is "cli" (as ``bff serve`` builds it) or "uvicorn-default"."""
    settings = settings_for(demo.server, jwt_secret="s" * 40, trusted_proxies=trusted,
                            login_max_failures_per_address=3, login_delay_s=60.0, log_level="WARNING")
    odoo = OdooClient(url=demo.server.url, db=DB, login=INTEGRATION_LOGIN, api_key=demo.seeded.integration_api_key)
    app = create_app(settings, odoo=odoo)
    config = uvicorn_config(app, settings, host="127.0.0.1", port=0) if config_for == "cli" else \
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    codes = []
    try:
        async with serving(config) as client:
            for n in range(4):
                headers = {"X-Forwarded-For": "198.51.100.7"} if n == 3 else {}
                response = await client.post("/graphql", json={"query": LOG_IN, "variables": {
                    "e": f"guess{n}@customk9.demo", "p": "wrong"}}, headers=headers)
                codes.append(response.json()["data"]["logIn"]["errors"][0]["code"])
    finally:
        await odoo.close()
    return codes


async def test_a_locked_address_stays_locked_whatever_x_forwarded_for_says(fresh_odoo: DemoOdoo) -> None:
    assert await answers_behind("cli", fresh_odoo) == ["INVALID_CREDENTIALS"] * 3 + ["TOO_MANY_ATTEMPTS"]


async def test_uvicorn_defaults_would_have_let_the_header_choose_the_address(fresh_odoo: DemoOdoo) -> None:
    """Why ``bff serve`` must set the options: uvicorn trusts the header from loopback by default."""
    assert await answers_behind("uvicorn-default", fresh_odoo) == ["INVALID_CREDENTIALS"] * 4


async def test_a_listed_proxy_gets_its_clients_counted_apart(fresh_odoo: DemoOdoo) -> None:
    assert await answers_behind("cli", fresh_odoo, trusted=("127.0.0.1",)) == ["INVALID_CREDENTIALS"] * 4
