"""Service requests, rental tracking and the contact form of the booking API over JSON-RPC, and the mail
behaviour the BFF's conversation reads rely on (public comments vs internal notes, ``message_post`` authors).

Runs on the emulator and on a real Odoo 18 with the addon (skipped when ``customk9`` is not installed). Every
record is created under a unique name and removed afterwards (the service requests project and its stages are
the addon's data and stay).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest

from . import test_booking_contract as base
from .rpc import OdooRpc
from .test_booking_contract import FMT, TRAINER, Booking, assert_refused

pytestmark = pytest.mark.contract
booking = base.booking  # the fixtures of the booking contract tests, shared
rental_product = base.rental_product

PUBLIC = [("model", "=", "project.task"), ("message_type", "in", ["comment", "email"]), ("is_internal", "=", False),
          ("subtype_id", "!=", False), ("subtype_id.internal", "=", False)]


async def _public(rpc: OdooRpc, task: int) -> list[dict[str, Any]]:
    return await rpc.call_kw("mail.message", "search_read", [[("res_id", "=", task), *PUBLIC]],
                             {"fields": ["body", "author_id"], "order": "date asc, id asc"})


async def test_service_request_conversation(booking: Booking) -> None:
    addon, admin = booking.addon, booking.addon.admin
    client = await addon.user("client", ("base", "group_portal"))
    other = await addon.user("other client", ("base", "group_portal"))
    trainer = await addon.user("trainer", TRAINER)
    dog = await addon.dog("Rex", client.partner_id)
    values = {"kind": "training", "message": "Rex <pulls>\non the lead", "dog_id": dog,
              "preferred_dates": ["2031-01-07", "2031-01-06", "2031-01-07"]}
    assert_refused(await booking("request_service", client.partner_id, {**values, "kind": "spa"}), "VALIDATION",
                   "kind")
    assert_refused(await booking("request_service", other.partner_id, values), "NOT_FOUND", "dog_id")
    result = await booking("request_service", client.partner_id, values)
    assert set(result) == {"ok", "request_id"} and result["ok"] is True
    task = result["request_id"]
    booking.cleanup.add("project.task", task)
    [row] = await admin.call_kw("project.task", "read", [[task], [
        "name", "project_id", "partner_id", "stage_id", "user_ids", "state", "customk9_service_kind",
        "customk9_dog_id", "customk9_preferred_dates", "message_partner_ids"]])
    [project] = await admin.call_kw("project.project", "read", [[row["project_id"][0]], ["customk9_service_requests"]])
    assert project["customk9_service_requests"] is True and row["stage_id"][1] == "New"
    assert (row["partner_id"][0], row["user_ids"], row["state"]) == (client.partner_id, [], "01_in_progress")
    assert (row["customk9_service_kind"], row["customk9_dog_id"][0]) == ("training", dog)
    assert row["customk9_preferred_dates"] == "2031-01-06,2031-01-07"
    assert client.partner_id in row["message_partner_ids"]

    # the first message is a public comment by the client, escaped once, line break kept
    [first] = await _public(booking.bff.client, task)
    assert first["author_id"][0] == client.partner_id
    assert first["body"] == "<p>Rex &lt;pulls&gt;<br>on the lead</p>"
    # an internal note (as staff write in Odoo) is not public
    await admin.call_kw("project.task", "message_post", [[task]], {
        "body": "internal", "message_type": "comment", "subtype_xmlid": "mail.mt_note"})
    reply = await booking("post_service_request_message", trainer.uid, task, "  See you Monday  ")
    assert set(reply) == {"ok", "request_id", "message_id"} and reply["request_id"] == task
    assert_refused(await booking("post_service_request_message", other.uid, task, "hi"), "NOT_FOUND", "id")
    assert_refused(await booking("post_service_request_message", client.uid, task, "  "), "VALIDATION", "body")
    messages = await _public(booking.bff.client, task)
    assert [(m["body"], m["author_id"][0]) for m in messages] == [
        (first["body"], client.partner_id), ("<p>See you Monday</p>", trainer.partner_id)]

    # files posted with a message: only a composer's pending upload (by the poster) moves onto the request
    pending = await booking.cleanup.create("ir.attachment", {
        "name": f"{addon.unique} plan.txt", "datas": "aGk=", "res_model": "mail.compose.message", "res_id": 0})
    loose = await booking.cleanup.create("ir.attachment", {"name": f"{addon.unique} loose.txt", "datas": "aGk="})
    posted = await admin.call_kw("project.task", "message_post", [[task]], {
        "body": "files", "message_type": "comment", "subtype_xmlid": "mail.mt_comment",
        "attachment_ids": [pending, loose]})
    [message] = await admin.call_kw("mail.message", "read", [[posted], ["attachment_ids"]])
    assert sorted(message["attachment_ids"]) == sorted([pending, loose])
    files = await admin.call_kw("ir.attachment", "read", [[pending, loose], ["res_model", "res_id"]])
    assert {f["id"]: (f["res_model"], f["res_id"]) for f in files} == {
        pending: ("project.task", task), loose: (False, 0)}

    assert_refused(await booking("assign_service_request", trainer.uid, task, client.uid), "NOT_FOUND", "trainerId")
    assert await booking("assign_service_request", trainer.uid, task, trainer.uid) == {"ok": True,
                                                                                       "request_id": task}
    [row] = await admin.call_kw("project.task", "read", [[task], ["stage_id", "user_ids"]])
    assert row["stage_id"][1] == "In progress" and row["user_ids"] == [trainer.uid]
    assert await booking("close_service_request", trainer.uid, task) == {"ok": True, "request_id": task}
    [row] = await admin.call_kw("project.task", "read", [[task], ["stage_id", "state"]])
    assert row["stage_id"][1] == "Closed" and row["state"] == "1_done"
    assert_refused(await booking("close_service_request", trainer.uid, task), "ALREADY_CLOSED", "id")
    assert_refused(await booking("post_service_request_message", client.uid, task, "more"), "ALREADY_CLOSED", "id")
    assert_refused(await booking("close_service_request", client.uid, task), "NOT_FOUND", "user_id")
    not_a_request = await booking.cleanup.create("project.task", {"name": f"{addon.unique} plain task"})
    assert_refused(await booking("close_service_request", trainer.uid, not_a_request), "NOT_FOUND", "id")


async def test_convert_to_a_training_plan(booking: Booking) -> None:
    addon, admin = booking.addon, booking.addon.admin
    client = await addon.user("client", ("base", "group_portal"))
    trainer = await addon.user("trainer", TRAINER)
    dog = await addon.dog("Nala", client.partner_id)
    template = await booking.cleanup.create("project.project", {"name": f"{addon.unique} basics",
                                                                "is_training_template": True})
    task = (await booking("request_service", client.partner_id, {"kind": "training", "message": "x",
                                                                 "dog_id": dog}))["request_id"]
    booking.cleanup.add("project.task", task)
    assert_refused(await booking("convert_service_request", trainer.uid, task, "spa", {}), "VALIDATION", "to")
    result = await booking("convert_service_request", trainer.uid, task, "training_plan", {"template_id": template})
    assert result["ok"] is True and set(result) == {"ok", "plan_id", "request_id"}
    booking.cleanup.add("project.project", result["plan_id"])
    [row] = await admin.call_kw("project.task", "read", [[task], ["customk9_plan_id", "state"]])
    assert row["customk9_plan_id"][0] == result["plan_id"] and row["state"] == "1_done"
    [plan] = await admin.call_kw("project.project", "read", [[result["plan_id"]], ["dog_id", "user_id"]])
    assert (plan["dog_id"][0], plan["user_id"][0]) == (dog, trainer.uid)


async def test_rental_pick_up_return_and_lateness(booking: Booking, rental_product: int) -> None:
    trainer = await booking.addon.user("trainer", TRAINER)
    start = datetime(2032, 1, 5, 9) + timedelta(days=7 * (uuid.uuid4().int % 150))
    begin, end = start.strftime(FMT), (start + timedelta(hours=36)).strftime(FMT)
    lines = [{"product_id": rental_product, "quantity": 1}]
    rental = (await booking("create_rental", booking.client, lines, begin, end))["rental_id"]
    booking.cleanup.add("sale.order", rental)
    assert_refused(await booking("mark_rental_returned", trainer.uid, rental, False), "NOT_PICKED_UP", "id")
    assert await booking("mark_rental_picked_up", trainer.uid, rental, "two leads") == {"ok": True,
                                                                                          "rental_id": rental}
    assert_refused(await booking("mark_rental_picked_up", trainer.uid, rental, False), "ALREADY_DONE", "id")
    admin = booking.addon.admin
    [row] = await admin.call_kw("sale.order", "read", [[rental], [
        "customk9_picked_up_at", "customk9_pickup_notes", "customk9_is_late"]])
    assert row["customk9_picked_up_at"] and row["customk9_pickup_notes"] == "two leads"
    assert row["customk9_is_late"] is False
    # moved into the past without a return: late, and it keeps its unit after its end
    past_begin = (datetime.now() - timedelta(days=3)).strftime(FMT)
    past_end = (datetime.now() - timedelta(hours=2)).strftime(FMT)
    await admin.call_kw("sale.order", "write", [[rental], {"rental_start": past_begin, "rental_end": past_end}])
    [row] = await admin.call_kw("sale.order", "read", [[rental], ["customk9_is_late"]])
    assert row["customk9_is_late"] is True
    assert (await booking("equipment_availability", [rental_product], begin, end))["available"] == {
        str(rental_product): 0}
    assert await booking("mark_rental_returned", trainer.uid, rental, "chewed") == {"ok": True, "rental_id": rental}
    [row] = await admin.call_kw("sale.order", "read", [[rental], ["customk9_returned_at", "customk9_return_notes"]])
    assert row["customk9_returned_at"] and row["customk9_return_notes"] == "chewed"
    assert (await booking("equipment_availability", [rental_product], begin, end))["available"] == {
        str(rental_product): 1}
    assert_refused(await booking("mark_rental_returned", trainer.uid, rental, False), "ALREADY_DONE", "id")


async def test_contact_request_becomes_a_lead(booking: Booking) -> None:
    crm = await booking.addon.admin.call_kw("ir.module.module", "search_read", [[["name", "=", "crm"]]],
                                            {"fields": ["state"]})
    if not crm or crm[0]["state"] != "installed":
        pytest.skip("the target Odoo has no CRM")
    unique = booking.addon.unique
    assert_refused(await booking("submit_contact_request", {"name": "x", "email": "nope", "message": "m"}),
                   "VALIDATION", "email")
    result = await booking("submit_contact_request", {
        "name": f"{unique} Sam", "email": "sam@example.com", "phone": "", "message": "Puppy <class>?",
        "dog_name": "Biscuit", "interest": "training"})
    assert set(result) == {"ok", "lead_id"} and result["ok"] is True
    booking.cleanup.add("crm.lead", result["lead_id"])
    [lead] = await booking.addon.admin.call_kw("crm.lead", "read", [[result["lead_id"]], [
        "type", "contact_name", "email_from", "description"]])
    assert (lead["type"], lead["contact_name"], lead["email_from"]) == ("lead", f"{unique} Sam", "sam@example.com")
    assert "Puppy &lt;class&gt;?" in lead["description"] and "Dog: Biscuit" in lead["description"]


async def test_event_lead_rule_turns_a_registration_into_a_lead(booking: Booking) -> None:
    """The guide's "event lead" setting is Odoo's own ``event_crm`` lead rule (what the demo data sets up): a
    registration made through the booking API (as superuser) creates the lead. Real Odoo only (the emulator has
    no event_crm)."""
    admin, unique = booking.addon.admin, booking.addon.unique
    found = await admin.call_kw("ir.module.module", "search_read", [[["name", "=", "event_crm"]]],
                                {"fields": ["state"]})
    if not found or found[0]["state"] != "installed":
        pytest.skip("the target Odoo has no event_crm")
    rule = await booking.cleanup.create("event.lead.rule", {
        "name": f"{unique} attendees", "lead_creation_basis": "attendee", "lead_creation_trigger": "create",
        "lead_type": "lead"})
    begin = datetime.utcnow().replace(microsecond=0) + timedelta(days=30)
    event = await booking.cleanup.create("event.event", {
        "name": f"{unique} event", "date_begin": begin.strftime(FMT),
        "date_end": (begin + timedelta(hours=2)).strftime(FMT), "is_published": True})
    people = [{"name": f"{unique} Ann", "email": "ann@example.com", "phone": False}]
    result = await booking("register_event", booking.client, event, False, people)
    assert result["ok"] is True
    booking.cleanup.add("event.registration", result["registration_ids"])
    leads = await admin.call_kw("crm.lead", "search_read", [[["event_lead_rule_id", "=", rule]]],
                                {"fields": ["type", "email_from", "registration_ids", "event_id"]})
    booking.cleanup.add("crm.lead", [lead["id"] for lead in leads])
    assert [(lead["type"], lead["email_from"], lead["registration_ids"], lead["event_id"][0]) for lead in leads] == [
        ("lead", "ann@example.com", result["registration_ids"], event)]
