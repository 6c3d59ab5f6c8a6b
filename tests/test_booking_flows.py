"""Booking flows end to end: errors as data, nothing changed on bad input, nobody touching another's records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

ADD_DOG = """mutation A($i: AddDogInput!) { addDog(input: $i) {
  dog { id name breed weightKg sex } errors { code field } } }"""
UPDATE_DOG = """mutation U($id: ID!, $i: UpdateDogInput!) { updateDog(id: $id, input: $i) {
  dog { name breed } errors { code field } } }"""
ARCHIVE_DOG = "mutation X($id: ID!) { archiveDog(id: $id) { dog { id } errors { code field } } }"
CANCEL_SESSION = "mutation C($id: ID!) { cancelSession(id: $id) { session { id } errors { code field } } }"
RESCHEDULE = """mutation R($id: ID!, $s: DateTime!) { rescheduleSession(id: $id, start: $s) {
  session { start } errors { code field } } }"""
CANCEL_REGISTRATION = """mutation C($id: ID!) { cancelRegistration(id: $id) {
  registrations { state } errors { code field } } }"""
CANCEL_RENTAL = "mutation C($id: ID!) { cancelRental(id: $id) { rental { state } errors { code field } } }"
REGISTER = """mutation R($e: ID!, $t: ID, $a: [AttendeeInput!]!) { registerForEvent(eventId: $e, ticketId: $t,
  attendees: $a) { registrations { attendeeName state ticketName } orderReference errors { code field } } }"""
RENT = """mutation C($i: ID!, $q: Int!, $f: DateTime!, $t: DateTime!) { createRental(items: [{equipmentId: $i,
  quantity: $q}], from: $f, to: $t) {
  rental { reference state startsAt lines { quantity } } errors { code field } } }"""
AVAILABILITY = """query A($f: DateTime!, $t: DateTime!) { equipment(first: 10) { edges { node { reference
  unitsOwned availability(from: $f, to: $t) } } } }"""


@pytest.fixture
def bff(fresh_bff: GraphQLClient) -> GraphQLClient:
    return fresh_bff


def count(db, model: str, domain: list) -> int:
    return db.execute(1, model, "search_count", [domain], {"context": {"active_test": False}})


async def test_dogs_add_update_archive_and_bad_input_changes_nothing(fresh_odoo: DemoOdoo, bff: GraphQLClient) -> None:
    dana = await bff.log_in("dana@customk9.demo")
    made = (await dana.query(ADD_DOG, {"i": {"name": " Pepper ", "breed": "Beagle", "weightKg": 11.456,
                                             "sex": "FEMALE"}}))["addDog"]
    assert made["errors"] == [] and made["dog"] == {"id": made["dog"]["id"], "name": "Pepper", "breed": "Beagle",
                                                    "weightKg": 11.46, "sex": "FEMALE"}
    before = count(fresh_odoo.db, "customk9.dog", [])
    for bad, field in (({"name": ""}, "name"), ({"name": "X", "weightKg": -1}, "weightKg"),
                       ({"name": "X", "birthDate": "2999-01-01"}, "birthDate"), ({"name": "x" * 65}, "name")):
        errors = (await dana.query(ADD_DOG, {"i": bad}))["addDog"]["errors"]
        assert errors == [{"code": "VALIDATION", "field": field}]
    assert count(fresh_odoo.db, "customk9.dog", []) == before
    updated = (await dana.query(UPDATE_DOG, {"id": made["dog"]["id"], "i": {"breed": "Harrier"}}))["updateDog"]
    assert updated == {"dog": {"name": "Pepper", "breed": "Harrier"}, "errors": []}
    assert (await dana.query(ARCHIVE_DOG, {"id": made["dog"]["id"]}))["archiveDog"]["errors"] == []
    assert "Pepper" not in [d["name"] for d in (await dana.query("{ me { dogs { name } } }"))["me"]["dogs"]]


async def test_nobody_changes_another_clients_records(fresh_odoo: DemoOdoo, bff: GraphQLClient) -> None:
    """Each mutation that takes an id, as Omar with Dana's id and with a missing id: the same NOT_FOUND."""
    dana, omar = await bff.log_in("dana@customk9.demo"), await bff.log_in("omar@customk9.demo")
    me = (await dana.query("""{ me { dogs { id } upcomingSessions { id } registrations { id } rentals { id } } }"""
                           ))["me"]
    cases = [(UPDATE_DOG, "updateDog", me["dogs"][0]["id"], "Dog", {"i": {"name": "Stolen"}}),
             (ARCHIVE_DOG, "archiveDog", me["dogs"][0]["id"], "Dog", {}),
             (CANCEL_SESSION, "cancelSession", me["upcomingSessions"][0]["id"], "Session", {}),
             (RESCHEDULE, "rescheduleSession", me["upcomingSessions"][0]["id"], "Session",
              {"s": (datetime.now(UTC) + timedelta(days=40)).isoformat()}),
             (CANCEL_REGISTRATION, "cancelRegistration", me["registrations"][0]["id"], "EventRegistration", {}),
             (CANCEL_RENTAL, "cancelRental", me["rentals"][0]["id"], "Rental", {})]
    db_before = {m: count(fresh_odoo.db, m, []) for m in ("customk9.dog", "calendar.event", "sale.order")}
    for query, field, danas_id, type_name, extra in cases:
        foreign = await omar.raw(query, {"id": danas_id, **extra})
        missing = await omar.raw(query, {"id": encode_global_id(type_name, 987654), **extra})
        assert foreign == missing, field
        assert foreign["data"][field]["errors"][0]["code"] == "NOT_FOUND", field
    assert {m: count(fresh_odoo.db, m, []) for m in db_before} == db_before
    names = [d["name"] for d in (await dana.query("{ me { dogs { name } } }"))["me"]["dogs"]]
    assert "Stolen" not in names and len(names) == 2
    book = """mutation B($d: ID!, $t: ID!) { bookSession(dogId: $d, trainerId: $t, start: "2031-01-06T10:00:00Z")
      { errors { code field } } }"""
    trainer = (await omar.query("{ trainers { id } }"))["trainers"][0]["id"]
    assert (await omar.query(book, {"d": me["dogs"][0]["id"], "t": trainer}))["bookSession"]["errors"] == [
        {"code": "NOT_FOUND", "field": "dogId"}]


