"""A small Prometheus text-format registry (counters, gauges and histograms with labels).

Kept in-process and dependency-free; ``GET /metrics`` renders it. Each ``create_app`` gets its own
``Metrics`` so tests can read exact counts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

LabelValues = tuple[str, ...]

_DEFAULT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, math.inf)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(names: tuple[str, ...], values: LabelValues, extra: str = "") -> str:
    parts = [f'{n}="{_escape(v)}"' for n, v in zip(names, values, strict=True)]
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}" if parts else ""


class Counter:
    def __init__(self, name: str, help_text: str, labelnames: tuple[str, ...] = ()) -> None:
        self.name, self.help, self.labelnames = name, help_text, labelnames
        self.values: dict[LabelValues, float] = defaultdict(float)

    def inc(self, *labelvalues: str, amount: float = 1.0) -> None:
        self.values[tuple(labelvalues)] += amount

    def get(self, *labelvalues: str) -> float:
        return self.values.get(tuple(labelvalues), 0.0)

    def total(self) -> float:
        return sum(self.values.values())

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} counter"]
        for values, amount in sorted(self.values.items()):
            lines.append(f"{self.name}{_labels(self.labelnames, values)} {amount:g}")
        return lines


class Gauge:
    """A value that goes up and down; ``read`` (optional) computes the values when rendered."""

    def __init__(self, name: str, help_text: str, labelnames: tuple[str, ...] = ()) -> None:
        self.name, self.help, self.labelnames = name, help_text, labelnames
        self.values: dict[LabelValues, float] = {}
        self.read: Callable[[], dict[LabelValues, float]] | None = None

    def set(self, value: float, *labelvalues: str) -> None:
        self.values[tuple(labelvalues)] = value

    def render(self) -> list[str]:
        values = self.read() if self.read is not None else self.values
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} gauge"]
        for labels, value in sorted(values.items()):
            lines.append(f"{self.name}{_labels(self.labelnames, labels)} {value:g}")
        return lines


class Histogram:
    def __init__(self, name: str, help_text: str, labelnames: tuple[str, ...] = (),
                 buckets: tuple[float, ...] = _DEFAULT_BUCKETS) -> None:
        self.name, self.help, self.labelnames, self.buckets = name, help_text, labelnames, buckets
        self.counts: dict[LabelValues, list[int]] = {}
        self.sums: dict[LabelValues, float] = defaultdict(float)

    def observe(self, value: float, *labelvalues: str) -> None:
        key = tuple(labelvalues)
        counts = self.counts.setdefault(key, [0] * len(self.buckets))
        for i, bound in enumerate(self.buckets):
            if value <= bound:
                counts[i] += 1
        self.sums[key] += value

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        for key, counts in sorted(self.counts.items()):
            for bound, count in zip(self.buckets, counts, strict=True):
                le = "+Inf" if math.isinf(bound) else f"{bound:g}"
                labels = _labels(self.labelnames, key, 'le="' + le + '"')
                lines.append(f"{self.name}_bucket{labels} {count}")
            lines.append(f"{self.name}_sum{_labels(self.labelnames, key)} {self.sums[key]:g}")
            lines.append(f"{self.name}_count{_labels(self.labelnames, key)} {counts[-1]}")
        return lines


class Metrics:
    """Every metric the BFF exports."""

    def __init__(self) -> None:
        self.odoo_calls = Counter("bff_odoo_calls_total", "Odoo JSON-RPC calls made, by model and method.",
                                  ("model", "method"))
        self.odoo_errors = Counter("bff_odoo_errors_total", "Odoo calls that failed, by error class.",
                                   ("model", "method", "error"))
        self.odoo_seconds = Histogram("bff_odoo_call_seconds", "Duration of Odoo calls.", ("method",))
        self.graphql_requests = Counter("bff_graphql_requests_total", "GraphQL operations executed.",
                                        ("operation_type",))
        self.graphql_errors = Counter("bff_graphql_errors_total", "GraphQL errors returned, by code.",
                                      ("code",))
        self.bus_mode = Gauge("bff_bus_mode", "1 for the change feed's current mode (bus, polling, down).",
                              ("mode",))
        self.bus_lag = Gauge("bff_bus_lag_seconds", "Seconds since the change feed was last known up to date.")
        self.bus_reconnects = Counter("bff_bus_reconnects_total", "Bus websocket reconnections.")
        self.subscriptions = Gauge("bff_subscriptions_active", "GraphQL subscriptions open on this process.")

    def render(self) -> str:
        lines: list[str] = []
        for metric in (self.odoo_calls, self.odoo_errors, self.odoo_seconds, self.graphql_requests,
                       self.graphql_errors, self.bus_mode, self.bus_lag, self.bus_reconnects, self.subscriptions):
            lines.extend(metric.render())
        return "\n".join(lines) + "\n"
