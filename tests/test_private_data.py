"""The signed-in client's own data, the trainer's views, and documents."""

from __future__ import annotations

from decimal import Decimal

from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient

ME = """{ me {
  name email phone city
  dogs { id name breed sex weightKg birthDate trainingPlans { name } sessions { title } }
  trainingPlans { id name startDate endDate trainer { name } dog { name }
                  tasks { name isDone stage { name } deadline } progress { done total percent } }
  upcomingSessions(first: 10) { id title start end durationMinutes isPast dog { name } trainer { name }
                                trainingPlan { name } }
  registrations { attendeeName state event { name } }
  rentals { reference state startsAt endsAt amount { amount currencyCode } lines { description quantity
            unitPrice { amount } subtotal { amount currencyCode formatted } equipment { name } } }
  documents { id name mimetype sizeBytes attachedTo downloadPath }
} }"""


async def test_dana_sees_her_own_data(gql: GraphQLClient) -> None:
    dana = await gql.log_in("dana@customk9.demo")
    me = (await dana.query(ME))["me"]
    assert me["name"] == "Dana Whitfield" and me["city"] == "Portland"
    assert [d["name"] for d in me["dogs"]] == ["Luna", "Rex"]
    rex = next(d for d in me["dogs"] if d["name"] == "Rex")
    assert rex["sex"] == "MALE" and rex["weightKg"] == 34.0 and rex["birthDate"] == "2022-04-12"
    assert [p["name"] for p in rex["trainingPlans"]] == ["Rex: basic obedience"]
    plans = {p["name"]: p for p in me["trainingPlans"]}
    assert set(plans) == {"Rex: basic obedience", "Luna: puppy foundations"}
    rex_plan = plans["Rex: basic obedience"]
    assert rex_plan["progress"] == {"done": 1, "total": 4, "percent": 25}
    assert rex_plan["dog"]["name"] == "Rex" and rex_plan["trainer"]["name"] == "Tess Trainer"
    assert [t["isDone"] for t in rex_plan["tasks"]] == [True, False, False, False]
    assert all(not s["isPast"] for s in me["upcomingSessions"])
    assert {s["dog"]["name"] for s in me["upcomingSessions"]} == {"Rex", "Luna"}
    assert all(r["event"] for r in me["registrations"]) and me["registrations"]
    rentals = me["rentals"]
    assert len(rentals) == 2 and rentals[0]["state"] == "CONFIRMED"
    assert {line["equipment"]["name"] for line in rentals[0]["lines"]} == {"Travel crate (medium)",
                                                                           "Exercise pen, 8 panels"}
    for rental in rentals:  # money as exact decimals: the lines add up to the order's total to the cent
        assert rental["amount"]["currencyCode"] == "USD"
        subtotals = [Decimal(line["subtotal"]["amount"]) for line in rental["lines"]]
        assert sum(subtotals) == Decimal(rental["amount"]["amount"]) > 0
        for line in rental["lines"]:
            assert Decimal(line["unitPrice"]["amount"]) * Decimal(str(line["quantity"])) == Decimal(
                line["subtotal"]["amount"])
            assert line["subtotal"]["formatted"] == f"${Decimal(line['subtotal']['amount']):,.2f}"
    assert {d["name"] for d in me["documents"]} == {"rex-vaccination-record.txt", "rex-week-3-notes.txt",
                                                    "training-agreement-dana.txt"}
    assert "bruno" not in str(me).lower()  # nothing of Omar's


async def test_document_download_checks_the_viewer(gql: GraphQLClient) -> None:
    dana = await gql.log_in("dana@customk9.demo")
    omar = await gql.log_in("omar@customk9.demo")
    document = (await dana.query("{ me { documents { name downloadPath } } }"))["me"]["documents"][0]
    ok = await gql.http.get(document["downloadPath"], headers={"Authorization": f"Bearer {dana.token}"})
    assert ok.status_code == 200 and ok.headers["content-type"].startswith("text/plain") and ok.content
    assert "attachment" in ok.headers["content-disposition"]
    other = await gql.http.get(document["downloadPath"], headers={"Authorization": f"Bearer {omar.token}"})
    missing = await gql.http.get(f"/documents/{encode_global_id('Document', 999999)}",
                                 headers={"Authorization": f"Bearer {omar.token}"})
    assert other.status_code == missing.status_code == 404 and other.json() == missing.json()
    assert (await gql.http.get(document["downloadPath"])).status_code == 401


