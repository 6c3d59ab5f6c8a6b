"""Staff scope (bff/policy.py): a trainer reads their own clients, their dogs and documents; a manager all.

Demo data: Tess trains Dana and Omar, Marco trains Dana and Lea, Nina (manager@customk9.demo) is a manager.
Omar and his dog Bruno are Tess's only: for Marco they answer exactly like ids that do not exist.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo
from tests.graphql_client import LOG_IN, GraphQLClient

DOG = "query D($id: ID!) { dog(id: $id) { id name } }"
NODE = "query N($id: ID!) { node(id: $id) { id __typename } }"
CLIENTS = """query C($search: String) { clients(search: $search, first: 10) { totalCount
  edges { node { id name dogs { name } documents { name } } } } }"""
OMAR = "{ me { id dogs { id name } documents { id downloadPath } } }"
CREATE_PLAN = """mutation P($c: ID!, $d: ID!, $t: ID!) { createTrainingPlan(clientId: $c, dogId: $d, templateId: $t) {
  trainingPlan { id name } errors { code field message } } }"""
TEMPLATES = "{ trainingPlanTemplates { id } }"


@pytest.fixture
def bff(fresh_bff: GraphQLClient) -> GraphQLClient:
    return fresh_bff


async def role(gql: GraphQLClient, login: str) -> str:
    return (await gql.query(LOG_IN, {"email": login, "password": "demo"}))["logIn"]["viewer"]["role"]


async def omars_ids(gql: GraphQLClient) -> dict[str, str]:
    omar = await gql.log_in("omar@customk9.demo")
    me = (await omar.query(OMAR))["me"]
    return {"client": me["id"], "dog": me["dogs"][0]["id"], "document": me["documents"][0]["id"],
            "download": me["documents"][0]["downloadPath"]}


async def download(gql: GraphQLClient, staff: GraphQLClient, path: str) -> tuple[int, bytes]:
    response = await gql.http.get(path, headers={"Authorization": f"Bearer {staff.token}"})
    return response.status_code, response.content


async def test_marco_reads_nothing_of_a_client_only_tess_trains(demo_odoo: DemoOdoo, gql: GraphQLClient) -> None:
    omar = await omars_ids(gql)
    tess, marco = await gql.log_in("trainer@customk9.demo"), await gql.log_in("marco@customk9.demo")
    missing = {"dog": encode_global_id("Dog", 987654), "client": encode_global_id("Client", 987654),
               "document": encode_global_id("Document", 987654)}
    assert (await tess.query(DOG, {"id": omar["dog"]}))["dog"]["name"] == "Bruno"  # the probe can see it
    assert await marco.raw(DOG, {"id": omar["dog"]}) == await marco.raw(DOG, {"id": missing["dog"]}) == {
        "data": {"dog": None}}
    for kind in ("dog", "client", "document"):
        assert (await tess.query(NODE, {"id": omar[kind]}))["node"] is not None
        assert await marco.raw(NODE, {"id": omar[kind]}) == await marco.raw(NODE, {"id": missing[kind]}) == {
            "data": {"node": None}}, kind
    assert (await marco.query(CLIENTS, {"search": "omar"}))["clients"] == {"totalCount": 0, "edges": []}
    assert (await tess.query(CLIENTS, {"search": "omar"}))["clients"]["totalCount"] == 1
    status, body = await download(gql, tess, omar["download"])
    assert status == 200 and b"bicycles" in body
    foreign = await download(gql, marco, omar["download"])
    absent = await download(gql, marco, f"/documents/{missing['document']}")
    assert foreign == absent and foreign[0] == 404


async def test_each_trainer_lists_their_own_clients_dogs_and_documents(gql: GraphQLClient) -> None:
    marco = await gql.log_in("marco@customk9.demo")
    edges = (await marco.query(CLIENTS))["clients"]["edges"]
    view = {e["node"]["name"]: ({d["name"] for d in e["node"]["dogs"]}, {d["name"] for d in e["node"]["documents"]})
            for e in edges}
    # Dana is Marco's client through Luna's plan: all her dogs are his to see; her Rex plan's notes are not
    # (Tess leads that plan), her agreement and Rex's vaccination record are
    assert view == {"Dana Whitfield": ({"Rex", "Luna"}, {"rex-vaccination-record.txt", "training-agreement-dana.txt"}),
                    "Lea Novak": ({"Maya"}, set())}
    assert await role(gql, "marco@customk9.demo") == "TRAINER"


async def test_the_manager_reads_every_client(demo_odoo: DemoOdoo, gql: GraphQLClient) -> None:
    omar = await omars_ids(gql)
    manager = await gql.log_in("manager@customk9.demo")
    assert await role(gql, "manager@customk9.demo") == "MANAGER"
    assert (await manager.query(DOG, {"id": omar["dog"]}))["dog"]["name"] == "Bruno"
    for kind in ("dog", "client", "document"):
        assert (await manager.query(NODE, {"id": omar[kind]}))["node"]["id"] == omar[kind]
    names = {e["node"]["name"] for e in (await manager.query(CLIENTS))["clients"]["edges"]}
    assert names == {"Dana Whitfield", "Omar Haddad", "Lea Novak"}
    status, body = await download(gql, manager, omar["download"])
    assert status == 200 and b"bicycles" in body


async def test_the_clients_page_batches_documents_for_a_scoped_trainer(demo_odoo: DemoOdoo,
                                                                        gql: GraphQLClient) -> None:
    marco = await gql.log_in("marco@customk9.demo")
    await marco.query(CLIENTS)
    demo_odoo.server.clear_calls()
    await marco.query(CLIENTS)
    calls = Counter((c.model, c.method) for c in demo_odoo.server.calls if c.model)
    # the page and its total, dogs by owner, then the documents: the records of each visible model (none of
    # sale.order: rentals are no trainer's) and one attachment read for every client on the page
    assert calls == {("res.partner", "web_search_read"): 1, ("customk9.dog", "search_read"): 2,
                     ("res.partner", "search_read"): 1, ("project.project", "search_read"): 1,
                     ("ir.attachment", "search_read"): 1}


async def test_trainers_start_plans_for_their_own_clients_only(fresh_odoo: DemoOdoo, bff: GraphQLClient) -> None:
    omar = await omars_ids(bff)
    marco, manager = await bff.log_in("marco@customk9.demo"), await bff.log_in("manager@customk9.demo")
    template = (await marco.query(TEMPLATES))["trainingPlanTemplates"][0]["id"]
    plans = fresh_odoo.db.execute(1, "project.project", "search_count", [[]], {})
    foreign = await marco.raw(CREATE_PLAN, {"c": omar["client"], "d": omar["dog"], "t": template})
    absent = await marco.raw(CREATE_PLAN, {"c": encode_global_id("Client", 987654), "d": omar["dog"], "t": template})
    assert foreign == absent and foreign["data"]["createTrainingPlan"]["errors"][0]["code"] == "NOT_FOUND"
    lea = next(e["node"] for e in (await marco.query(CLIENTS, {"search": "lea"}))["clients"]["edges"])
    foreign_dog = await marco.raw(CREATE_PLAN, {"c": lea["id"], "d": omar["dog"], "t": template})
    absent_dog = await marco.raw(CREATE_PLAN, {"c": lea["id"], "d": encode_global_id("Dog", 987654), "t": template})
    assert foreign_dog == absent_dog and foreign_dog["data"]["createTrainingPlan"]["errors"][0]["field"] == "dogId"
    assert fresh_odoo.db.execute(1, "project.project", "search_count", [[]], {}) == plans
    made = (await manager.query(CREATE_PLAN, {"c": omar["client"], "d": omar["dog"], "t": template}))
    assert made["createTrainingPlan"]["errors"] == [] and made["createTrainingPlan"]["trainingPlan"]["name"]


async def test_a_session_booked_with_marco_makes_omar_his_client_at_once(fresh_odoo: DemoOdoo,
                                                                         bff: GraphQLClient) -> None:
    omar = await omars_ids(bff)
    marco = await bff.log_in("marco@customk9.demo")
    assert (await marco.query(DOG, {"id": omar["dog"]}))["dog"] is None
    seeded = fresh_odoo.seeded
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=40)
    stop = start + timedelta(hours=1)
    fresh_odoo.db.execute(1, "calendar.event", "create", [{
        "name": "Intro session: Bruno", "user_id": seeded.trainers["marco@customk9.demo"],
        "start": start.strftime("%Y-%m-%d %H:%M:%S"), "stop": stop.strftime("%Y-%m-%d %H:%M:%S"),
        "partner_ids": [(6, 0, [seeded.client_partners["omar@customk9.demo"]])]}], {})
    assert (await marco.query(DOG, {"id": omar["dog"]}))["dog"]["name"] == "Bruno"
    status, _body = await download(bff, marco, omar["download"])
    assert status == 200
