"""How the Odoo cost grows with page size (5 and 50 events) and with a client's dogs (1 and 20), with
Odoo-like latency on every call, then the subscription fan-out: the figures ``make bench`` printed before the
table of ``python -m bench``. Run with ``python -m bench.scaling``.

The emulator adds ``--latency-ms`` (default 5 ms, the per-call floor measured on a real Odoo 18 on
loopback, see the README) to every JSON-RPC answer, so the figures show what batching saves. The naive
figure replays what a frontend without a BFF does: one call for the page, then one per event and relation.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from dataclasses import replace

import httpx

from bench import subscriptions
from bff.app import create_app
from bff.odoo_client import OdooClient
from bff.settings import Settings
from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer
from tests.test_batching import QUERY, add_events


async def naive(odoo: OdooClient, first: int) -> None:
    rows = await odoo.search_read("event.event", [("is_published", "=", True)], limit=first,
                                  fields=["name", "event_type_id", "tag_ids", "event_ticket_ids"])
    for row in rows:
        await odoo.read("event.type", [row["event_type_id"][0]], fields=["name"])
        for tag in row["tag_ids"]:
            await odoo.read("event.tag", [tag], fields=["name"])
        for ticket in row["event_ticket_ids"]:
            await odoo.read("event.event.ticket", [ticket], fields=["name", "price"])


async def main(latency_ms: float, repeat: int, subscribers: int) -> None:
    server = EmulatorServer(Database(name="customk9"), latency_ms=0)
    await server.start()
    add_events(server.db, 60)
    # the public caches off: these figures are about batching, and a cached read would make no call at all
    settings = replace(Settings(), public_cache_ttl_s=0).with_odoo(server.url, db="customk9", login="admin",
                                                                   password="admin")
    odoo = OdooClient(url=server.url, db="customk9", login="admin", password="admin")
    app = create_app(settings, odoo=odoo)
    print(f"events page with category, tags and tickets; {latency_ms:g} ms added to every Odoo call; "
          f"median of {repeat}")
    print(f"{'first':>5} {'path':>6} {'odoo calls':>10} {'median ms':>10}")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:
        await http.post("/graphql", json={"query": QUERY, "variables": {"first": 1}})
        server.latency_ms = latency_ms
        for first in (5, 50):
            for path in ("bff", "naive"):
                times, calls = [], 0
                for _ in range(repeat):
                    server.clear_calls()
                    started = time.perf_counter()
                    if path == "bff":
                        payload = {"query": QUERY, "variables": {"first": first}}
                        response = await http.post("/graphql", json=payload)
                        assert "errors" not in response.json(), response.text
                    else:
                        await naive(odoo, first)
                    times.append((time.perf_counter() - started) * 1000)
                    calls = len([c for c in server.calls if c.model])
                print(f"{first:>5} {path:>6} {calls:>10} {statistics.median(times):>10.1f}")
    await odoo.close()
    await server.stop()
    await dashboard(latency_ms, repeat)
    if subscribers:
        subscriptions.print_figures(await subscriptions.run(subscribers, latency_ms=latency_ms))


DASHBOARD = """{ dashboard { nextSessions { title dog { name } trainingPlan { name } }
  activePlans { name dog { name } tasks { name } progress { percent } } openRentals { reference lines { quantity } }
  upcomingRegistrations { event { name } } counts { dogs activePlans upcomingSessions openRentals } }
  me { dogs { name trainingPlans { name progress { percent } } } } }"""


async def dashboard(latency_ms: float, repeat: int) -> None:
    """The signed-in dashboard of a client with 1 dog and with 20 dogs: the Odoo cost must not grow."""
    from tests.conftest import open_bff, start_seeded_emulator

    demo = await start_seeded_emulator()
    gql, odoo = await open_bff(demo.server, api_key=demo.seeded.integration_api_key)
    lea = await gql.log_in("lea@customk9.demo")
    print(f"\nclient dashboard and dogs with their plans; {latency_ms:g} ms added to every Odoo call")
    print(f"{'dogs':>5} {'odoo calls':>10} {'median ms':>10}")
    owner = demo.seeded.client_partners["lea@customk9.demo"]
    for dogs in (1, 20):
        while demo.db.execute(1, "customk9.dog", "search_count", [[("owner_id", "=", owner)]], {}) < dogs:
            dog = demo.db.execute(1, "customk9.dog", "create", [{"name": "Extra", "owner_id": owner}], {})
            demo.db.execute(1, "project.project", "create", [{"name": "Plan", "partner_id": owner, "dog_id": dog}], {})
        await lea.query(DASHBOARD)
        demo.server.latency_ms = latency_ms
        times = []
        for _ in range(repeat):
            demo.server.clear_calls()
            started = time.perf_counter()
            await lea.query(DASHBOARD)
            times.append((time.perf_counter() - started) * 1000)
        calls = len([c for c in demo.server.calls if c.model])
        if os.environ.get("BENCH_SHOW_CALLS"):
            print(sorted((c.model or "", c.method or "") for c in demo.server.calls if c.model))
        demo.server.latency_ms = 0
        print(f"{dogs:>5} {calls:>10} {statistics.median(times):>10.1f}")
    await gql.http.aclose()
    await odoo.close()
    await demo.server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--subscribers", type=int, default=1000, help="websocket subscribers of the fan-out (0: none)")
    args = parser.parse_args()
    asyncio.run(main(args.latency_ms, args.repeat, args.subscribers))
