"""Check live updates end to end against the Odoo the ``ODOO_*`` settings name (a real Odoo 18 with the addon).

    ODOO_URL=... ODOO_DB=... ODOO_LOGIN=bff@customk9.demo ODOO_API_KEY=<key> \\
      ODOO_ADMIN_LOGIN=admin ODOO_ADMIN_PASSWORD=<password> python -m bench.live_check

Serves the BFF on a free loopback port, signs in the demo clients Dana and Omar (seeded by ``bff seed``),
subscribes both to ``dashboardChanged``, renames one of Dana's sessions straight in Odoo as the administrator
(not through the BFF), and prints how long Dana's frame took and that Omar received nothing. Exit status 1
when either does not hold.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time

import uvicorn

from bff.app import create_app
from bff.odoo_client import OdooClient
from bff.schema.node import decode_global_id
from bff.settings import Settings
from tests.graphql_client import GraphQLClient
from tests.live.harness import ws_client

DASHBOARD = "subscription { dashboardChanged { kind operation ids nodes { ... on Session { title } } } }"


async def main() -> int:
    settings = Settings.from_env()
    if not settings.odoo_url:
        print("set ODOO_URL, ODOO_DB, ODOO_LOGIN, ODOO_API_KEY (the integration account) and ODOO_ADMIN_*")
        return 2
    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    while not server.started or app.state.feed.mode == "starting":
        await asyncio.sleep(0.05)
    print(f"feed mode: {app.state.feed.mode}")
    url = f"http://127.0.0.1:{port}"
    admin = OdooClient(url=settings.odoo_url, db=settings.odoo_db, login=os.environ.get("ODOO_ADMIN_LOGIN", "admin"),
                       password=os.environ.get("ODOO_ADMIN_PASSWORD", "admin"))
    try:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            gql = GraphQLClient(http)
            dana, omar = await gql.log_in("dana@customk9.demo"), await gql.log_in("omar@customk9.demo")
            mine = await dana.query("{ me { upcomingSessions(first: 1) { id title } } }")
            sessions = mine["me"]["upcomingSessions"]
            session_id = decode_global_id(sessions[0]["id"])[1]
            async with ws_client(url, dana.token) as dana_ws, ws_client(url, omar.token) as omar_ws:
                await dana_ws.subscribe(DASHBOARD)
                await omar_ws.subscribe(DASHBOARD)
                await admin.search_count("calendar.event", [("id", "=", session_id)])  # logged in before timing
                await asyncio.sleep(0.5)
                title = f"Live check {int(time.time())}"
                started = time.perf_counter()
                await admin.write("calendar.event", [session_id], {"name": title})
                frame = await dana_ws.receive(timeout=2.0)
                took = (time.perf_counter() - started) * 1000
                change = frame["payload"]["data"]["dashboardChanged"]
                print(f"Dana: {change['kind']} {change['operation']} {change['nodes']} after {took:.0f} ms")
                omar_silent = await _silent(omar_ws, 1.0)
                print(f"Omar received nothing within 1 s: {omar_silent}")
                await admin.write("calendar.event", [session_id], {"name": sessions[0]["title"]})
                ok = change["kind"] == "SESSION" and change["nodes"] == [{"title": title}] and omar_silent
                return 0 if ok else 1
    finally:
        await admin.close()
        server.should_exit = True
        await serving


async def _silent(ws: object, seconds: float) -> bool:
    """Nothing but RESYNC signals (which carry no data) within ``seconds``."""
    loop = asyncio.get_running_loop()
    until = loop.time() + seconds
    while (left := until - loop.time()) > 0:
        try:
            frame = await ws.receive(timeout=left)  # type: ignore[attr-defined]
        except TimeoutError:
            return True
        print(f"Omar got: {frame}")
        if frame.get("payload", {}).get("data", {}).get("dashboardChanged", {}).get("kind") != "RESYNC":
            return False
    return True


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
