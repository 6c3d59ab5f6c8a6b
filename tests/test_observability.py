"""One JSON log line per operation and the per-operation latency metrics (bff/observability.py)."""

from __future__ import annotations

import json
import logging

import pytest

from bff import observability
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

EVENTS_PAGE = "query EventsPage { events(first: 3) { totalCount edges { node { name tickets { name } } } } }"
ME = "query Me { me { name } }"


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "bff.request"]


async def test_each_operation_logs_one_json_line_with_its_odoo_calls(
        gql: GraphQLClient, demo_odoo: DemoOdoo, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bff.request")
    demo_odoo.server.clear_calls()
    await gql.http.post("/graphql", json={"query": EVENTS_PAGE}, headers={"X-Request-ID": "req-obs-1"})
    made = len([c for c in demo_odoo.server.calls if c.route != "/web/session/authenticate"])
    [line] = _lines(caplog)
    assert line["request_id"] == "req-obs-1" and line["operation"] == "EventsPage" and line["type"] == "query"
    assert line["outcome"] == "ok" and line["errors"] == [] and line["viewer"] is None
    assert line["odoo_calls"] == made > 0
    assert line["duration_ms"] > 0


async def test_an_error_and_the_viewer_are_in_the_line(gql: GraphQLClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bff.request")
    await gql.raw(ME)
    dana = await gql.log_in("dana@customk9.demo")
    caplog.clear()
    await dana.query(ME)
    [signed_in] = _lines(caplog)
    assert signed_in["viewer"] and signed_in["role"] == "client" and signed_in["outcome"] == "ok"
    caplog.clear()
    await gql.raw(ME)
    [line] = _lines(caplog)
    assert line["outcome"] == "error" and line["errors"] == ["UNAUTHENTICATED"] and line["viewer"] is None


async def test_latency_is_a_histogram_by_operation_and_odoo_latency_by_model(gql: GraphQLClient) -> None:
    before = await gql.metric("bff_graphql_request_seconds_count", operation="EventsPage")
    await gql.query(EVENTS_PAGE)
    assert await gql.metric("bff_graphql_request_seconds_count", operation="EventsPage") == before + 1
    assert await gql.metric("bff_odoo_call_seconds_count", model="event.event", method="web_search_read") >= 1
    assert await gql.metric("bff_graphql_requests_total", operation_type="query") >= 1


def test_operation_labels_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(observability, "_labels", set())
    labels = {observability.operation_label(f"Op{i}") for i in range(observability.MAX_OPERATION_LABELS + 50)}
    assert len(labels) == observability.MAX_OPERATION_LABELS + 1 and "other" in labels
    assert observability.operation_label("Op0") == "Op0"  # known names keep their label
    assert observability.operation_label("bad name; drop") == "other"
    assert observability.operation_label(None) == "anonymous"
