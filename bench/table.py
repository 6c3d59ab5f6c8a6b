"""One markdown table of figures: a row per way of fetching a page, plus the bare app, the cache and the
subscription fan-out. ``ratio`` says what it compares in its own cell (e.g. ``2.84× critical p50``)."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime

from bench.measure import Load, Timing

HEADER = ("page", "path", "Odoo calls", "p50 ms", "p99 ms", "req/s", "CPU ms/req", "ratio")


@dataclass
class Row:
    page: str
    path: str
    calls: float | str
    timing: Timing | None = None
    ratio: str = ""
    p50_ms: float | None = None  # rows measured elsewhere (the fan-out) give their own figures
    p99_ms: float | None = None


def _num(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _rate(value: float | None) -> str:
    """Whole requests per second, with a decimal below 10 (a no-BFF page can take seconds)."""
    return _num(value, 1 if value is not None and value < 10 else 0)


def _calls(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def render(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    for row in rows:
        t = row.timing
        cells = (row.page, row.path, _calls(row.calls), _num(t.p50_ms if t else row.p50_ms),
                 _num(t.p99_ms if t else row.p99_ms), _rate(t.req_per_s if t else None),
                 _num(t.cpu_ms if t else None), row.ratio)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    """CPU model and count, OS and Python: the line that makes a table comparable with another."""
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{model}, {os.cpu_count()} CPUs, {system}, Python {platform.python_version()}"


def caption(target: str, load: Load) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{target}; {when}; {machine()}. Latency: {load.requests} sequential requests "
            f"({load.slow_requests} for the no-BFF path) after one warm-up; req/s: {load.concurrency} concurrent "
            f"clients for {load.seconds:g} s; CPU: the serving process's user+system time per sequential request; "
            f"load average at the end {_load_average()}.")


def _load_average() -> str:
    """Other work on the machine skews every figure: the table says how busy it was."""
    try:
        with open("/proc/loadavg") as loadavg:
            return " ".join(loadavg.read().split()[:3])
    except OSError:
        return "unknown"
