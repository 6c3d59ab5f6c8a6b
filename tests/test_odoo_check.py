"""``bff odoo check`` and ``/readyz``: every capability present on the seeded emulator; a plain Odoo without the
addon, a mis-configured one and an expiring API key are named, with the right exit status."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest

from bff import cli
from bff.odoo_check import Check, exit_status, render, run_checks
from bff.odoo_client import OdooClient
from demo_data.content import INTEGRATION_LOGIN
from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer
from tests.conftest import DB, DemoOdoo, open_bff

pytestmark = pytest.mark.asyncio


def _by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def _integration(demo: DemoOdoo) -> tuple[OdooClient, object]:
    settings = cli.Settings().with_odoo_api_key(demo.server.url, db=DB, login=INTEGRATION_LOGIN,
                                                api_key=demo.seeded.integration_api_key or "")
    return OdooClient(url=demo.server.url, db=DB, login=INTEGRATION_LOGIN,
                      api_key=demo.seeded.integration_api_key), settings


async def test_every_capability_is_present_on_the_seeded_emulator(demo_odoo: DemoOdoo) -> None:
    odoo, settings = _integration(demo_odoo)
    async with odoo:
        checks = await run_checks(odoo, settings)  # type: ignore[arg-type]
    statuses = {c.name: c.status for c in checks}
    assert statuses == {"odoo": "ok", "account": "ok", "modules": "ok", "optional modules": statuses[
        "optional modules"], "addon": "ok", "groups": "ok", "api key": "ok", "mail": "ok", "crons": "ok",
        "list_db": "ok", "bus": "ok"}
    assert exit_status(checks) == 0
    assert render(checks).endswith("the BFF can serve on this Odoo")


async def test_the_cli_prints_the_report_and_exits_0_on_the_demo_odoo(capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli._odoo_check(cli.Settings(), demo=True, as_json=False) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and "addon" in out and "bus" in out


@pytest.fixture
async def plain_odoo() -> AsyncIterator[EmulatorServer]:
    server = EmulatorServer(Database(name=DB, addons=()))
    await server.start()
    yield server
    await server.stop()


async def test_an_odoo_without_the_addon_is_named_and_fails(plain_odoo: EmulatorServer) -> None:
    settings = cli.Settings().with_odoo(plain_odoo.url, db=DB, login="admin", password="admin")
    async with OdooClient(url=plain_odoo.url, db=DB, login="admin", password="admin") as odoo:
        checks = await run_checks(odoo, settings)
    named = _by_name(checks)
    assert named["addon"].status == "fail" and "customk9" in named["addon"].detail
    assert exit_status(checks) == 1
    assert "the BFF cannot serve" in render(checks)


async def test_a_badly_configured_odoo_gets_warnings(fresh_odoo: DemoOdoo) -> None:
    db = fresh_odoo.db
    db.server_config.update(list_db=True, max_cron_threads=0)
    db.mail_servers = 0
    odoo, settings = _integration(fresh_odoo)
    async with odoo:
        named = _by_name(await run_checks(odoo, settings))  # type: ignore[arg-type]
    assert named["list_db"].status == "warn" and "list_db = False" in named["list_db"].detail
    assert named["crons"].status == "warn" and "max_cron_threads = 0" in named["crons"].detail
    assert named["mail"].status == "warn" and "localhost" in named["mail"].detail


async def test_an_api_key_close_to_expiry_warns_and_an_unreachable_odoo_fails(fresh_odoo: DemoOdoo) -> None:
    odoo, settings = _integration(fresh_odoo)
    async with odoo:
        key_rows = fresh_odoo.db.tables["res.users.apikeys"].values()
        expiry = datetime.strptime(max(r["expiration_date"] for r in key_rows), "%Y-%m-%d %H:%M:%S")
        soon = await run_checks(odoo, settings, now=expiry - timedelta(days=3))  # type: ignore[arg-type]
        assert _by_name(soon)["api key"].status == "warn" and "rotate" in _by_name(soon)["api key"].detail
        await fresh_odoo.server.stop()
        down = await run_checks(odoo, settings)  # type: ignore[arg-type]
    assert [c.status for c in down] == ["fail"] and exit_status(down) == 1


async def test_readyz_carries_the_checks(demo_odoo: DemoOdoo) -> None:
    client, odoo = await open_bff(demo_odoo.server, api_key=demo_odoo.seeded.integration_api_key)
    try:
        answer = await client.http.get("/readyz")
    finally:
        await client.http.aclose()
        await odoo.close()
    assert answer.status_code == 200
    checks = {c["name"]: c["status"] for c in answer.json()["checks"]}
    assert checks["addon"] == "ok" and checks["bus"] == "ok"


async def test_readyz_is_unavailable_without_the_addon(plain_odoo: EmulatorServer) -> None:
    client, odoo = await open_bff(plain_odoo)
    try:
        answer = await client.http.get("/readyz")
    finally:
        await client.http.aclose()
        await odoo.close()
    assert answer.status_code == 503 and "addon" in answer.json()["reason"]


async def test_the_bus_check_follows_odoo_bus_url(demo_odoo: DemoOdoo) -> None:
    from bff.odoo_check import bus_check

    odoo, _ = _integration(demo_odoo)
    async with odoo:
        assert (await bus_check(odoo, demo_odoo.server.url)).status == "ok"
        nowhere = await bus_check(odoo, "http://127.0.0.1:9")  # discard port: nothing listens
    assert nowhere.status == "warn" and "reverse proxy" in nowhere.detail
