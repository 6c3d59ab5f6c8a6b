"""OpenTelemetry traces, on when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set (OTLP over HTTP/protobuf).

One span per GraphQL operation and per resolver (strawberry's ``OpenTelemetryExtension``) and one client span
per Odoo JSON-RPC call (``opentelemetry-instrumentation-aiohttp-client``, which also propagates the trace to
Odoo's access log through ``traceparent``). The standard ``OTEL_*`` variables configure the exporter
(endpoint, headers, timeout) and ``OTEL_SERVICE_NAME`` the service (default ``customk9-bff``).

Neither the document nor resolver arguments are put on spans: a document may carry a password inline
(``logIn(password: "...")``) and arguments carry personal data. The operation span has the document's SHA-256
instead (the persisted-query hash), so a trace still names the exact document.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Generator
from functools import lru_cache
from typing import Any

from strawberry.extensions import LifecycleStep, SchemaExtension

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def tracing_enabled() -> bool:
    return any(os.environ.get(name) for name in ENDPOINT_VARIABLES)


@lru_cache(maxsize=1)
def tracer_provider() -> Any:
    """The process's tracer provider, exporting in batches; aiohttp's client is instrumented once with it."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    service = os.environ.get("OTEL_SERVICE_NAME") or "customk9-bff"
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    AioHttpClientInstrumentor().instrument(tracer_provider=provider)
    return provider


def _no_arguments(arguments: dict[str, Any], info: Any) -> dict[str, Any]:
    return {}


def tracing_extensions() -> list[Callable[[], SchemaExtension]]:
    """The schema extension that traces operations, or nothing when no OTLP endpoint is configured."""
    if not tracing_enabled():
        return []
    from opentelemetry.trace import SpanKind
    from strawberry.extensions.tracing import OpenTelemetryExtension
    from strawberry.types.execution import ExecutionContext

    class Traced(OpenTelemetryExtension):
        """strawberry's extension, with the document's hash on the operation span instead of its text."""

        def on_operation(self) -> Generator[None, None, None]:
            context: ExecutionContext = self.execution_context
            name = context.operation_name
            span = self._tracer.start_span(f"GraphQL Query: {name}" if name else "GraphQL Query",
                                           kind=SpanKind.SERVER)
            self._span_holder[LifecycleStep.OPERATION] = span
            span.set_attribute("component", "graphql")
            if context.query:
                span.set_attribute("graphql.document.sha256", hashlib.sha256(context.query.encode()).hexdigest())
            yield
            if not name and context.operation_name:
                span.update_name(f"GraphQL Query: {context.operation_name}")
            span.end()

    provider = tracer_provider()
    return [lambda: Traced(tracer_provider=provider, arg_filter=_no_arguments)]
