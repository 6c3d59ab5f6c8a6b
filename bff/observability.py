"""One JSON log line and the latency metrics of every GraphQL operation.

``RequestLog`` wraps each operation (an HTTP request, each operation of a batch, each websocket operation):
it counts the Odoo calls the operation made (a context variable the Odoo client bumps), then writes one JSON
line on the ``bff.request`` logger (``request_id``, ``operation``, ``type``, ``viewer``, ``duration_ms``,
``odoo_calls``, ``outcome`` and the error codes) and observes ``bff_graphql_request_seconds{operation}``.

Operation names come from clients: only names that look like GraphQL names are used as metric labels, and
only the first ``MAX_OPERATION_LABELS`` of them, so a client cannot grow the metrics without bound.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

request_log = logging.getLogger("bff.request")
MAX_OPERATION_LABELS = 200
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}\Z")
_labels: set[str] = set()

# The Odoo calls of the operation running in this task ([count]; None outside an operation).
odoo_calls_in_operation: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "odoo_calls_in_operation", default=None)


def count_odoo_call() -> None:
    counter = odoo_calls_in_operation.get()
    if counter is not None:
        counter[0] += 1


def operation_label(name: str | None) -> str:
    """The metric label of an operation name: the name while few are known, else ``other``."""
    if not name:
        return "anonymous"
    if not _NAME.match(name):
        return "other"
    if name in _labels:
        return name
    if len(_labels) >= MAX_OPERATION_LABELS:
        return "other"
    _labels.add(name)
    return name


def configure_request_log(stream: Any = None) -> None:
    """Request lines go to standard output, as bare JSON (one object per line) whatever the root format."""
    if request_log.handlers:
        return
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    request_log.addHandler(handler)
    request_log.setLevel(logging.INFO)
    request_log.propagate = False


class RequestLog(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        counter = [0]
        token = odoo_calls_in_operation.set(counter)
        started = time.perf_counter()
        try:
            yield
        finally:
            odoo_calls_in_operation.reset(token)
            self._record(time.perf_counter() - started, counter[0])

    def _record(self, elapsed: float, odoo_calls: int) -> None:
        ctx = self.execution_context
        context = ctx.context
        name = ctx.operation_name
        try:
            kind = ctx.operation_type.value
        except Exception:  # noqa: BLE001 — an unparsable document has no operation type
            kind = "unknown"
        result = ctx.result
        errors = list(getattr(result, "errors", None) or ())
        codes = sorted({str((e.extensions or {}).get("code", "INTERNAL")) for e in errors})
        metrics = getattr(getattr(context, "odoo", None), "metrics", None)
        if metrics is not None:
            metrics.graphql_requests.inc(kind)
            metrics.graphql_seconds.observe(elapsed, operation_label(name))
        viewer = getattr(context, "viewer", None)
        line = {"request_id": getattr(context, "request_id", None), "operation": name, "type": kind,
                "viewer": getattr(viewer, "user_id", None), "role": getattr(getattr(viewer, "role", None), "value",
                                                                            None),
                "duration_ms": round(elapsed * 1000, 2), "odoo_calls": odoo_calls,
                "outcome": "error" if errors else "ok", "errors": codes}
        request_log.info(json.dumps(line, separators=(",", ":")))
