"""Service requests end to end: Dana asks, the request reaches her trainer's queue, Tess replies, Dana reads
the reply (never the internal note), Tess closes it; Omar sees none of it. Demo data: Tess trains Dana and
Omar, Marco trains Dana and Lea."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from bff.schema.node import decode_global_id, encode_global_id
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

REQUEST = """mutation R($input: RequestServiceInput!, $key: String) {
  requestService(input: $input, idempotencyKey: $key) {
  serviceRequest { id kind state title message preferredDates dog { name } assignee { name } }
  errors { code field message } } }"""
MINE = "{ me { serviceRequests { id state messages { body author at } } } }"
ONE = "query O($id: ID!) { serviceRequest(id: $id) { id state messages { body author } } }"
NODE = "query N($id: ID!) { node(id: $id) { id } }"
QUEUE = """query Q($state: ServiceRequestState) { serviceRequests(first: 10, filter: {state: $state}) {
  totalCount edges { node { id state clientName title message assignee { name } } } } }"""
POST = """mutation P($id: ID!, $body: String!) { postServiceRequestMessage(id: $id, body: $body) {
  message { body author } serviceRequest { state messages { body } } errors { code field } } }"""
ASSIGN = """mutation A($id: ID!) { assignServiceRequest(id: $id) { serviceRequest { state assignee { name } }
  errors { code field } } }"""
CLOSE = "mutation C($id: ID!) { closeServiceRequest(id: $id) { serviceRequest { state } errors { code field } } }"
DOGS = "{ me { dogs { id name } } }"


@pytest.fixture
def bff(fresh_bff: GraphQLClient) -> GraphQLClient:
    return fresh_bff


async def _ask(client: GraphQLClient, **extra: object) -> dict:
    dogs = (await client.query(DOGS))["me"]["dogs"]
    rex = next(d["id"] for d in dogs if d["name"] == "Rex")
    soon = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    data = {"kind": "TRAINING", "message": "Rex pulls on the lead <always>.", "dogId": rex,
            "preferredDates": [soon], **extra}
    return (await client.query(REQUEST, {"input": data}))["requestService"]


async def test_a_request_reaches_the_trainer_gets_a_reply_and_is_closed(bff: GraphQLClient,
                                                                        fresh_odoo: DemoOdoo) -> None:
    dana, omar = await bff.log_in("dana@customk9.demo"), await bff.log_in("omar@customk9.demo")
    tess = await bff.log_in("trainer@customk9.demo")
    asked = await _ask(dana)
    assert asked["errors"] == []
    request = asked["serviceRequest"]
    assert request["kind"] == "TRAINING" and request["state"] == "NEW" and request["dog"] == {"name": "Rex"}
    assert request["message"] == "Rex pulls on the lead <always>." and request["title"] == "Training: Rex"
    assert request["assignee"] is None and len(request["preferredDates"]) == 1

    queue = (await tess.query(QUEUE, {"state": "NEW"}))["serviceRequests"]
    assert request["id"] in [e["node"]["id"] for e in queue["edges"]]
    node = next(e["node"] for e in queue["edges"] if e["node"]["id"] == request["id"])
    assert node["clientName"] == "Dana Whitfield" and node["message"] == "Rex pulls on the lead <always>."

    assigned = (await tess.query(ASSIGN, {"id": request["id"]}))["assignServiceRequest"]
    assert assigned == {"serviceRequest": {"state": "IN_PROGRESS", "assignee": {"name": "Tess Trainer"}},
                        "errors": []}
    reply = (await tess.query(POST, {"id": request["id"], "body": "Let's book a loose-lead session."}))
    reply = reply["postServiceRequestMessage"]
    assert reply["errors"] == [] and reply["message"]["body"] == "Let's book a loose-lead session."

    # an internal note staff write in Odoo stays internal
    task = decode_global_id(request["id"])[1]
    fresh_odoo.db.execute(2, "project.task", "message_post", [[task]], {
        "body": "<p>Owner seems anxious</p>", "message_type": "comment", "subtype_xmlid": "mail.mt_note"})

    fresh_odoo.server.clear_calls()
    mine = (await dana.query(MINE))["me"]["serviceRequests"]
    assert [r["id"] for r in mine][0] == request["id"] and len(mine) == 2  # newest first; one from the demo data
    assert [(m["body"], m["author"]) for m in mine[0]["messages"]] == [
        ("Rex pulls on the lead <always>.", "Dana Whitfield"), ("Let's book a loose-lead session.", "Tess Trainer")]
    assert len(fresh_odoo.server.calls_to("project.task", "search_read")) == 1
    assert len(fresh_odoo.server.calls_to("mail.message", "search_read")) == 1

    answer = (await dana.query(POST, {"id": request["id"], "body": "Thanks!"}))["postServiceRequestMessage"]
    assert answer["message"] == {"body": "Thanks!", "author": "Dana Whitfield"}
    closed = (await tess.query(CLOSE, {"id": request["id"]}))["closeServiceRequest"]
    assert closed == {"serviceRequest": {"state": "CLOSED"}, "errors": []}
    again = (await tess.query(CLOSE, {"id": request["id"]}))["closeServiceRequest"]
    assert again["errors"] == [{"code": "ALREADY_CLOSED", "field": "id"}]
    late = (await dana.query(POST, {"id": request["id"], "body": "One more"}))["postServiceRequestMessage"]
    assert late["errors"] == [{"code": "ALREADY_CLOSED", "field": "id"}]
    assert (await dana.query(ONE, {"id": request["id"]}))["serviceRequest"]["state"] == "CLOSED"

    # Omar sees none of it: every field that takes the id answers as for a missing id
    missing = encode_global_id("ServiceRequest", 987654)
    assert (await omar.query(MINE))["me"]["serviceRequests"] == []
    for query, name in ((ONE, "serviceRequest"), (NODE, "node")):
        assert await omar.raw(query, {"id": request["id"]}) == await omar.raw(query, {"id": missing}) == {
            "data": {name: None}}
    foreign = await omar.raw(POST, {"id": request["id"], "body": "hi"})
    assert foreign == await omar.raw(POST, {"id": missing, "body": "hi"})
    assert foreign["data"]["postServiceRequestMessage"]["errors"] == [{"code": "NOT_FOUND", "field": "id"}]
    assert len((await dana.query(ONE, {"id": request["id"]}))["serviceRequest"]["messages"]) == 3


async def test_queue_scope_and_bad_input(bff: GraphQLClient) -> None:
    dana, omar = await bff.log_in("dana@customk9.demo"), await bff.log_in("omar@customk9.demo")
    tess, marco = await bff.log_in("trainer@customk9.demo"), await bff.log_in("marco@customk9.demo")
    manager = await bff.log_in("manager@customk9.demo")
    omars = (await omar.query(REQUEST, {"input": {"kind": "BOARDING", "message": "Two weeks in May"}}))
    omars = omars["requestService"]["serviceRequest"]
    assert omars["title"] == "Boarding" and omars["dog"] is None
    # unassigned: in every trainer's queue; once Tess has it, Marco (who does not train Omar) loses it
    assert omars["id"] in [e["node"]["id"] for e in (await marco.query(QUEUE))["serviceRequests"]["edges"]]
    await tess.query(ASSIGN, {"id": omars["id"]})
    assert omars["id"] not in [e["node"]["id"] for e in (await marco.query(QUEUE))["serviceRequests"]["edges"]]
    assert (await marco.query(CLOSE, {"id": omars["id"]}))["closeServiceRequest"]["errors"] == [
        {"code": "NOT_FOUND", "field": "id"}]
    assert omars["id"] in [e["node"]["id"] for e in (await manager.query(QUEUE))["serviceRequests"]["edges"]]
    # clients cannot use the staff queue; bad input changes nothing
    assert await dana.error_codes(QUEUE) == ["FORBIDDEN"]
    before = len((await dana.query(MINE))["me"]["serviceRequests"])
    empty = (await dana.query(REQUEST, {"input": {"kind": "OTHER", "message": "   "}}))["requestService"]
    assert empty["errors"][0]["code"] == "VALIDATION" and empty["serviceRequest"] is None
    omar_dog = (await omar.query(DOGS))["me"]["dogs"][0]["id"]
    foreign_dog = (await dana.query(REQUEST, {"input": {"kind": "OTHER", "message": "x", "dogId": omar_dog}}))
    [error] = foreign_dog["requestService"]["errors"]
    assert (error["code"], error["field"]) == ("NOT_FOUND", "dogId")
    past = (await dana.query(REQUEST, {"input": {"kind": "OTHER", "message": "x", "preferredDates": ["2001-01-01"]}}))
    assert past["requestService"]["errors"][0]["field"] == "preferredDates"
    assert len((await dana.query(MINE))["me"]["serviceRequests"]) == before


CONVERT = """mutation V($id: ID!, $t: ID) { convertServiceRequest(id: $id, to: TRAINING_PLAN, templateId: $t) {
  serviceRequest { state } errors { code field message } } }"""
ASSIGN_TO = """mutation A($id: ID!, $t: ID) { assignServiceRequest(id: $id, trainerId: $t) { serviceRequest { state }
  errors { code field message } } }"""
TEMPLATES = "{ trainingPlanTemplates { id } }"
PLANS = "{ me { trainingPlans { id } } }"


async def test_foreign_ids_answer_like_missing_ones_and_change_nothing(bff: GraphQLClient) -> None:
    dana, omar = await bff.log_in("dana@customk9.demo"), await bff.log_in("omar@customk9.demo")
    tess, marco = await bff.log_in("trainer@customk9.demo"), await bff.log_in("marco@customk9.demo")
    omars = (await omar.query(REQUEST, {"input": {"kind": "OTHER", "message": "Bruno and bikes"}}))
    omars_id = omars["requestService"]["serviceRequest"]["id"]
    await tess.query(ASSIGN, {"id": omars_id})  # now only Tess's queue holds it (Marco does not train Omar)
    missing = encode_global_id("ServiceRequest", 987654)
    for query, variables in ((POST, {"body": "hi"}), (ASSIGN_TO, {}), (CLOSE, {}), (CONVERT, {})):
        foreign = await marco.raw(query, {**variables, "id": omars_id})
        absent = await marco.raw(query, {**variables, "id": missing})
        assert foreign == absent and "NOT_FOUND" in str(foreign), query
    # a dog of another client, and a plan that is no template, answer like missing ones
    omar_dog = (await omar.query(DOGS))["me"]["dogs"][0]["id"]
    asked = [await dana.raw(REQUEST, {"input": {"kind": "OTHER", "message": "x", "dogId": dog}})
             for dog in (omar_dog, encode_global_id("Dog", 987654))]
    assert asked[0] == asked[1] and asked[0]["data"]["requestService"]["errors"][0]["code"] == "NOT_FOUND"
    danas = (await _ask(dana))["serviceRequest"]["id"]
    real_plan = (await dana.query(PLANS))["me"]["trainingPlans"][0]["id"]
    converted = [await tess.raw(CONVERT, {"id": danas, "t": plan})
                 for plan in (real_plan, encode_global_id("TrainingPlan", 987654))]
    assert converted[0] == converted[1]
    assert converted[0]["data"]["convertServiceRequest"]["errors"][0]["field"] == "templateId"
    assert (await omar.query(MINE))["me"]["serviceRequests"][0]["state"] == "IN_PROGRESS"
    assert (await tess.query(ONE, {"id": danas}))["serviceRequest"]["state"] == "NEW"
    # and with a template, the request becomes Dana's new plan and is closed
    template = (await tess.query(TEMPLATES))["trainingPlanTemplates"][0]["id"]
    done = (await tess.query(CONVERT, {"id": danas, "t": template}))["convertServiceRequest"]
    assert done == {"serviceRequest": {"state": "CLOSED"}, "errors": []}
    assert len((await dana.query(PLANS))["me"]["trainingPlans"]) == 3


ATTACHMENTS = """query O($id: ID!) { serviceRequest(id: $id) {
  messages { body attachments { id name downloadPath } } } }"""


async def test_message_attachments_download_within_scope(bff: GraphQLClient, fresh_odoo: DemoOdoo) -> None:
    dana, omar = await bff.log_in("dana@customk9.demo"), await bff.log_in("omar@customk9.demo")
    request = (await _ask(dana))["serviceRequest"]["id"]
    task = decode_global_id(request)[1]
    db = fresh_odoo.db
    files = [db.execute(2, "ir.attachment", "create", [{  # uploaded in a composer, as Odoo's chatter does
        "name": name, "mimetype": "text/plain", "datas": base64.b64encode(b"sit, stay").decode(),
        "res_model": model, "res_id": 0}], {}) for name, model in (("exercise-plan.txt", "mail.compose.message"),
                                                                     ("loose.txt", False))]
    db.execute(2, "project.task", "message_post", [[task]], {
        "body": "<p>Plan attached</p>", "message_type": "comment", "subtype_xmlid": "mail.mt_comment",
        "attachment_ids": files})
    messages = (await dana.query(ATTACHMENTS, {"id": request}))["serviceRequest"]["messages"]
    assert [m["body"] for m in messages] == ["Rex pulls on the lead <always>.", "Plan attached"]
    [document] = messages[1]["attachments"]
    assert document["name"] == "exercise-plan.txt" and messages[0]["attachments"] == []
    own = await bff.http.get(document["downloadPath"], headers={"Authorization": f"Bearer {dana.token}"})
    assert own.status_code == 200 and own.content == b"sit, stay"
    foreign = await bff.http.get(document["downloadPath"], headers={"Authorization": f"Bearer {omar.token}"})
    absent = await bff.http.get(f"/documents/{encode_global_id('Document', 987654)}",
                                headers={"Authorization": f"Bearer {omar.token}"})
    assert foreign.status_code == absent.status_code == 404 and foreign.json() == absent.json()


SLOTS = """query S($t: ID!, $f: DateTime!, $to: DateTime!) { availableSlots(trainerId: $t, from: $f, to: $to,
  durationMinutes: 60) { start } }"""
TO_SESSION = """mutation V($id: ID!, $s: DateTime, $d: Int) { convertServiceRequest(id: $id, to: SESSION, start: $s,
  durationMinutes: $d) { serviceRequest { state } errors { code field } } }"""
SESSIONS = "{ me { upcomingSessions(first: 50) { id start } } }"


async def test_convert_to_a_session_books_it_for_the_client(bff: GraphQLClient) -> None:
    dana, tess = await bff.log_in("dana@customk9.demo"), await bff.log_in("trainer@customk9.demo")
    request = (await _ask(dana))["serviceRequest"]["id"]
    me = (await tess.query("{ me { id } viewer: trainers { id name } }"))
    trainer = next(t["id"] for t in me["viewer"] if t["name"] == "Tess Trainer")
    start = datetime.now(UTC) + timedelta(days=3)
    slots = (await tess.query(SLOTS, {"t": trainer, "f": start.isoformat(),
                                      "to": (start + timedelta(days=7)).isoformat()}))["availableSlots"]
    missing = (await tess.query(TO_SESSION, {"id": request}))["convertServiceRequest"]
    assert missing == {"serviceRequest": None, "errors": [{"code": "VALIDATION", "field": "start"}]}
    before = len((await dana.query(SESSIONS))["me"]["upcomingSessions"])
    done = (await tess.query(TO_SESSION, {"id": request, "s": slots[0]["start"], "d": 60}))["convertServiceRequest"]
    assert done == {"serviceRequest": {"state": "CLOSED"}, "errors": []}
    sessions = (await dana.query(SESSIONS))["me"]["upcomingSessions"]
    assert len(sessions) == before + 1 and slots[0]["start"] in [s["start"] for s in sessions]


async def test_the_same_idempotency_key_asks_once(bff: GraphQLClient, fresh_odoo: DemoOdoo) -> None:
    dana = await bff.log_in("dana@customk9.demo")
    data = {"kind": "GROOMING", "message": "Nails, please"}
    first = (await dana.query(REQUEST, {"input": data, "key": "groom-2031-01-a"}))["requestService"]
    again = (await dana.query(REQUEST, {"input": data, "key": "groom-2031-01-a"}))["requestService"]
    assert first["errors"] == again["errors"] == [] and first["serviceRequest"]["id"] == again["serviceRequest"]["id"]
    other = (await dana.query(REQUEST, {"input": {**data, "message": "Bath"}, "key": "groom-2031-01-a"}))
    assert other["requestService"]["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert len(fresh_odoo.server.calls_to("project.task", "create")) == 0  # created inside the booking method
    assert len((await dana.query(MINE))["me"]["serviceRequests"]) == 2  # the demo one and this one
