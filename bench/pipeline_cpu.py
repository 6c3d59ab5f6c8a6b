"""BFF CPU per request before and around execution: ``{ __typename }`` and the README's events query.

The seeded Odoo emulator runs in a child process (``bff emulator``) and requests are handed to the ASGI app
directly (no HTTP client in this process), so the CPU this process spends is the BFF's own. The machine may be
shared: each figure is the best of ``--rounds`` rounds of ``--repeat`` requests. Optionally a cProfile of the
last round: ``python -m bench.pipeline_cpu [--repeat N] [--rounds R] [--profile]``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import time
from dataclasses import replace
from typing import Any

from bench.servers import start_emulator
from bff.app import create_app
from bff.odoo_client import OdooClient
from bff.settings import Settings

README_EVENTS = """{
  events(first: 5, filter: { onlyAvailable: true }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name start seatsAvailable coverImageUrl(width: 600, height: 400) category { name } tags { name }
                   tickets { name price { amount currencyCode formatted } } } }
  }
  posts(first: 3) { edges { node { title slug readingTimeMinutes blog { name } } } }
  equipment { edges { node { name dailyPrice { amount formatted } unitsOwned imageUrl(width: 300) } } }
}"""
EVENTS_PAGE = """query EventsPage($first: Int!, $after: String) {
  events(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name start seatsAvailable category { name } tags { name }
                   tickets { name price { amount currencyCode formatted } } } }
  }
}"""
QUERIES: dict[str, tuple[str, dict[str, Any]]] = {
    "{ __typename }": ("{ __typename }", {}),
    "README events query": (README_EVENTS, {}),
    "events page, variables": (EVENTS_PAGE, {"first": 50}),
}


async def call(app: Any, body: bytes) -> bytes:
    """One POST /graphql straight through the ASGI interface; the response body."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/graphql", "raw_path": b"/graphql", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"bench"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {}}
    chunks: list[bytes] = []
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return b"".join(chunks)


async def measure(url: str, api_key: str, repeat: int, rounds: int, profile: bool) -> None:
    # uncached, as the bench's "BFF" rows: the public caches and the rate limits off
    settings = replace(Settings(), public_cache_ttl_s=0, rate_limit_requests="off", rate_limit_cost="off")
    settings = settings.with_odoo_api_key(url, db="customk9", login="bff@customk9.demo", api_key=api_key)
    odoo = OdooClient(url=url, db="customk9", login="bff@customk9.demo", api_key=api_key)
    app = create_app(settings, odoo=odoo)
    print(f"{'query':<22} {'CPU ms/request':>15} {'wall ms/request':>16}   (best of {rounds} x {repeat})")
    for label, (query, variables) in QUERIES.items():
        body = json.dumps({"query": query, "variables": variables}).encode()
        for _ in range(20):  # warm up: connections, caches, first-call imports
            assert b'"errors"' not in await call(app, body)
        best_cpu = best_wall = float("inf")
        profiler = cProfile.Profile() if profile else None
        for round_ in range(rounds):
            if profiler and round_ == rounds - 1:
                profiler.enable()
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(repeat):
                await call(app, body)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            best_cpu, best_wall = min(best_cpu, cpu), min(best_wall, wall)
        if profiler:
            profiler.disable()
        print(f"{label:<22} {best_cpu * 1000 / repeat:>15.3f} {best_wall * 1000 / repeat:>16.3f}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
    await odoo.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    asyncio.run(run(args.repeat, args.rounds, args.profile))


async def run(repeat: int, rounds: int, profile: bool) -> None:
    emulator, key = await start_emulator(latency_ms=0)
    try:
        await measure(emulator.url, key, repeat, rounds, profile)
    finally:
        await emulator.stop()


if __name__ == "__main__":
    main()