async def test_session_window_and_limits(gql: GraphQLClient) -> None:
    dana = await gql.log_in("dana@customk9.demo")
    query = """query W($f: DateTime!, $t: DateTime!) { me { sessions(from: $f, to: $t) { title start } } }"""
    everything = await dana.query(query, {"f": "2020-01-01T00:00:00Z", "t": "2020-12-31T00:00:00Z"})
    assert everything["me"]["sessions"] == []
    assert await dana.error_codes(query, {"f": "2026-01-01T00:00:00Z", "t": "2025-01-01T00:00:00Z"}) == [
        "BAD_USER_INPUT"]


async def test_trainer_sees_their_agenda_and_clients_but_not_client_only_fields(gql: GraphQLClient) -> None:
    tess = await gql.log_in("trainer@customk9.demo")
    agenda = await tess.query("""{ trainerAgenda(from: "2020-01-01T00:00:00Z", to: "2020-12-31T00:00:00Z") {
      title } }""")
    assert agenda["trainerAgenda"] == []
    clients = (await tess.query("{ clients(first: 10) { totalCount edges { node { name dogs { name } } } } }"))
    names = {e["node"]["name"] for e in clients["clients"]["edges"]}
    assert names == {"Dana Whitfield", "Omar Haddad"}  # Lea trains with Marco only
    dana = await gql.log_in("dana@customk9.demo")
    assert await dana.error_codes("{ clients { totalCount } }") == ["FORBIDDEN"]
    assert await gql.error_codes("{ clients { totalCount } }") == ["UNAUTHENTICATED"]


async def test_dashboard(gql: GraphQLClient) -> None:
    dana = await gql.log_in("dana@customk9.demo")
    board = (await dana.query("""{ dashboard {
      nextSessions { title } activePlans { name progress { percent } } openRentals { reference }
      upcomingRegistrations { event { name } } counts { dogs activePlans upcomingSessions openRentals
      upcomingRegistrations } } }"""))["dashboard"]
    counts = board["counts"]
    assert counts["dogs"] == 2 and counts["activePlans"] == 2 and counts["openRentals"] == 1
    assert len(board["nextSessions"]) == min(3, counts["upcomingSessions"])
    assert len(board["openRentals"]) == 1 and len(board["activePlans"]) == 2
    assert len(board["upcomingRegistrations"]) == counts["upcomingRegistrations"]


async def test_dashboard_costs_the_same_for_1_dog_and_20_dogs(fresh_odoo: DemoOdoo) -> None:
    from tests.conftest import open_bff

    db = fresh_odoo.db
    seeded = fresh_odoo.seeded
    lea = seeded.client_partners["lea@customk9.demo"]
    query = """{ dashboard { nextSessions { title dog { name } trainingPlan { name } }
      activePlans { name dog { name } tasks { name } progress { percent } }
      openRentals { reference lines { quantity } } counts { dogs } }
      me { dogs { name trainingPlans { name } } } }"""
    gql, odoo = await open_bff(fresh_odoo.server, api_key=seeded.integration_api_key)
    try:
        user = await gql.log_in("lea@customk9.demo")
        await user.query(query)
        fresh_odoo.server.clear_calls()
        await user.query(query)
        one_dog = sorted((c.model, c.method) for c in fresh_odoo.server.calls if c.model)
        for i in range(19):
            dog = db.execute(1, "customk9.dog", "create", [{"name": f"Extra {i:02d}", "owner_id": lea}], {})
            db.execute(1, "project.project", "create", [{"name": f"Plan {i}", "partner_id": lea, "dog_id": dog}],
                       {})
        fresh_odoo.server.clear_calls()
        data = await user.query(query)
        twenty_dogs = sorted((c.model, c.method) for c in fresh_odoo.server.calls if c.model)
        assert data["dashboard"]["counts"]["dogs"] == 20 and len(data["me"]["dogs"]) == 20
        assert twenty_dogs == one_dog
        # active plans come with their tasks and progress nested in one web_search_read (Odoo 17+)
        assert ("project.project", "web_search_read") in twenty_dogs
        assert not [call for call in twenty_dogs if call[0] == "project.task"]
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_documents_of_a_clients_page_cost_one_attachment_read(demo_odoo, gql: GraphQLClient) -> None:
    tess = await gql.log_in("trainer@customk9.demo")
    demo_odoo.server.clear_calls()
    data = await tess.query("{ clients { edges { node { name documents { name attachedTo } } } } }")
    docs = {e["node"]["name"]: {d["name"] for d in e["node"]["documents"]} for e in data["clients"]["edges"]}
    assert docs["Dana Whitfield"] == {"rex-vaccination-record.txt", "rex-week-3-notes.txt",
                                      "training-agreement-dana.txt"}
    assert docs["Omar Haddad"] == {"bruno-behaviour-assessment.txt"}
    assert len(demo_odoo.server.calls_to(model="ir.attachment")) == 1
