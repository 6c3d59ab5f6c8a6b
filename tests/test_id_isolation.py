"""Another client's ids answer exactly like ids that do not exist, on every field that takes an id.

The test walks the schema: every argument of a query or mutation field that is an ID (directly, in a list
or inside an input object) must be listed in ``ID_ARGUMENTS`` with the type its ids name. A new field that
takes an id fails this test until it is listed, and a private one is then probed as Omar with Dana's ids.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)

from bff.graphql_schema import build_schema
from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

PUBLIC_TYPES = {"Event", "EventCategory", "EventTag", "Post", "Blog", "BlogTag", "Equipment", "Ticket", "Trainer"}
# (root type, field, argument path) -> the node type the id names ("*" = any node type)
ID_ARGUMENTS: dict[tuple[str, str, str], str] = {
    ("Query", "event", "id"): "Event",
    ("Query", "events", "filter.categoryIds"): "EventCategory",
    ("Query", "events", "filter.tagIds"): "EventTag",
    ("Query", "post", "id"): "Post",
    ("Query", "posts", "filter.blogId"): "Blog",
    ("Query", "posts", "filter.tagIds"): "BlogTag",
    ("Query", "equipmentItem", "id"): "Equipment",
    ("Query", "node", "id"): "*",
    ("Query", "dog", "id"): "Dog",
    ("Query", "trainingPlan", "id"): "TrainingPlan",
    ("Query", "session", "id"): "Session",
    ("Query", "rental", "id"): "Rental",
    ("Query", "availableSlots", "trainerId"): "Trainer",
    ("Mutation", "updateDog", "id"): "Dog",
    ("Mutation", "archiveDog", "id"): "Dog",
    ("Mutation", "bookSession", "dogId"): "Dog",
    ("Mutation", "bookSession", "trainerId"): "Trainer",
    ("Mutation", "bookSession", "planId"): "TrainingPlan",
    ("Mutation", "rescheduleSession", "id"): "Session",
    ("Mutation", "cancelSession", "id"): "Session",
    ("Mutation", "registerForEvent", "eventId"): "Event",
    ("Mutation", "registerForEvent", "ticketId"): "Ticket",
    ("Mutation", "cancelRegistration", "id"): "EventRegistration",
    ("Mutation", "createRental", "items.equipmentId"): "Equipment",
    ("Mutation", "cancelRental", "id"): "Rental",
    ("Mutation", "createTrainingPlan", "clientId"): "Client",
    ("Mutation", "createTrainingPlan", "dogId"): "Dog",
    ("Mutation", "createTrainingPlan", "templateId"): "TrainingPlan",
    ("Mutation", "moveTask", "taskId"): "TrainingTask",
    ("Mutation", "moveTask", "stageId"): "TaskStage",
    ("Mutation", "createPost", "input.blogId"): "Blog",
    ("Mutation", "createPost", "input.tagIds"): "BlogTag",
    ("Mutation", "publishPost", "id"): "Post",
    ("Mutation", "unpublishPost", "id"): "Post",
    ("Subscription", "eventSeatsChanged", "eventId"): "Event",
    ("Subscription", "trainingPlanChanged", "id"): "TrainingPlan",
    ("Subscription", "sessionChanged", "id"): "Session",
}
# Private id arguments of mutations are probed (other owner's id == missing id, nothing changed) by these
# tests in tests/test_booking_flows.py; a new one must be added there and named here.
PROBED_MUTATIONS = {
    ("updateDog", "id"), ("archiveDog", "id"), ("bookSession", "dogId"), ("bookSession", "planId"),
    ("rescheduleSession", "id"), ("cancelSession", "id"), ("cancelRegistration", "id"), ("cancelRental", "id"),
    ("createTrainingPlan", "clientId"), ("createTrainingPlan", "dogId"), ("createTrainingPlan", "templateId"),
    ("moveTask", "taskId"), ("moveTask", "stageId"),
}
# Private id arguments of subscriptions are probed over a websocket by
# tests/live/test_subscriptions.py::test_an_id_the_viewer_may_not_see_is_refused_like_a_missing_one.
PROBED_SUBSCRIPTIONS = {"trainingPlanChanged", "sessionChanged"}
# how to ask each private root field for one id, and which node types node(id:) must be probed with
PRIVATE_QUERIES = {
    "dog": "query Q($id: ID!) { dog(id: $id) { id name } }",
    "trainingPlan": "query Q($id: ID!) { trainingPlan(id: $id) { id name } }",
    "session": "query Q($id: ID!) { session(id: $id) { id title } }",
    "rental": "query Q($id: ID!) { rental(id: $id) { id reference } }",
    "node": "query Q($id: ID!) { node(id: $id) { id __typename } }",
}
PRIVATE_NODE_TYPES = ["Dog", "TrainingPlan", "TrainingTask", "Session", "EventRegistration", "Rental",
                      "Document", "Client"]


def _named(gql_type: Any) -> Any:
    while isinstance(gql_type, (GraphQLNonNull, GraphQLList)):
        gql_type = gql_type.of_type
    return gql_type


def _id_paths(name: str, arg: GraphQLArgument | Any, seen: frozenset[str] = frozenset()) -> list[str]:
    named = _named(arg.type)
    if isinstance(named, GraphQLScalarType) and named.name == "ID":
        return [name]
    if isinstance(named, GraphQLInputObjectType) and named.name not in seen:
        return [path for field_name, field in named.fields.items()
                for path in _id_paths(f"{name}.{field_name}", field, seen | {named.name})]
    return []


def id_arguments_in_schema() -> set[tuple[str, str, str]]:
    schema = build_schema()._schema
    found = set()
    for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
        if not isinstance(root, GraphQLObjectType):
            continue
        for field_name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                found |= {(root.name, field_name, path) for path in _id_paths(arg_name, arg)}
    return found


def test_every_id_argument_is_listed() -> None:
    assert id_arguments_in_schema() == set(ID_ARGUMENTS), "list new id-taking arguments in ID_ARGUMENTS"
    for (root, field, path), type_name in ID_ARGUMENTS.items():
        if type_name in PUBLIC_TYPES:
            continue
        if root == "Mutation":
            assert (field, path) in PROBED_MUTATIONS, f"{field}({path}) takes private ids: probe it"
        elif root == "Subscription":
            assert field in PROBED_SUBSCRIPTIONS, f"{field}({path}) takes private ids: probe it over a websocket"
        else:
            assert field in PRIVATE_QUERIES, f"{field}({path}) takes private ids: probe it in PRIVATE_QUERIES"


async def dana_ids(dana: GraphQLClient) -> dict[str, list[str]]:
    data = (await dana.query("""{ me { id dogs { id } trainingPlans { id tasks { id } } rentals { id }
      registrations { id } documents { id } upcomingSessions(first: 50) { id } } }"""))["me"]
    return {
        "Dog": [d["id"] for d in data["dogs"]], "TrainingPlan": [p["id"] for p in data["trainingPlans"]],
        "TrainingTask": [t["id"] for p in data["trainingPlans"] for t in p["tasks"]],
        "Session": [s["id"] for s in data["upcomingSessions"]], "Rental": [r["id"] for r in data["rentals"]],
        "EventRegistration": [r["id"] for r in data["registrations"]],
        "Document": [d["id"] for d in data["documents"]], "Client": [data["id"]],
    }


async def test_omar_gets_danas_ids_answered_like_missing_ones(demo_odoo: DemoOdoo, gql: GraphQLClient) -> None:
    dana = await gql.log_in("dana@customk9.demo")
    omar = await gql.log_in("omar@customk9.demo")
    ids = await dana_ids(dana)
    assert all(ids[t] for t in PRIVATE_NODE_TYPES), ids
    probes = 0
    for (root, field, _path), type_name in ID_ARGUMENTS.items():
        if type_name in PUBLIC_TYPES or root in ("Mutation", "Subscription"):
            continue
        types = PRIVATE_NODE_TYPES if type_name == "*" else [type_name]
        for node_type in types:
            missing = encode_global_id(node_type, 987654321)
            for danas in ids[node_type]:
                as_dana = await dana.raw(PRIVATE_QUERIES[field], {"id": danas})
                assert as_dana["data"][field] is not None, (field, node_type)  # the probe can see it
                foreign = await omar.raw(PRIVATE_QUERIES[field], {"id": danas})
                absent = await omar.raw(PRIVATE_QUERIES[field], {"id": missing})
                assert foreign == absent == {"data": {field: None}}, (field, node_type, foreign)
                probes += 1
    assert probes >= 20


STAFF_VIEW = """{ clients(first: 10) { edges { node { id dogs { id } trainingPlans { id tasks { id } }
  upcomingSessions(first: 10) { id } registrations { id } rentals { id } documents { id } } } } }"""
# what a trainer reads of their clients; registrations and rentals are no trainer's (bff/policy.py)
TRAINER_READABLE = {"Client", "Dog", "TrainingPlan", "TrainingTask", "Session", "Document"}


async def staff_ids(staff: GraphQLClient) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {t: set() for t in PRIVATE_NODE_TYPES}
    for edge in (await staff.query(STAFF_VIEW))["clients"]["edges"]:
        node = edge["node"]
        ids["Client"].add(node["id"])
        for field, type_name in (("dogs", "Dog"), ("trainingPlans", "TrainingPlan"), ("upcomingSessions", "Session"),
                                 ("registrations", "EventRegistration"), ("rentals", "Rental"),
                                 ("documents", "Document")):
            ids[type_name] |= {row["id"] for row in node[field]}
        ids["TrainingTask"] |= {t["id"] for p in node["trainingPlans"] for t in p["tasks"]}
    return ids


async def test_marco_gets_tess_only_ids_answered_like_missing_ones(demo_odoo: DemoOdoo, gql: GraphQLClient) -> None:
    """Trainer against trainer: what only Tess trains (Omar, Bruno, their plan, sessions and documents) is,
    for Marco, an id that does not exist, on every query field that takes an id."""
    tess = await gql.log_in("trainer@customk9.demo")
    marco = await gql.log_in("marco@customk9.demo")
    tess_ids, marco_ids = await staff_ids(tess), await staff_ids(marco)
    only_tess = {t: sorted(tess_ids[t] - marco_ids[t]) for t in PRIVATE_NODE_TYPES}
    assert {t for t, found in only_tess.items() if found} == TRAINER_READABLE, only_tess
    assert all(marco_ids[t] for t in TRAINER_READABLE), marco_ids  # Marco is no trainer without clients
    probes = 0
    for (root, field, _path), type_name in ID_ARGUMENTS.items():
        if type_name in PUBLIC_TYPES or root in ("Mutation", "Subscription"):
            continue
        types = PRIVATE_NODE_TYPES if type_name == "*" else [type_name]
        for node_type in types:
            missing = encode_global_id(node_type, 987654321)
            for tess_only in only_tess[node_type]:
                assert (await tess.raw(PRIVATE_QUERIES[field], {"id": tess_only}))["data"][field] is not None
                foreign = await marco.raw(PRIVATE_QUERIES[field], {"id": tess_only})
                absent = await marco.raw(PRIVATE_QUERIES[field], {"id": missing})
                assert foreign == absent == {"data": {field: None}}, (field, node_type, foreign)
                probes += 1
    assert probes >= 10
