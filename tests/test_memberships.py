"""Memberships on Odoo's membership module: plans, buying one through the order flow, the client's state;
FEATURE_UNAVAILABLE on every membership field when the module is missing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

PLANS = "{ membershipPlans { id name price { amount currencyCode } validFrom validUntil } }"
MINE = "{ me { membership { state since until plan { id name } } } }"
BUY = """mutation B($p: ID!, $k: String) { buyMembership(planId: $p, idempotencyKey: $k) {
  order { id reference state paymentUrl holdUntil amountTotal { amount } lines { product quantity } }
  errors { code field } } }"""


async def test_plans_list_and_a_membership_is_bought_through_the_order_flow(
        fresh_odoo: DemoOdoo, fresh_bff: GraphQLClient) -> None:
    plans = (await fresh_bff.query(PLANS))["membershipPlans"]  # public
    today = datetime.now(UTC).date()
    assert [(p["name"], p["price"]) for p in plans] == [
        ("CustomK9 Club: 6 months", {"amount": "70.00", "currencyCode": "USD"}),
        ("CustomK9 Club: 12 months", {"amount": "120.00", "currencyCode": "USD"})]
    assert plans[1]["validFrom"] == today.isoformat()
    assert plans[1]["validUntil"] == (today + timedelta(days=364)).isoformat()
    assert plans[1]["id"] == encode_global_id("MembershipPlan", fresh_odoo.seeded.membership_plans[0])
    lea = await fresh_bff.log_in("lea@customk9.demo")
    assert (await lea.query(MINE))["me"]["membership"] == {"state": "NONE", "since": None, "until": None,
                                                          "plan": None}
    bought = (await lea.query(BUY, {"p": plans[1]["id"], "k": "lea-club-1"}))["buyMembership"]
    order = bought["order"]
    assert bought["errors"] == [] and order["state"] == "QUOTATION" and order["paymentUrl"] and order["holdUntil"]
    assert (order["amountTotal"], order["lines"]) == (
        {"amount": "120.00"}, [{"product": "CustomK9 Club: 12 months", "quantity": 1.0}])
    again = (await lea.query(BUY, {"p": plans[1]["id"], "k": "lea-club-1"}))["buyMembership"]
    assert again["order"]["id"] == order["id"]  # the same key: the same order
    assert (await lea.query(MINE))["me"]["membership"]["state"] == "NONE"  # not before Odoo confirms it
    odoo_id = fresh_odoo.db.search_ids("sale.order", [("name", "=", order["reference"])], order=False)[0]
    fresh_odoo.db.execute(2, "sale.order", "action_confirm", [[odoo_id]], {})
    assert (await lea.query(MINE))["me"]["membership"] == {
        "state": "INVOICED", "since": plans[1]["validFrom"], "until": plans[1]["validUntil"],
        "plan": {"id": plans[1]["id"], "name": "CustomK9 Club: 12 months"}}
    dana = await fresh_bff.log_in("dana@customk9.demo")
    assert (await dana.query(MINE))["me"]["membership"]["state"] == "NONE"  # Lea's is hers alone


async def test_bad_plans_are_refused_and_change_nothing(fresh_odoo: DemoOdoo, fresh_bff: GraphQLClient) -> None:
    lea = await fresh_bff.log_in("lea@customk9.demo")
    before = len(fresh_odoo.db.tables["sale.order"])
    crate = encode_global_id("MembershipPlan", fresh_odoo.seeded.equipment["K9-CRATE-M"])  # not a membership
    for plan, code, field in ((crate, "NOT_FOUND", "planId"),
                              (encode_global_id("MembershipPlan", 987654), "NOT_FOUND", "planId"),
                              (encode_global_id("Equipment", fresh_odoo.seeded.membership_plans[0]), "VALIDATION",
                               "planId")):
        assert (await lea.query(BUY, {"p": plan}))["buyMembership"] == {
            "order": None, "errors": [{"code": code, "field": field}]}
    assert len(fresh_odoo.db.tables["sale.order"]) == before
    anonymous = await fresh_bff.error_codes(BUY, {"p": crate})
    assert anonymous == ["UNAUTHENTICATED"]


async def test_without_the_membership_module_every_field_answers_feature_unavailable(fresh_odoo: DemoOdoo) -> None:
    db = fresh_odoo.db
    module = db.search_ids("ir.module.module", [("name", "=", "membership")], order=False)
    db.write_records("ir.module.module", module, {"state": "uninstalled"}, 1)
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        lea = await gql.log_in("lea@customk9.demo")
        plan = encode_global_id("MembershipPlan", fresh_odoo.seeded.membership_plans[0])
        assert await gql.error_codes(PLANS) == ["FEATURE_UNAVAILABLE"]
        assert await lea.error_codes(MINE) == ["FEATURE_UNAVAILABLE"]
        assert await lea.error_codes(BUY, {"p": plan}) == ["FEATURE_UNAVAILABLE"]
        assert (await lea.query("{ me { name } }"))["me"]["name"]  # the rest still works
    finally:
        await gql.http.aclose()
        await odoo.close()
