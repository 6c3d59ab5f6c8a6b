"""OpenTelemetry: with ``OTEL_EXPORTER_OTLP_ENDPOINT`` set, an operation and its Odoo calls reach an OTLP/HTTP
collector (a loopback server decoding the protobuf export) as one trace, without resolver arguments."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from bff import tracing
from tests.conftest import DemoOdoo, open_bff

LOG_IN = 'mutation SignIn { logIn(email: "dana@customk9.demo", password: "demo") { errors { code } } }'
EVENTS = "query TracedEvents { events(first: 2) { edges { node { name } } } }"


@pytest.fixture
async def collector() -> AsyncIterator[tuple[str, list[ExportTraceServiceRequest]]]:
    received: list[ExportTraceServiceRequest] = []

    async def traces(request: web.Request) -> web.Response:
        export = ExportTraceServiceRequest()
        export.ParseFromString(await request.read())
        received.append(export)
        return web.Response(body=b"", content_type="application/x-protobuf")

    app = web.Application()
    app.router.add_post("/v1/traces", traces)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}", received
    await runner.cleanup()


async def test_operations_and_odoo_calls_are_traced(demo_odoo: DemoOdoo, collector, monkeypatch) -> None:
    from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor

    url, received = collector
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", url)
    monkeypatch.setenv("OTEL_SERVICE_NAME", "bff-under-test")
    tracing.tracer_provider.cache_clear()
    gql, odoo = await open_bff(demo_odoo.server, api_key=demo_odoo.seeded.integration_api_key)
    try:
        await gql.query(EVENTS)
        await gql.raw(LOG_IN)
        provider = tracing.tracer_provider()
        await asyncio.to_thread(provider.force_flush)  # the exporter posts from a thread to our loop's server
        await asyncio.to_thread(provider.shutdown)
    finally:
        AioHttpClientInstrumentor().uninstrument()
        tracing.tracer_provider.cache_clear()
        await gql.http.aclose()
        await odoo.close()
    spans = [span for export in received for rs in export.resource_spans for ss in rs.scope_spans
             for span in ss.spans]
    services = {a.value.string_value for export in received for rs in export.resource_spans
                for a in rs.resource.attributes if a.key == "service.name"}
    names = [s.name for s in spans]
    assert services == {"bff-under-test"}
    assert "GraphQL Query: TracedEvents" in names
    operation = next(s for s in spans if s.name == "GraphQL Query: TracedEvents")
    odoo_spans = [s for s in spans if s.name.startswith("POST") and s.trace_id == operation.trace_id]
    assert odoo_spans, names  # the Odoo JSON-RPC calls of that operation, in its trace
    attributes = " ".join(str(a.value) for s in spans for a in s.attributes)
    assert "demo" not in attributes.replace("customk9.demo", "")  # no password among the recorded values
