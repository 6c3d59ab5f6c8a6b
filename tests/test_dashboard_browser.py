"""The example dashboard (``examples/dashboard``) in a real browser: Dana signs in, sees her dashboard, and a
change made in Odoo appears without a reload, through the ``dashboardChanged`` subscription.

The dashboard is built with npm when its build is missing or older than its sources (``npm ci`` and ``npm run
build``: codegen from ``schema.graphql``, the TypeScript check, Vite); Chromium and npm are skipped without,
except in CI (``CI=true``) where their absence fails the test.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bff.odoo_client import OdooClient
from tests.conftest import ADMIN, DB, DemoOdoo
from tests.live.harness import serve_bff
from tests.test_graphiql_browser import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "examples" / "dashboard"
BUILT = APP / "dist" / "index.html"
RENAMED = "Obedience session: Rex (moved indoors)"


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def built_dashboard() -> Path:
    """The dashboard's build, made with npm when missing or stale."""
    sources = [APP / "package-lock.json", ROOT / "schema.graphql", *(APP / "src").glob("*.ts*")]
    if BUILT.exists() and BUILT.stat().st_mtime >= max(p.stat().st_mtime for p in sources):
        return BUILT.parent
    if shutil.which("npm") is None:
        _missing("npm is not installed: the example dashboard cannot be built")
    for command in (["npm", "ci", "--no-audit", "--no-fund"], ["npm", "run", "build"]):
        done = subprocess.run(command, cwd=APP, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return BUILT.parent


@pytest.fixture
async def served(fresh_odoo: DemoOdoo) -> AsyncIterator[str]:
    dist = await asyncio.to_thread(built_dashboard)
    async with serve_bff(fresh_odoo, dashboard_dir=str(dist)) as bff:
        yield bff.url


async def test_dana_signs_in_and_sees_an_odoo_change_without_a_reload(served: str, fresh_odoo: DemoOdoo,
                                                                     tmp_path: Path) -> None:
    executable = chromium_path()
    from playwright.async_api import async_playwright

    console_errors: list[str] = []
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = await context.new_page()
            page.on("pageerror", lambda exc: console_errors.append(str(exc)))
            await page.goto(f"{served}/dashboard/", timeout=15_000)
            await page.get_by_label("Email").fill("dana@customk9.demo")
            await page.get_by_label("Password").fill("demo")
            await page.get_by_role("button", name="Sign in").click()
            await page.get_by_role("heading", name="Hello Dana").wait_for(timeout=15_000)
            sessions = page.get_by_test_id("session")
            await sessions.first.wait_for(timeout=10_000)
            assert "Obedience session: Rex" in await sessions.first.inner_text()
            await page.evaluate("window.__notReloaded = true")
            await page.get_by_text("Live: 0 update(s) received").wait_for(timeout=10_000)
            await asyncio.sleep(0.5)  # the subscription's connection_init and subscribe reach the BFF

            session_id = await _dana_next_session(fresh_odoo)
            async with OdooClient(url=fresh_odoo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as admin:
                await admin.write("calendar.event", [session_id], {"name": RENAMED})

            await page.get_by_test_id("session").filter(has_text=RENAMED).wait_for(timeout=15_000)
            assert await page.evaluate("window.__notReloaded === true")
            assert "update(s) received" in await page.get_by_test_id("live-status").inner_text()
        finally:
            await context.close()
    assert console_errors == []


async def _dana_next_session(demo: DemoOdoo) -> int:
    async with OdooClient(url=demo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as admin:
        rows = await admin.search_read("calendar.event", [("name", "=", "Obedience session: Rex"),
                                                          ("start", ">", "2000-01-01")], fields=["start"],
                                       order="start asc")
    upcoming = [r for r in rows if r["start"] > demo.db.now_str()]
    return upcoming[0]["id"]
