"""Every object type with an ``id`` is a ``Node`` that ``node(id:)`` fetches again, within its scope.

The test walks the schema, so a new type with an id but no ``Node`` interface (or no node resolver, or no
sample here) fails it; ``IDS_PUBLIC`` and ``IDS_CLIENT`` say where a sample id of each type comes from.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLNonNull, GraphQLObjectType

from bff.graphql_schema import build_schema
from bff.schema.node import decode_global_id, encode_global_id
from tests.conftest import DemoOdoo
from tests.graphql_client import LOG_IN, GraphQLClient

NODE = "query Node($id: ID!) { node(id: $id) { __typename id } }"
IDS_PUBLIC = """{
  events(first: 1, filter: {when: ALL}) { edges { node { id category { id } tags { id } tickets { id } } } }
  posts(first: 1) { edges { node { id blog { id } tags { id } } } }
  equipment(first: 1) { edges { node { id } } }
  membershipPlans { id }
}"""
IDS_CLIENT = """{
  me { id dogs { id } trainingPlans { id trainer { id } stages { id } tasks { id stage { id } } }
       upcomingSessions { id } registrations { id } rentals { id } documents { id } serviceRequests { id }
       orders(first: 5) { edges { node { id } } } }
  dashboard { id }
}"""
ANONYMOUS_PAGE = "{ events { totalCount } dashboard { counts { dogs } } }"


def node_types() -> set[str]:
    """Object types whose ``id`` is ``ID!``; each must implement ``Node``."""
    schema = build_schema()._schema
    found = set()
    for name, gql_type in schema.type_map.items():
        if not isinstance(gql_type, GraphQLObjectType) or name.startswith("__"):
            continue
        field = gql_type.fields.get("id")
        if field and isinstance(field.type, GraphQLNonNull) and str(field.type.of_type) == "ID":
            assert "Node" in [i.name for i in gql_type.interfaces], f"{name} has an id but is not a Node"
            found.add(name)
    return found


def collect_ids(value: Any, out: dict[str, str]) -> None:
    """Every ``id`` in a response, by the type its global id names (the first one of each type)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str):
                out.setdefault(decode_global_id(item)[0], item)
            else:
                collect_ids(item, out)
    elif isinstance(value, list):
        for item in value:
            collect_ids(item, out)


async def test_every_type_with_an_id_is_a_node_that_node_fetches(gql: GraphQLClient) -> None:
    logged_in = await gql.raw(LOG_IN, {"email": "dana@customk9.demo", "password": "demo"})
    dana = gql.as_token(logged_in["data"]["logIn"]["accessToken"])
    samples: dict[str, str] = {"Viewer": logged_in["data"]["logIn"]["viewer"]["id"]}
    collect_ids(await gql.query(IDS_PUBLIC), samples)
    collect_ids(await dana.query(IDS_CLIENT), samples)
    collect_ids(await dana.query("{ trainers { id } }"), samples)

    assert set(samples) == node_types()
    for type_name, global_id in samples.items():
        node = (await dana.query(NODE, {"id": global_id}))["node"]
        assert node == {"__typename": type_name, "id": global_id}, type_name


async def test_private_nodes_stay_in_their_scope(demo_odoo: DemoOdoo, gql: GraphQLClient) -> None:
    logged_in = await gql.raw(LOG_IN, {"email": "dana@customk9.demo", "password": "demo"})
    dana = gql.as_token(logged_in["data"]["logIn"]["accessToken"])
    omar = await gql.log_in("omar@customk9.demo")
    samples: dict[str, str] = {"Viewer": logged_in["data"]["logIn"]["viewer"]["id"]}
    collect_ids(await dana.query(IDS_CLIENT), samples)
    collect_ids(await dana.query("{ trainers { id } }"), samples)

    for type_name in ("Viewer", "Dashboard"):  # only the viewer's own
        assert (await omar.query(NODE, {"id": samples[type_name]}))["node"] is None, type_name
        assert (await dana.query(NODE, {"id": samples[type_name]}))["node"] is not None, type_name
    for type_name in ("Viewer", "Dashboard", "Trainer", "TaskStage"):  # nothing for anonymous callers
        assert (await gql.query(NODE, {"id": samples[type_name]}))["node"] is None, type_name
    assert (await omar.query(NODE, {"id": samples["Trainer"]}))["node"] is not None  # a public profile
    unused = demo_odoo.db.execute(1, "project.task.type", "create", [{"name": "Internal only"}], {})
    assert (await dana.query(NODE, {"id": encode_global_id("TaskStage", unused)}))["node"] is None


async def test_anonymous_page_keeps_its_public_data_when_dashboard_is_refused(gql: GraphQLClient) -> None:
    body = await gql.raw(ANONYMOUS_PAGE)
    assert body["data"]["dashboard"] is None
    assert body["data"]["events"]["totalCount"] > 0
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [(["dashboard"], "UNAUTHENTICATED")]


async def test_dashboard_id_is_stable_per_viewer(gql: GraphQLClient) -> None:
    dana, omar = await gql.log_in("dana@customk9.demo"), await gql.log_in("omar@customk9.demo")
    first = (await dana.query("{ dashboard { id } }"))["dashboard"]["id"]
    again = (await (await gql.log_in("dana@customk9.demo")).query("{ dashboard { id counts { dogs } } }"))
    assert again["dashboard"]["id"] == first
    assert (await omar.query("{ dashboard { id } }"))["dashboard"]["id"] != first