async def test_register_for_event_with_a_paid_ticket_creates_the_order(bff: GraphQLClient) -> None:
    omar = await bff.log_in("omar@customk9.demo")
    events = (await omar.query("""{ events(first: 20, filter: {search: "Recall"}) { edges { node { id
      tickets { id name price { amount } } } } } }"""))["events"]["edges"][0]["node"]
    paid = next(t for t in events["tickets"] if Decimal(t["price"]["amount"]) > 0)
    attendees = [{"name": "Omar Haddad", "email": "omar@customk9.demo"}, {"name": "Sara", "email": "s@x.io"}]
    result = (await omar.query(REGISTER, {"e": events["id"], "t": paid["id"], "a": attendees}))["registerForEvent"]
    assert result["errors"] == [] and len(result["registrations"]) == 2 and result["orderReference"]
    assert {r["ticketName"] for r in result["registrations"]} == {paid["name"]}
    bad = (await omar.query(REGISTER, {"e": events["id"], "t": None, "a": []}))["registerForEvent"]
    assert bad["errors"] == [{"code": "VALIDATION", "field": "attendees"}]
    sold_out = (await omar.query("""{ events(filter: {search: "Reactive"}) { edges { node { id } } } }"""))
    full = (await omar.query(REGISTER, {"e": sold_out["events"]["edges"][0]["node"]["id"], "t": None,
                                        "a": attendees[:1]}))["registerForEvent"]
    assert full["errors"][0]["code"] == "EVENT_FULL" and full["registrations"] == []


