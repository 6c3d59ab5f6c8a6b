"""Subscription fan-out: N websocket subscribers on one BFF process, one change written in Odoo.

The BFF runs as its own process (``bff serve``) against the seeded emulator in this process, with 5 ms
added to every Odoo call, so the BFF's CPU is its own. N anonymous clients subscribe to
``eventSeatsChanged`` of one event over graphql-transport-ws; then, ``--changes`` times, the event's seat
limit is written straight into Odoo (JSON-RPC as an administrator, not through the BFF) and the time from
that write to each subscriber's frame is taken. Memory per idle subscriber is the BFF process's resident
memory after the N subscriptions minus before, divided by N.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import statistics
import sys
import time
from dataclasses import dataclass

import aiohttp

from bench.servers import free_port
from bff.odoo_client import OdooClient
from bff.schema.node import encode_global_id
from odoo_emulator.bus_ws import HUB
from tests.conftest import start_seeded_emulator

SEATS = "subscription($id: ID!) { eventSeatsChanged(eventId: $id) { id seatsAvailable } }"


@dataclass
class Figures:
    subscribers: int
    deliveries: int
    expected: int
    p50_ms: float
    p99_ms: float
    kib_per_subscriber: float
    odoo_bus_connections: int


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


async def _active_subscriptions(http: aiohttp.ClientSession, url: str) -> int:
    async with http.get(f"{url}/metrics") as response:
        text = await response.text()
    line = next((x for x in text.splitlines() if x.startswith("bff_subscriptions_active ")), "x 0")
    return int(float(line.split()[1]))


async def _subscriber(http: aiohttp.ClientSession, url: str, event_gid: str, ready: asyncio.Event,
                      arrivals: list[float], connected: list[int], total: int) -> None:
    async with http.ws_connect(f"{url}/graphql", protocols=["graphql-transport-ws"], heartbeat=None) as ws:
        await ws.send_json({"type": "connection_init", "payload": {}})
        await ws.receive(timeout=30)
        payload = {"query": SEATS, "variables": {"id": event_gid}}
        await ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        connected.append(1)
        if len(connected) == total:
            ready.set()
        async for message in ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                return
            if json.loads(message.data).get("type") == "next":
                arrivals.append(time.perf_counter())


async def run(subscribers: int = 1000, changes: int = 5, latency_ms: float = 5.0) -> Figures:
    demo = await start_seeded_emulator()
    port = free_port()
    env = {**os.environ, "ODOO_URL": demo.server.url, "ODOO_DB": "customk9", "ODOO_LOGIN": "bff@customk9.demo",
           "ODOO_API_KEY": demo.seeded.integration_api_key or "", "BFF_JWT_SECRET": "bench-" + "x" * 40,
           "BFF_MAX_SUBSCRIPTIONS_PER_ADDRESS": str(subscribers + 10), "BFF_LOG_LEVEL": "WARNING",
           "BFF_LIVE_QUEUE_SIZE": "32"}
    command = os.path.join(os.path.dirname(sys.executable), "bff")
    bff = await asyncio.create_subprocess_exec(command, "serve", "--port", str(port), env=env,
                                               stdout=asyncio.subprocess.DEVNULL)  # its request log
    url = f"http://127.0.0.1:{port}"
    tasks: list[asyncio.Task[None]] = []
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            for _ in range(200):
                try:
                    async with http.get(f"{url}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.05)
            await asyncio.sleep(1.0)  # the change feed connects to the bus
            event_id = next(iter(demo.seeded.events.values()))
            gid = encode_global_id("Event", event_id)
            before = _rss_kib(bff.pid)
            ready, arrivals, connected = asyncio.Event(), [], []
            for _ in range(subscribers):
                tasks.append(asyncio.create_task(_subscriber(http, url, gid, ready, arrivals, connected, subscribers)))
            await asyncio.wait_for(ready.wait(), timeout=120)
            while await _active_subscriptions(http, url) < subscribers:  # the BFF registered every one
                await asyncio.sleep(0.1)
            await asyncio.sleep(0.5)
            after = _rss_kib(bff.pid)
            demo.server.latency_ms = latency_ms
            delays: list[float] = []
            async with OdooClient(url=demo.server.url, db="customk9", login="admin", password="admin") as admin:
                for n in range(changes):
                    arrivals.clear()
                    started = time.perf_counter()
                    await admin.write("event.event", [event_id], {"seats_max": 200 + n})
                    deadline = time.perf_counter() + 10
                    while len(arrivals) < subscribers and time.perf_counter() < deadline:
                        await asyncio.sleep(0.005)
                    delays.extend((t - started) * 1000 for t in arrivals)
                    await asyncio.sleep(0.2)
            bus_connections = len(demo.server.app[HUB].sockets)
            quantiles = statistics.quantiles(delays, n=100) if len(delays) > 1 else [0.0] * 99
            return Figures(subscribers, len(delays), subscribers * changes, statistics.median(delays) if delays else 0,
                           quantiles[98], (after - before) / subscribers, bus_connections)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        bff.send_signal(signal.SIGINT)
        await bff.wait()
        await demo.server.stop()


def print_figures(figures: Figures) -> None:
    print(f"\nsubscription fan-out: {figures.subscribers} websocket subscribers on one BFF process, one change "
          f"written in Odoo ({figures.expected // figures.subscribers} times)")
    print(f"{'subscribers':>11} {'delivered':>11} {'p50 ms':>8} {'p99 ms':>8} {'KiB/idle sub':>13} "
          f"{'Odoo bus sockets':>17}")
    print(f"{figures.subscribers:>11} {figures.deliveries:>5}/{figures.expected:<5} {figures.p50_ms:>8.1f} "
          f"{figures.p99_ms:>8.1f} {figures.kib_per_subscriber:>13.1f} {figures.odoo_bus_connections:>17}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=5)
    args = parser.parse_args()
    print_figures(asyncio.run(run(args.subscribers, args.changes)))
