"""Relay's node(id:) fetches every public object type by its global id."""

from __future__ import annotations

from bff.schema.node import decode_global_id, encode_global_id
from tests.graphql_client import GraphQLClient

NODE = "query Node($id: ID!) { node(id: $id) { __typename id ... on Event { name } ... on Post { title } } }"
IDS = """{
  events(first: 1) { edges { node { id category { id } tags { id } tickets { id } } } }
  posts(first: 1) { edges { node { id blog { id } tags { id } } } }
  equipment(first: 1) { edges { node { id } } }
}"""


async def test_every_node_type_round_trips(gql: GraphQLClient) -> None:
    data = await gql.query(IDS)
    event = data["events"]["edges"][0]["node"]
    post = data["posts"]["edges"][0]["node"]
    ids = [event["id"], event["category"]["id"], event["tags"][0]["id"], event["tickets"][0]["id"], post["id"],
           post["blog"]["id"], post["tags"][0]["id"], data["equipment"]["edges"][0]["node"]["id"]]
    for global_id in ids:
        node = (await gql.query(NODE, {"id": global_id}))["node"]
        assert node["id"] == global_id
        assert node["__typename"] == decode_global_id(global_id)[0]


async def test_unknown_and_hidden_nodes_are_null(demo_odoo, gql: GraphQLClient) -> None:
    assert (await gql.query(NODE, {"id": encode_global_id("Event", 424242)}))["node"] is None
    assert (await gql.query(NODE, {"id": encode_global_id("NoSuchType", 1)}))["node"] is None
    draft = demo_odoo.seeded.posts["Advanced scent work (draft)"]
    assert (await gql.query(NODE, {"id": encode_global_id("Post", draft)}))["node"] is None
    assert await gql.error_codes(NODE, {"id": "bm90LWFuLWlk"}) == ["BAD_USER_INPUT"]
