"""The measuring loop every row of the table shares: latency, throughput and CPU time of one way to fetch a page.

A row is measured in two phases, both after one warm-up fetch (the caller's own, when it made one):

    sequential   ``requests`` fetches one after the other  -> p50 / p99 latency, CPU ms per request
    concurrent   ``concurrency`` loops for ``seconds``     -> requests per second

At the deadline each client finishes the request it has in flight and stops: requests per second is the
completed ones over the time until the last one ended. The direct paths give ``progress`` (the Odoo calls they
completed, in pages) and are cancelled at the deadline instead, so a row never takes much longer than
``seconds`` (8 clients of a page of 245 sequential Odoo calls would otherwise hold a one-process Odoo for
minutes) and a page slower than the window still gets a rate.

CPU time is read from ``/proc/<pid>/stat`` (user + system) of the process that serves the page (the BFF or the
bare strawberry app, each run as its own process so that the load generator and the emulator are not counted),
before and after the sequential phase. p99 is the nearest-rank percentile: with few samples it is the slowest.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Fetch = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class Load:
    """How hard and how long to measure one row; the whole ``make bench`` stays bounded by these."""

    requests: int = 30
    slow_requests: int = 3  # sequential samples of the no-BFF path, which costs one Odoo call per record
    seconds: float = 3.0
    concurrency: int = 8


@dataclass(frozen=True)
class Timing:
    p50_ms: float
    p99_ms: float
    req_per_s: float
    cpu_ms: float | None
    samples: int


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of a non-empty list."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux ``/proc``)."""
    with open(f"/proc/{pid}/stat") as stat:
        after_name = stat.read().rsplit(")", 1)[1].split()
    return (int(after_name[11]) + int(after_name[12])) / os.sysconf("SC_CLK_TCK")


async def measure(fetch: Fetch, load: Load, *, requests: int | None = None, pid: int | None = None,
                  warm: bool = False, progress: Callable[[], float] | None = None) -> Timing:
    """Warm up once (unless the caller just did: ``warm``), then time ``requests`` sequential fetches and
    ``load.seconds`` of concurrent ones."""
    if not warm:
        await fetch()
    count = requests or load.requests
    times: list[float] = []
    cpu_before = cpu_seconds(pid) if pid else 0.0
    for _ in range(count):
        started = time.perf_counter()
        await fetch()
        times.append((time.perf_counter() - started) * 1000)
    cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / count if pid else None
    done = 0
    started = time.perf_counter()
    deadline = started + load.seconds

    async def loop() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await fetch()
            done += 1

    loops = [asyncio.ensure_future(loop()) for _ in range(load.concurrency)]
    if progress is None:
        await asyncio.gather(*loops)
        rate = done / (time.perf_counter() - started)
    else:
        before = progress()
        await asyncio.wait(loops, timeout=load.seconds)
        rate = (progress() - before) / (time.perf_counter() - started)
        for running in loops:
            running.cancel()
        for ended in await asyncio.gather(*loops, return_exceptions=True):
            if isinstance(ended, BaseException) and not isinstance(ended, asyncio.CancelledError):
                raise ended  # a fetch failed: the row's figures would be wrong
    return Timing(percentile(times, 50), percentile(times, 99), rate, cpu_ms, count)
