"""The public contact form: a CRM lead (a mail to the company without CRM), a silent honeypot, rate limits."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

SUBMIT = """mutation S($input: ContactRequestInput!) { submitContactRequest(input: $input) {
  ok retryAfterSeconds errors { code field } } }"""
FORM = {"name": "Sam Pike", "email": "sam@example.com", "phone": "+1 555 0100", "message": "Puppy class?",
        "dogName": "Biscuit", "interest": "TRAINING"}


@pytest.fixture
async def bff(fresh_odoo: DemoOdoo) -> AsyncIterator[GraphQLClient]:
    client, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key,
                                  contact_rate_per_address="3/hour", contact_rate_per_email="2/hour")
    yield client
    await client.http.aclose()
    await odoo.close()


async def test_a_contact_request_becomes_a_lead(bff: GraphQLClient, fresh_odoo: DemoOdoo) -> None:
    assert (await bff.query(SUBMIT, {"input": FORM}))["submitContactRequest"] == {
        "ok": True, "retryAfterSeconds": None, "errors": []}
    [lead] = fresh_odoo.db.tables["crm.lead"].values()
    assert lead["contact_name"] == "Sam Pike" and lead["email_from"] == "sam@example.com"
    assert lead["type"] == "lead" and "Biscuit" in lead["description"] and "Puppy class?" in lead["description"]
    assert not fresh_odoo.db.tables.get("mail.mail")


async def test_honeypot_answers_success_and_records_nothing(bff: GraphQLClient, fresh_odoo: DemoOdoo) -> None:
    fresh_odoo.server.clear_calls()
    answer = (await bff.query(SUBMIT, {"input": {**FORM, "website": "http://spam.example"}}))
    assert answer["submitContactRequest"] == {"ok": True, "retryAfterSeconds": None, "errors": []}
    assert not fresh_odoo.db.tables.get("crm.lead") and not fresh_odoo.server.calls_to("customk9.booking")


async def test_rate_limited_per_email_then_per_address(bff: GraphQLClient, fresh_odoo: DemoOdoo) -> None:
    for _ in range(2):
        assert (await bff.query(SUBMIT, {"input": FORM}))["submitContactRequest"]["ok"] is True
    limited = (await bff.query(SUBMIT, {"input": FORM}))["submitContactRequest"]
    assert limited["ok"] is False and limited["errors"] == [{"code": "RATE_LIMITED", "field": None}]
    assert limited["retryAfterSeconds"] > 0
    other = (await bff.query(SUBMIT, {"input": {**FORM, "email": "kim@example.com"}}))["submitContactRequest"]
    assert other["errors"] == [{"code": "RATE_LIMITED", "field": None}]  # the address spent its 3
    assert len(fresh_odoo.db.tables["crm.lead"]) == 2


async def test_bad_input_and_the_mail_fallback_without_crm(bff: GraphQLClient, fresh_odoo: DemoOdoo) -> None:
    bad = (await bff.query(SUBMIT, {"input": {**FORM, "email": "not-an-email"}}))["submitContactRequest"]
    assert bad == {"ok": False, "retryAfterSeconds": None, "errors": [{"code": "VALIDATION", "field": "email"}]}
    db = fresh_odoo.db
    crm = db.search_ids("ir.module.module", [("name", "=", "crm")], order=False)
    db.write_records("ir.module.module", crm, {"state": "uninstalled"})
    company = min(db.search_ids("res.company", [], order=False))
    db.write_records("res.company", [company], {"email": "hello@customk9.demo"})
    assert (await bff.query(SUBMIT, {"input": FORM}))["submitContactRequest"]["ok"] is True
    [mail] = db.tables["mail.mail"].values()
    assert mail["email_to"] == "hello@customk9.demo" and mail["reply_to"] == "sam@example.com"
    assert not db.tables.get("crm.lead")
