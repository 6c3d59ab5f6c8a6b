"""BFF CPU per request before and around execution: ``{ __typename }`` and the README's events query.

The seeded Odoo emulator runs in a child process (``bff emulator``), so the CPU this process spends is the BFF's
own (plus httpx's in-process ASGI transport, the same on every run). Prints CPU ms per request, optionally with
a cProfile of the slowest functions: ``python -m bench.pipeline_cpu [--repeat N] [--profile]``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import re
import socket
import subprocess
import sys
import time

import httpx

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
QUERIES = {"{ __typename }": "{ __typename }", "README events query": README_EVENTS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_emulator() -> tuple[subprocess.Popen[str], str, str]:
    port = _free_port()
    child = subprocess.Popen([sys.executable, "-m", "bff.cli", "emulator", "--port", str(port)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    line = child.stdout.readline()
    key = re.search(r"API key (\S+);", line)
    if key is None:
        child.kill()
        raise RuntimeError(f"the emulator did not start: {line!r}")
    return child, f"http://127.0.0.1:{port}", key.group(1)


async def measure(url: str, api_key: str, repeat: int, profile: bool) -> None:
    settings = Settings().with_odoo_api_key(url, db="customk9", login="bff@customk9.demo", api_key=api_key)
    odoo = OdooClient(url=url, db="customk9", login="bff@customk9.demo", api_key=api_key)
    app = create_app(settings, odoo=odoo)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:
        print(f"{'query':<22} {'CPU ms/request':>15} {'wall ms/request':>16}")
        for label, query in QUERIES.items():
            for _ in range(20):  # warm up: connections, caches, first-call imports
                assert "errors" not in (await http.post("/graphql", json={"query": query})).json()
            profiler = cProfile.Profile() if profile else None
            cpu, wall = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            for _ in range(repeat):
                await http.post("/graphql", json={"query": query})
            if profiler:
                profiler.disable()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            print(f"{label:<22} {cpu * 1000 / repeat:>15.3f} {wall * 1000 / repeat:>16.3f}")
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    await odoo.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    child, url, key = start_emulator()
    try:
        asyncio.run(measure(url, key, args.repeat, args.profile))
    finally:
        child.terminate()
        child.wait()


if __name__ == "__main__":
    main()