async def test_rentals_availability_and_periods(fresh_odoo: DemoOdoo, bff: GraphQLClient) -> None:
    lea = await bff.log_in("lea@customk9.demo")
    start = (datetime.now(UTC) + timedelta(days=12)).replace(microsecond=0)
    period = {"f": start.isoformat(), "t": (start + timedelta(days=3)).isoformat()}
    before = {e["node"]["reference"]: e["node"]["availability"]
              for e in (await lea.query(AVAILABILITY, period))["equipment"]["edges"]}
    agility = encode_global_id("Equipment", fresh_odoo.seeded.equipment["K9-AGIL"])
    made = (await lea.query(RENT, {"i": agility, "q": 2, **period}))["createRental"]
    assert made["errors"] == [] and made["rental"]["lines"] == [{"quantity": 2.0}]
    after = {e["node"]["reference"]: e["node"]["availability"]
             for e in (await lea.query(AVAILABILITY, period))["equipment"]["edges"]}
    assert after["K9-AGIL"] == before["K9-AGIL"] - 2
    too_many = (await lea.query(RENT, {"i": agility, "q": after["K9-AGIL"] + 1, **period}))["createRental"]
    assert too_many["errors"][0]["code"] == "EQUIPMENT_UNAVAILABLE" and too_many["rental"] is None
    backwards = (await lea.query(RENT, {"i": agility, "q": 1, "f": period["t"], "t": period["f"]}))["createRental"]
    assert backwards["errors"][0]["code"] == "INVALID_PERIOD"
    rental = (await lea.query("{ me { rentals { id state } } }"))["me"]["rentals"][0]
    cancelled = (await lea.query(CANCEL_RENTAL, {"id": rental["id"]}))["cancelRental"]
    assert cancelled == {"rental": {"state": "CANCELLED"}, "errors": []}


async def test_sessions_book_move_and_cancel_with_notice(fresh_odoo: DemoOdoo, bff: GraphQLClient) -> None:
    dana = await bff.log_in("dana@customk9.demo")
    trainers = {t["name"]: t["id"] for t in (await dana.query("{ trainers { id name } }"))["trainers"]}
    assert set(trainers) == {"Tess Trainer", "Marco Ruiz", "Nina Park"}  # a manager is a trainer too
    luna = next(d["id"] for d in (await dana.query("{ me { dogs { id name } } }"))["me"]["dogs"]
                if d["name"] == "Luna")
    now = datetime.now(UTC)
    slots = (await dana.query("""query S($t: ID!, $f: DateTime!, $to: DateTime!) { availableSlots(trainerId: $t,
      from: $f, to: $to, durationMinutes: 60) { start end } }""", {
        "t": trainers["Marco Ruiz"], "f": (now + timedelta(days=2)).isoformat(),
        "to": (now + timedelta(days=9)).isoformat()}))["availableSlots"]
    assert len(slots) > 10
    book = """mutation B($d: ID!, $t: ID!, $s: DateTime!, $m: Int!) { bookSession(dogId: $d, trainerId: $t,
      start: $s, durationMinutes: $m) { session { id start dog { name } trainer { name } } errors { code field } } }"""
    made = (await dana.query(book, {"d": luna, "t": trainers["Marco Ruiz"], "s": slots[0]["start"], "m": 60}))
    session = made["bookSession"]["session"]
    assert made["bookSession"]["errors"] == [] and session["dog"]["name"] == "Luna"
    again = await dana.query(book, {"d": luna, "t": trainers["Marco Ruiz"], "s": slots[0]["start"], "m": 60})
    assert again["bookSession"]["errors"][0]["code"] == "SLOT_TAKEN"
    night = (now + timedelta(days=3)).replace(hour=2, minute=0, second=0, microsecond=0).isoformat()
    outside = await dana.query(book, {"d": luna, "t": trainers["Marco Ruiz"], "s": night, "m": 60})
    assert outside["bookSession"]["errors"][0]["code"] == "OUTSIDE_WORKING_HOURS"
    odd = await dana.query(book, {"d": luna, "t": trainers["Marco Ruiz"], "s": slots[1]["start"], "m": 50})
    assert odd["bookSession"]["errors"][0]["code"] == "VALIDATION"
    moved = (await dana.query(RESCHEDULE, {"id": session["id"], "s": slots[-1]["start"]}))["rescheduleSession"]
    assert moved["errors"] == [] and moved["session"]["start"] == slots[-1]["start"]
    soon = db_session_soon(fresh_odoo)
    too_late = (await dana.query(CANCEL_SESSION, {"id": soon}))["cancelSession"]
    assert too_late["errors"] == [{"code": "TOO_LATE_TO_CANCEL", "field": too_late["errors"][0]["field"]}]
    assert (await dana.query(CANCEL_SESSION, {"id": session["id"]}))["cancelSession"]["errors"] == []
    assert session["id"] not in [s["id"] for s in (await dana.query(
        "{ me { upcomingSessions(first: 50) { id } } }"))["me"]["upcomingSessions"]]


