"""GraphiQL renders and runs a query in a real browser, with no network beyond the BFF.

Headless Chromium (Debian's ``chromium`` package, which ``.ci/run`` installs when missing), driven by
Playwright for Python (never Playwright's own browser download), loads ``GET /graphql`` from the BFF served
by uvicorn on 127.0.0.1. Every request that is not for the BFF is aborted and recorded, and the page's
console is watched, so a CDN reference or a CSP violation fails the test. Without Chromium the test is
skipped, except in CI (``CI=true``) where it fails: it must not vanish silently there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import pytest

from demo_data.content import EVENT_CATEGORIES
from tests.conftest import DemoOdoo
from tests.live.harness import serve_bff

QUERY = "{ eventCategories { name } }"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """Debian's Chromium, else skip (fail in CI)."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if found is None:
        reason = "Debian's chromium is not installed (.ci/run installs it with apt-get)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture
async def bff_url(demo_odoo: DemoOdoo) -> AsyncIterator[str]:
    """The BFF over the shared demo emulator, served by uvicorn on a free 127.0.0.1 port."""
    async with serve_bff(demo_odoo) as bff:
        yield bff.url


async def test_graphiql_renders_and_runs_a_query_offline(bff_url: str, tmp_path: Path) -> None:
    executable = chromium_path()
    from playwright.async_api import Route, async_playwright

    outside: list[str] = []
    console_errors: list[str] = []

    async def only_the_bff(route: Route) -> None:
        if route.request.url.startswith(bff_url + "/"):
            await route.continue_()
        else:
            outside.append(route.request.url)
            await route.abort()

    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            service_workers="block")
        try:
            await context.route("**/*", only_the_bff)
            page = await context.new_page()
            page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: console_errors.append(str(exc)))
            response = await page.goto(f"{bff_url}/graphql?q={quote(QUERY)}", timeout=10_000)
            assert response is not None and response.status == 200
            assert "script-src 'self'" in (await response.header_value("content-security-policy") or "")
            await page.locator(".graphiql-execute-button").click(timeout=10_000)
            result = page.locator(".graphiql-response")
            await result.get_by_text(EVENT_CATEGORIES[0]).first.wait_for(timeout=10_000)
            text = await result.inner_text()
        finally:
            await context.close()

    assert all(name in text for name in EVENT_CATEGORIES), text
    assert outside == []
    assert console_errors == []
