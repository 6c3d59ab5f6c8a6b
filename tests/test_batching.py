"""A page costs one Odoo call (one nested specification on Odoo 17+), whatever its size (counted, not timed)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer
from tests.conftest import open_bff
from tests.graphql_client import GraphQLClient

QUERY = """query Page($first: Int) { events(first: $first) { totalCount edges { node {
  name category { name } tags { name } tickets { name price { amount } } } } } }"""


def add_events(db: Database, count: int) -> None:
    """60 published events over 4 types and 6 tags, each with 2 tickets (test set-up, not through the BFF)."""
    types = [db.execute(1, "event.type", "create", [{"name": f"Type {i}"}], {}) for i in range(4)]
    group = db.execute(1, "event.tag.category", "create", [{"name": "Group"}], {})
    tags = [db.execute(1, "event.tag", "create", [{"name": f"Tag {i}", "category_id": group}], {})
            for i in range(6)]
    product = db.execute(1, "product.product", "create", [{"name": "Seat", "type": "service"}], {})
    for i in range(count):
        db.execute(1, "event.event", "create", [{
            "name": f"Event {i:03d}", "date_begin": f"2031-01-{1 + i % 28:02d} 10:00:00",
            "date_end": f"2031-01-{1 + i % 28:02d} 12:00:00", "is_published": True,
            "event_type_id": types[i % 4], "tag_ids": [(6, 0, [tags[i % 6], tags[(i + 1) % 6]])],
            "event_ticket_ids": [(0, 0, {"name": "Standard", "price": 10.0, "product_id": product}),
                                 (0, 0, {"name": "VIP", "price": 30.0, "product_id": product})],
        }], {})


@pytest.fixture
async def big_catalogue() -> AsyncIterator[tuple[EmulatorServer, GraphQLClient]]:
    server = EmulatorServer(Database(name="customk9"))
    await server.start()
    add_events(server.db, 60)
    client, odoo = await open_bff(server)
    yield server, client
    await client.http.aclose()
    await odoo.close()
    await server.stop()


async def calls_for(server: EmulatorServer, gql: GraphQLClient, first: int) -> tuple[list[tuple], float]:
    await gql.query(QUERY, {"first": 1})  # log-in and warm-up outside the count
    server.clear_calls()
    before = await gql.odoo_calls()
    data = await gql.query(QUERY, {"first": first})
    assert len(data["events"]["edges"]) == first and data["events"]["totalCount"] == 60
    odoo_calls = [(c.model, c.method) for c in server.calls if c.model]
    return odoo_calls, await gql.odoo_calls() - before


async def test_events_page_costs_one_call_for_1_5_and_50(big_catalogue) -> None:
    """Odoo 17+: the page, its count and its relations come from one nested specification."""
    server, gql = big_catalogue
    for first in (1, 5, 50):
        calls, metric = await calls_for(server, gql, first)
        assert calls == [("event.event", "web_search_read")]
        assert metric == 1  # what /metrics says matches Odoo's own log


async def test_only_available_adds_one_call_not_one_per_event(big_catalogue) -> None:
    server, gql = big_catalogue
    query = QUERY.replace("events(first: $first)", "events(first: $first, filter: {onlyAvailable: true})")
    await gql.query(query, {"first": 1})  # log-in and the catalogue's languages, once per process
    for first in (5, 50):
        server.clear_calls()
        await gql.query(query, {"first": first})
        assert sorted((c.model, c.method) for c in server.calls if c.model) == [
            ("event.event", "search_read"), ("event.event", "web_read")]
