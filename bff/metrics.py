"""The BFF's Prometheus metrics, kept by ``prometheus_client``.

Each ``create_app`` (each ``OdooClient`` without one) gets its own ``Metrics`` with its own
``CollectorRegistry``, so tests read exact counts and two apps in one process never share samples.
``GET /metrics`` renders that registry in the Prometheus text format. Counters, gauges and the histogram
are ``prometheus_client``'s; the gauges whose value lives elsewhere (the change feed's mode and lag, the
open subscriptions) are read when scraped through a ``read`` callback, as ``Gauge.set_function`` does for
label-less gauges. ``*_created`` samples are turned off: nothing here reads them.

Several worker processes (``bff serve --workers N``) use ``prometheus_client``'s multiprocess mode: ``bff serve``
points ``PROMETHEUS_MULTIPROC_DIR`` at a temporary directory (removed when it stops) before the workers start,
every worker writes its counters and histograms there, and ``/metrics``, whichever worker answers it, renders
the sums over all of them (counters of workers that ended included). ``bff_worker_started_seconds`` has one
sample per live worker (label ``pid``). The callback gauges (change feed, open subscriptions) describe the
process that answers, as ``/readyz`` does.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator

import prometheus_client
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

LabelValues = tuple[str, ...]

_DEFAULT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, math.inf)

prometheus_client.disable_created_metrics()
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"


def multiprocess_dir() -> str | None:
    """The directory shared by the workers of ``bff serve --workers N``, else None (one process)."""
    return os.environ.get(MULTIPROCESS_DIR) or None


class Counter:
    """A counter with labels; ``get`` reads one sample back (0 when never incremented)."""

    def __init__(self, registry: CollectorRegistry, name: str, help_text: str,
                 labelnames: tuple[str, ...] = ()) -> None:
        self.name, self.labelnames, self._registry = name, labelnames, registry
        self._counter = prometheus_client.Counter(name, help_text, labelnames, registry=registry)

    def inc(self, *labelvalues: str, amount: float = 1.0) -> None:
        (self._counter.labels(*labelvalues) if self.labelnames else self._counter).inc(amount)

    def get(self, *labelvalues: str) -> float:
        value = self._registry.get_sample_value(self.name, dict(zip(self.labelnames, labelvalues, strict=True)))
        return value or 0.0

    def total(self) -> float:
        return sum(sample.value for metric in self._counter.collect() for sample in metric.samples
                   if sample.name == self.name)


class CallbackGauge(Collector):
    """A gauge whose values ``read()`` returns when scraped (``{label values: value}``); none until set."""

    def __init__(self, registry: CollectorRegistry, name: str, help_text: str,
                 labelnames: tuple[str, ...] = ()) -> None:
        self.name, self.help, self.labelnames = name, help_text, labelnames
        self.read: Callable[[], dict[LabelValues, float]] | None = None
        registry.register(self)

    def describe(self) -> list[GaugeMetricFamily]:
        return [GaugeMetricFamily(self.name, self.help, labels=self.labelnames)]

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(self.name, self.help, labels=self.labelnames)
        for labels, value in sorted((self.read() if self.read is not None else {}).items()):
            family.add_metric(list(labels), value)
        yield family


class Histogram:
    """Durations with labels, in the BFF's buckets (5 ms to 10 s)."""

    def __init__(self, registry: CollectorRegistry, name: str, help_text: str,
                 labelnames: tuple[str, ...] = (), buckets: tuple[float, ...] = _DEFAULT_BUCKETS) -> None:
        self.name, self.labelnames = name, labelnames
        self._histogram = prometheus_client.Histogram(name, help_text, labelnames, registry=registry,
                                                      buckets=buckets)

    def observe(self, value: float, *labelvalues: str) -> None:
        (self._histogram.labels(*labelvalues) if self.labelnames else self._histogram).observe(value)


class Metrics:
    """Every metric the BFF exports, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry(auto_describe=True)
        self.odoo_calls = Counter(registry, "bff_odoo_calls_total", "Odoo JSON-RPC calls made, by model and method.",
                                  ("model", "method"))
        self.odoo_errors = Counter(registry, "bff_odoo_errors_total", "Odoo calls that failed, by error class.",
                                   ("model", "method", "error"))
        self.odoo_seconds = Histogram(registry, "bff_odoo_call_seconds", "Duration of Odoo calls, by model and method.",
                                      ("model", "method"))
        self.graphql_seconds = Histogram(registry, "bff_graphql_request_seconds",
                                         "Duration of GraphQL operations, by operation name (bff/observability.py).",
                                         ("operation",))
        self.graphql_requests = Counter(registry, "bff_graphql_requests_total", "GraphQL operations executed.",
                                        ("operation_type",))
        self.graphql_errors = Counter(registry, "bff_graphql_errors_total", "GraphQL errors returned, by code.",
                                      ("code",))
        self.bus_mode = CallbackGauge(registry, "bff_bus_mode",
                                      "1 for the change feed's current mode (bus, polling, down).", ("mode",))
        self.bus_lag = CallbackGauge(registry, "bff_bus_lag_seconds",
                                     "Seconds since the change feed was last known up to date.")
        self.bus_reconnects = Counter(registry, "bff_bus_reconnects_total", "Bus websocket reconnections.")
        self.subscriptions = CallbackGauge(registry, "bff_subscriptions_active",
                                           "GraphQL subscriptions open on this process.")
        self.public_cache = Counter(registry, "bff_public_cache_total",
                                    "Public answers by cache layer (odoo: one Odoo call, response: a whole answer) "
                                    "and outcome (hit, coalesced, miss, dropped by a change).", ("layer", "outcome"))
        self.worker_started = prometheus_client.Gauge(
            "bff_worker_started_seconds", "When this worker process started (Unix time); one sample per live "
            "worker, labelled pid, under bff serve --workers.", registry=registry, multiprocess_mode="liveall")
        self.worker_started.set(time.time())
        self._per_process = (self.bus_mode, self.bus_lag, self.subscriptions)

    def render(self) -> str:
        """The Prometheus text exposition: this registry, or with several workers the sums over all of them
        plus this process's callback gauges."""
        if multiprocess_dir() is None:
            return generate_latest(self.registry).decode("utf-8")
        every_worker = CollectorRegistry()
        multiprocess.MultiProcessCollector(every_worker)
        for gauge in self._per_process:
            every_worker.register(gauge)
        return generate_latest(every_worker).decode("utf-8")

    def process_ended(self) -> None:
        """With several workers: drop this process's live-only samples (its ``bff_worker_started_seconds``)."""
        if multiprocess_dir() is not None:
            multiprocess.mark_process_dead(os.getpid())
