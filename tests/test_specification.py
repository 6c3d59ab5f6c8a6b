"""The specification sent to Odoo follows the GraphQL selection, and Odoo 16 (no specification) still works."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from graphql import GraphQLObjectType, get_named_type

from bff.graphql_schema import build_schema
from bff.loaders.event import EVENT_SHAPE
from bff.loaders.post import POST_SHAPE
from bff.loaders.training import PLAN_SHAPE, PLAN_WITH_DOG_SHAPE
from bff.odoo_client import OdooClient
from bff.odoo_orm import ServerInfo
from bff.specification import Shape
from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer
from tests.conftest import open_bff
from tests.graphql_client import GraphQLClient
from tests.test_batching import add_events

SHAPES: dict[str, Shape] = {"Event": EVENT_SHAPE, "Post": POST_SHAPE, "TrainingPlan": PLAN_WITH_DOG_SHAPE}
Sent = list[tuple[str, str, list[Any], dict[str, Any]]]
NAMES = "{ events(first: 3) { totalCount edges { node { name } } } }"
PAGE = """{ events(first: 50, filter: {when: ALL}) { totalCount edges { node {
  id name slug start seatsAvailable coverImageUrl(width: 60) category { name } tags { name group }
  tickets { name price { amount currencyCode } seatsAvailable isSoldOut } address { city country } } } } }"""


@pytest.fixture
async def catalogue() -> AsyncIterator[tuple[EmulatorServer, GraphQLClient, OdooClient, Sent]]:
    server = EmulatorServer(Database(name="customk9"))
    await server.start()
    add_events(server.db, 60)
    gql, odoo = await open_bff(server)
    sent: Sent = []
    real_call: Callable[..., Any] = odoo.call

    async def recording_call(model: str, method: str, args: list[Any] | None = None,
                             kwargs: dict[str, Any] | None = None) -> Any:
        sent.append((model, method, args or [], kwargs or {}))
        return await real_call(model, method, args, kwargs)

    odoo.call = recording_call  # type: ignore[method-assign]
    await gql.query(NAMES)  # log-in, languages and detection outside the counts
    yield server, gql, odoo, sent
    await gql.http.aclose()
    await odoo.close()
    await server.stop()


def spec_calls(sent: Sent) -> list[dict[str, Any]]:
    return [kwargs["specification"] for _, method, _, kwargs in sent if method == "web_search_read"]


async def test_only_the_selected_fields_are_read(catalogue) -> None:
    _, gql, _, sent = catalogue
    sent.clear()
    data = await gql.query(NAMES)
    assert [e["node"]["name"] for e in data["events"]["edges"]] == ["Event 000", "Event 028", "Event 056"]
    assert spec_calls(sent) == [{"name": {}}]
    sent.clear()
    await gql.query("{ events(first: 2) { edges { node { id seatsAvailable tickets { price { amount } } "
                    "category { name } } } } }")
    assert spec_calls(sent) == [{
        "seats_limited": {}, "seats_available": {},
        "event_ticket_ids": {"fields": {"price": {}, "currency_id": {"fields": {"display_name": {}}}}},
        "event_type_id": {"fields": {"display_name": {}, "name": {}}},
    }]
    assert len(sent) == 1


async def test_fragments_and_aliases_are_merged(catalogue) -> None:
    _, gql, _, sent = catalogue
    sent.clear()
    data = await gql.query("""{ events(first: 1) { edges { node { ...E  t: tags { group } } } } }
      fragment E on Event { title: name ... on Event { tags { name } } }""")
    assert data["events"]["edges"][0]["node"] == {"title": "Event 000", "t": [{"group": "Group"}] * 2,
                                                  "tags": [{"name": "Tag 0"}, {"name": "Tag 1"}]}
    assert spec_calls(sent) == [{"name": {}, "tag_ids": {"fields": {
        "category_id": {"fields": {"display_name": {}}}, "name": {}}}}]


async def test_odoo_16_reads_the_same_page_with_loaders_and_only_the_needed_fields(catalogue) -> None:
    server, gql, odoo, sent = catalogue
    expected = await gql.query(PAGE)
    detected = await odoo.detect()
    odoo.server_info = ServerInfo(version="16.0", serie="16.0", major=16, modules=detected.modules)
    sent.clear()
    server.clear_calls()
    assert await gql.query(PAGE) == expected
    assert sorted((c.model, c.method) for c in server.calls if c.model) == [
        ("event.event", "search_count"), ("event.event", "search_read"), ("event.event.ticket", "read"),
        ("event.tag", "read"), ("event.type", "read"), ("res.partner", "read")]
    search_read = next(kwargs for _, method, _, kwargs in sent if method == "search_read")
    assert sorted(search_read["fields"]) == sorted([
        "name", "seo_name", "date_begin", "seats_limited", "seats_available", "cover_properties", "write_date",
        "event_type_id", "tag_ids", "event_ticket_ids", "address_id"])


def test_every_field_of_a_shaped_type_is_known_to_its_shape() -> None:
    """A field added to a type without a line in its shape would read the loader's whole field list."""
    types = build_schema()._schema.type_map
    seen: set[str] = set()

    def walk(type_name: str, shape: Shape) -> None:
        seen.add(type_name)
        gql_type = types[type_name]
        assert isinstance(gql_type, GraphQLObjectType)
        for name, fld in gql_type.fields.items():
            assert name == "id" or name in shape.scalars or name in shape.relations or name in shape.children, (
                f"{type_name}.{name} is not in the shape of {shape.model}")
            if name in shape.relations:
                walk(get_named_type(fld.type).name, shape.relations[name].shape)
            if name in shape.children:
                walk(get_named_type(fld.type).name, shape.children[name])

    for type_name, shape in SHAPES.items():
        walk(type_name, shape)
    assert seen == {"Event", "EventCategory", "EventTag", "Ticket", "Address", "Post", "Blog", "BlogTag",
                    "TrainingPlan", "TaskStage", "TrainingTask", "Progress", "Dog"}


# Models whose rows are private (bff.policy scopes them). A relation nested under one of them is read with the
# parent's scope only, so each must be one whose rows are all visible through the parent. Reviewed pairs:
PRIVATE_MODELS = {"customk9.dog", "project.project", "project.task", "calendar.event", "event.registration",
                  "sale.order", "sale.order.line", "ir.attachment"}
NESTED_UNDER_PRIVATE = {
    # the task scope is "tasks of a plan the viewer sees", for every role (bff.policy.Scope.tasks)
    ("project.project", "tasks"),
    # task stages hold no private data (TaskStageByIdLoader reads them unscoped too)
    ("project.project", "type_ids"),
    # only in PLAN_WITH_DOG_SHAPE, whose reads add plan_with_dog_domain: the dog is in the viewer's dog scope
    # (tests/test_specification_pages.py reads a plan whose dog the viewer may not see)
    ("project.project", "dog_id"),
}


def test_relations_nested_under_private_rows_are_the_reviewed_ones() -> None:
    found: set[tuple[str, str]] = set()

    def walk(shape: Shape) -> None:
        for relation in shape.relations.values():
            if shape.model in PRIVATE_MODELS:
                found.add((shape.model, relation.odoo_field))
            walk(relation.shape)
        for child in shape.children.values():
            walk(child)

    for shape in SHAPES.values():
        walk(shape)
    assert found == NESTED_UNDER_PRIVATE
    assert "dog_id" not in {r.odoo_field for r in PLAN_SHAPE.relations.values()}  # dogs have their own scope