def db_session_soon(demo: DemoOdoo) -> str:
    """A session of Dana's starting in 2 hours (inside the 24-hour notice)."""
    db, seeded = demo.db, demo.seeded
    start = datetime.now(UTC) + timedelta(hours=2)
    session = db.execute(1, "calendar.event", "create", [{
        "name": "Soon", "start": start.strftime("%Y-%m-%d %H:%M:%S"),
        "stop": (start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"), "privacy": "public",
        "partner_ids": [(6, 0, [seeded.client_partners["dana@customk9.demo"]])]}], {})
    return encode_global_id("Session", session)


async def test_staff_flows(fresh_odoo: DemoOdoo, bff: GraphQLClient) -> None:
    tess = await bff.log_in("trainer@customk9.demo")
    dana = await bff.log_in("dana@customk9.demo")
    templates = (await tess.query("{ trainingPlanTemplates { id name tasks { name } } }"))["trainingPlanTemplates"]
    assert [t["name"] for t in templates] == ["Template: 6-week obedience"]
    client = (await tess.query("{ clients(search: \"dana\") { edges { node { id dogs { id name } } } } }"))
    node = client["clients"]["edges"][0]["node"]
    rex = next(d["id"] for d in node["dogs"] if d["name"] == "Rex")
    create = """mutation P($c: ID!, $d: ID!, $t: ID!) { createTrainingPlan(clientId: $c, dogId: $d, templateId: $t) {
      trainingPlan { id name dog { name } tasks { id name stage { id name } } } errors { code field } } }"""
    plan = (await tess.query(create, {"c": node["id"], "d": rex, "t": templates[0]["id"]}))["createTrainingPlan"]
    assert plan["errors"] == [] and plan["trainingPlan"]["name"] == "Rex: 6-week obedience"
    assert len(plan["trainingPlan"]["tasks"]) == 4
    assert await dana.error_codes(create, {"c": node["id"], "d": rex, "t": templates[0]["id"]}) == ["FORBIDDEN"]
    mine = [p["name"] for p in (await dana.query("{ me { trainingPlans { name } } }"))["me"]["trainingPlans"]]
    assert "Rex: 6-week obedience" in mine
    post = """mutation N($b: ID!) { createPost(input: {blogId: $b, title: "Winter hours", content: "<p>Hi</p>"}) {
      post { id title } isPublished errors { code field } } }"""
    blog = (await tess.query("{ blogs { id name } }"))["blogs"][0]["id"]
    made = (await tess.query(post, {"b": blog}))["createPost"]
    assert made["errors"] == [] and made["isPublished"] is False
    assert (await dana.query("query P($id: ID!) { post(id: $id) { title } }", {"id": made["post"]["id"]}))[
        "post"] is None
    published = (await tess.query("mutation P($id: ID!) { publishPost(id: $id) { isPublished errors { code } } }",
                                  {"id": made["post"]["id"]}))["publishPost"]
    assert published == {"isPublished": True, "errors": []}
    assert (await dana.query("query P($id: ID!) { post(id: $id) { title } }", {"id": made["post"]["id"]}))[
        "post"] == {"title": "Winter hours"}
    tag = (await tess.query('mutation { createBlogTag(name: "winter") { tag { name } errors { code } } }'))
    assert tag["createBlogTag"] == {"tag": {"name": "winter"}, "errors": []}
    dup = (await tess.query('mutation { createBlogTag(name: "winter") { tag { name } errors { code } } }'))
    assert dup["createBlogTag"]["errors"] == [{"code": "VALIDATION"}]


async def test_ids_of_other_owners_in_booking_and_staff_arguments(fresh_odoo: DemoOdoo, bff: GraphQLClient) -> None:
    """bookSession.planId, createTrainingPlan and moveTask with ids outside the caller's scope."""
    dana, omar = await bff.log_in("dana@customk9.demo"), await bff.log_in("omar@customk9.demo")
    # a trainer starts plans only for their own clients (tests/test_staff_scope.py) and moves only tasks of
    # plans they lead
    marco, tess = await bff.log_in("marco@customk9.demo"), await bff.log_in("trainer@customk9.demo")
    danas_plan = next(p["id"] for p in (await dana.query("{ me { trainingPlans { id trainer { name } } } }"))[
        "me"]["trainingPlans"] if p["trainer"]["name"] == "Tess Trainer")
    bruno = (await omar.query("{ me { dogs { id } } }"))["me"]["dogs"][0]["id"]
    trainer = (await omar.query("{ trainers { id } }"))["trainers"][0]["id"]
    book = """mutation B($d: ID!, $t: ID!, $p: ID) { bookSession(dogId: $d, trainerId: $t, planId: $p,
      start: "2031-01-06T10:00:00Z") { session { id } errors { code field } } }"""
    foreign = await omar.raw(book, {"d": bruno, "t": trainer, "p": danas_plan})
    missing = await omar.raw(book, {"d": bruno, "t": trainer, "p": encode_global_id("TrainingPlan", 987654)})
    assert foreign == missing and foreign["data"]["bookSession"]["errors"] == [{"code": "NOT_FOUND", "field": "planId"}]

    tess_clients = (await tess.query("{ clients { edges { node { id dogs { id } } } } }"))["clients"]["edges"]
    danas_client = tess_clients[0]["node"]
    template = (await tess.query("{ trainingPlanTemplates { id } }"))["trainingPlanTemplates"][0]["id"]
    create = """mutation P($c: ID!, $d: ID!, $t: ID!) { createTrainingPlan(clientId: $c, dogId: $d, templateId: $t) {
      trainingPlan { id } errors { code field } } }"""
    cases = [({"c": danas_client["id"], "d": danas_client["dogs"][0]["id"], "t": danas_plan},
              {"c": danas_client["id"], "d": danas_client["dogs"][0]["id"],
               "t": encode_global_id("TrainingPlan", 98765)}),
             ({"c": danas_client["id"], "d": bruno, "t": template},
              {"c": danas_client["id"], "d": encode_global_id("Dog", 98765), "t": template})]
    plans_before = count(fresh_odoo.db, "project.project", [])
    for foreign_vars, missing_vars in cases:  # a real plan is no template; Omar's dog is not Dana's
        assert await tess.raw(create, foreign_vars) == await tess.raw(create, missing_vars)
    assert count(fresh_odoo.db, "project.project", []) == plans_before

    tasks = (await tess.query("query P($id: ID!) { trainingPlan(id: $id) { tasks { id stage { id } } } }",
                              {"id": danas_plan}))["trainingPlan"]["tasks"]
    move = """mutation M($t: ID!, $s: ID!) { moveTask(taskId: $t, stageId: $s) {
      task { id } errors { code field } } }"""
    by_marco = await marco.raw(move, {"t": tasks[0]["id"], "s": tasks[1]["stage"]["id"]})
    missing_task = await marco.raw(move, {"t": encode_global_id("TrainingTask", 98765), "s": tasks[1]["stage"]["id"]})
    assert by_marco == missing_task and by_marco["data"]["moveTask"]["errors"][0]["code"] == "NOT_FOUND"
    moved = await tess.query(move, {"t": tasks[0]["id"], "s": tasks[1]["stage"]["id"]})
    assert moved["moveTask"]["errors"] == []
    stages = (await tess.query("query P($id: ID!) { trainingPlan(id: $id) { stages { id name } } }",
                               {"id": danas_plan}))["trainingPlan"]["stages"]
    assert [s["name"] for s in stages] == ["To do", "In progress", "Done"]
    done = (await tess.query(move, {"t": tasks[0]["id"], "s": stages[2]["id"]}))["moveTask"]
    assert done["errors"] == [] and (await tess.query(
        "query P($id: ID!) { trainingPlan(id: $id) { progress { done } } }", {"id": danas_plan}))["trainingPlan"][
        "progress"]["done"] >= 1
    bad_stage = await tess.query(move, {"t": tasks[0]["id"], "s": encode_global_id("TaskStage", 98765)})
    assert bad_stage["moveTask"]["errors"][0]["code"] in {"NOT_FOUND", "VALIDATION"}
