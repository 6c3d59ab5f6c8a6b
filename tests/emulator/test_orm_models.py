"""Model behaviours: seats, product delegation and stock, sales, projects, calendar, blog, users and auth."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from odoo_emulator.database import AllowAll, Database
from odoo_emulator.exceptions import AccessDenied, UserError, ValidationError

NOW = datetime(2026, 11, 29, 12, 0, 0)


@pytest.fixture
def db() -> Database:
    return Database(access=AllowAll(), now=lambda: NOW)


def call(db: Database, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
    return db.execute(2, model, method, list(args), kwargs)


def one(db: Database, model: str, rec_id: int, *fields: str) -> dict:
    return call(db, model, "read", [rec_id], list(fields))[0]


def test_fresh_database_content(db: Database) -> None:
    stages = call(db, "event.stage", "search_read", [], ["name"])
    assert [s["name"] for s in stages] == ["New", "Booked", "Announced", "Ended", "Cancelled"]
    assert call(db, "stock.location", "search_read", [("usage", "=", "internal")], ["complete_name"]) == [
        {"id": 8, "complete_name": "WH/Stock"}
    ]
    xmlids = {
        (r["module"], r["name"]): r["res_id"]
        for r in call(
            db,
            "ir.model.data",
            "search_read",
            [("model", "in", ["res.groups", "res.company", "res.currency"])],
            ["module", "name", "res_id"],
        )
    }
    assert {
        ("base", "group_portal"),
        ("base", "group_user"),
        ("base", "main_company"),
        ("base", "USD"),
        ("sales_team", "group_sale_salesman"),
        ("stock", "group_stock_user"),
    } <= set(xmlids)
    modules = {r["name"]: r["state"] for r in call(db, "ir.module.module", "search_read", [], ["name", "state"])}
    assert modules["website_blog"] == modules["event_sale"] == "installed"
    assert one(db, "res.users", 2, "partner_id")["partner_id"] == [3, "Administrator"]
    assert call(db, "website", "search", []) == [1]


def test_event_seats_and_overbooking(db: Database) -> None:
    ev = call(
        db,
        "event.event",
        "create",
        {
            "name": "Puppy Class",
            "date_begin": "2026-12-10 09:00:00",
            "date_end": "2026-12-10 11:00:00",
            "seats_limited": True,
            "seats_max": 3,
        },
    )
    assert one(db, "event.event", ev, "website_url", "stage_id", "date_tz") == {
        "id": ev,
        "website_url": f"/event/puppy-class-{ev}",
        "stage_id": [1, "New"],
        "date_tz": "UTC",
    }
    vip = call(
        db, "event.event.ticket", "create", {"name": "VIP", "event_id": ev, "seats_limited": True, "seats_max": 1}
    )
    call(db, "event.event.ticket", "create", {"name": "Standard", "event_id": ev})
    r1 = call(db, "event.registration", "create", {"event_id": ev, "event_ticket_id": vip, "name": "A"})
    r2 = call(db, "event.registration", "create", {"event_id": ev, "name": "B"})
    call(db, "event.registration", "action_set_done", [r2])
    assert one(
        db,
        "event.event",
        ev,
        "seats_reserved",
        "seats_used",
        "seats_taken",
        "seats_available",
        "event_registrations_sold_out",
        "event_registrations_open",
    ) == {
        "id": ev,
        "seats_reserved": 1,
        "seats_used": 1,
        "seats_taken": 2,
        "seats_available": 1,
        "event_registrations_sold_out": False,
        "event_registrations_open": True,
    }
    assert one(db, "event.event.ticket", vip, "seats_available", "is_sold_out", "currency_id") == {
        "id": vip,
        "seats_available": 0,
        "is_sold_out": True,
        "currency_id": [1, "USD"],
    }
    with pytest.raises(ValidationError, match="VIP"):
        call(db, "event.registration", "create", {"event_id": ev, "event_ticket_id": vip})
    draft = call(db, "event.registration", "create", {"event_id": ev, "state": "draft"})
    call(db, "event.registration", "create", {"event_id": ev})
    assert one(db, "event.event", ev, "seats_available", "event_registrations_sold_out")[
        "event_registrations_sold_out"
    ]
    with pytest.raises(ValidationError, match="Puppy Class"):
        call(db, "event.registration", "action_confirm", [draft])
    call(db, "event.registration", "action_cancel", [r1])
    assert one(db, "event.event", ev, "seats_available")["seats_available"] == 1
    unlimited = call(
        db,
        "event.event",
        "create",
        {"name": "Open day", "date_begin": "2026-12-01 09:00:00", "date_end": "2026-12-01 10:00:00"},
    )
    assert one(db, "event.event", unlimited, "seats_available", "seats_limited") == {
        "id": unlimited,
        "seats_available": 0,
        "seats_limited": False,
    }
    # not stored, no search method: Odoo 18 logs an error and ignores the leaf (every event matches)
    everything = call(db, "event.event", "search", [])
    assert call(db, "event.event", "search", [("seats_available", ">", 0)]) == everything
    with pytest.raises(ValidationError):
        call(db, "event.event", "write", [ev], {"date_end": "2026-12-01 00:00:00"})


def test_product_template_and_variant_delegation(db: Database) -> None:
    tmpl = call(
        db,
        "product.template",
        "create",
        {
            "name": "Crate M",
            "default_code": "K9-CRATE-M",
            "list_price": 12.5,
            "is_storable": True,
            "is_published": True,
        },
    )
    variant = one(db, "product.template", tmpl, "product_variant_ids", "product_variant_id")["product_variant_id"]
    pid = variant[0]
    assert variant[1] == "[K9-CRATE-M] Crate M"
    assert one(
        db,
        "product.product",
        pid,
        "name",
        "lst_price",
        "list_price",
        "default_code",
        "type",
        "is_storable",
        "categ_id",
        "is_published",
    ) == {
        "id": pid,
        "name": "Crate M",
        "lst_price": 12.5,
        "list_price": 12.5,
        "default_code": "K9-CRATE-M",
        "type": "consu",
        "is_storable": True,
        "categ_id": [1, "All"],
        "is_published": True,
    }
    call(db, "product.product", "write", [pid], {"name": "Crate Medium", "lst_price": 14.0})
    assert one(db, "product.template", tmpl, "name", "list_price") == {
        "id": tmpl,
        "name": "Crate Medium",
        "list_price": 14.0,
    }
    other = call(db, "product.product", "create", {"name": "Pen", "default_code": "K9-PEN", "type": "service"})
    other_tmpl = one(db, "product.product", other, "product_tmpl_id")["product_tmpl_id"][0]
    assert one(db, "product.template", other_tmpl, "name", "type", "product_variant_count") == {
        "id": other_tmpl,
        "name": "Pen",
        "type": "service",
        "product_variant_count": 1,
    }
    assert call(db, "product.product", "search", [("name", "ilike", "crate")]) == [pid]
    assert call(db, "product.product", "search", [("list_price", ">", 13)]) == [pid, 1]  # 1: Event Registration
    deposit = db.xmlid_to_res_id("customk9.product_rental_deposit")  # the CustomK9 addon's deposit product
    assert call(db, "product.product", "search", [("product_tmpl_id.type", "=", "service")]) == [other, 1, deposit]
    assert call(db, "product.product", "name_search", "K9-PEN") == [[other, "[K9-PEN] Pen"]]
    copy_id = call(db, "product.product", "copy", pid)
    assert one(db, "product.product", copy_id, "name")["name"] == "Crate Medium (copy)"
    call(db, "product.product", "unlink", [other])
    assert call(db, "product.template", "search", [("id", "=", other_tmpl)]) == []


def test_stock_quantities_through_inventory(db: Database) -> None:
    pid = call(db, "product.product", "create", {"name": "Ramp", "is_storable": True})
    quant = call(db, "stock.quant", "create", {"product_id": pid, "location_id": 8, "inventory_quantity": 4})
    assert one(db, "product.product", pid, "qty_available")["qty_available"] == 0.0
    assert call(db, "stock.quant", "action_apply_inventory", [quant]) is True
    assert one(db, "stock.quant", quant, "quantity", "inventory_quantity_set") == {
        "id": quant,
        "quantity": 4.0,
        "inventory_quantity_set": False,
    }
    call(
        db, "stock.quant", "create", {"product_id": pid, "location_id": 5, "quantity": 100}
    )  # customers: not internal
    assert one(db, "product.product", pid, "qty_available")["qty_available"] == 4.0
    assert call(db, "product.product", "search", [("qty_available", ">", 0)]) == [pid]
    tmpl = one(db, "product.product", pid, "product_tmpl_id")["product_tmpl_id"][0]
    assert one(db, "product.template", tmpl, "qty_available")["qty_available"] == 4.0


def test_sale_order_flow(db: Database) -> None:
    customer = call(db, "res.partner", "create", {"name": "Dana"})
    product = call(db, "product.product", "create", {"name": "Session", "list_price": 40.0, "type": "service"})
    so = call(
        db,
        "sale.order",
        "create",
        {
            "partner_id": customer,
            "order_line": [
                (0, 0, {"product_id": product, "product_uom_qty": 2}),
                (0, 0, {"product_id": product, "product_uom_qty": 1, "price_unit": 25.0, "discount": 10}),
            ],
        },
    )
    order = one(
        db,
        "sale.order",
        so,
        "name",
        "state",
        "amount_total",
        "partner_invoice_id",
        "message_partner_ids",
        "order_line",
        "currency_id",
    )
    assert order["name"] == "S00001" and order["state"] == "draft" and order["amount_total"] == 102.5
    assert order["partner_invoice_id"] == [customer, "Dana"] and order["message_partner_ids"] == [3]
    assert order["currency_id"] == [1, "USD"]
    line = one(db, "sale.order.line", order["order_line"][0], "price_subtotal", "name", "state")
    assert line == {"id": order["order_line"][0], "price_subtotal": 80.0, "name": "Session", "state": "draft"}
    assert call(db, "sale.order", "action_confirm", [so]) is True
    assert one(db, "sale.order", so, "state", "message_partner_ids")["message_partner_ids"] == [3, customer]
    with pytest.raises(UserError):
        call(db, "sale.order", "unlink", [so])
    with pytest.raises(UserError):
        call(db, "sale.order", "action_confirm", [so])
    assert call(db, "sale.order", "action_cancel", [so])["res_model"] == "sale.order.cancel"  # a wizard
    call(db, "sale.order", "action_cancel", [so], context={"disable_cancel_warning": True})
    assert call(db, "sale.order", "unlink", [so]) is True
    second = call(db, "sale.order", "create", {"partner_id": customer})
    assert one(db, "sale.order", second, "name")["name"] == "S00002"


def test_event_ticket_sale_registers_attendees(db: Database) -> None:
    customer = call(db, "res.partner", "create", {"name": "Eve", "email": "eve@example.com"})
    ev = call(
        db,
        "event.event",
        "create",
        {"name": "Agility", "date_begin": "2026-12-10 09:00:00", "date_end": "2026-12-10 11:00:00"},
    )
    ticket = call(db, "event.event.ticket", "create", {"name": "Std", "event_id": ev, "price": 50})
    so = call(
        db,
        "sale.order",
        "create",
        {
            "partner_id": customer,
            "order_line": [
                (0, 0, {"product_id": 1, "event_id": ev, "event_ticket_id": ticket, "product_uom_qty": 2})
            ],
        },
    )
    assert one(db, "sale.order", so, "amount_total")["amount_total"] == 100.0
    call(db, "sale.order", "action_confirm", [so])
    regs = call(
        db, "event.registration", "search_read", [("event_id", "=", ev)], ["email", "state", "sale_order_id"]
    )
    assert len(regs) == 2 and all(r["email"] == "eve@example.com" and r["state"] == "open" for r in regs)


def test_project_tasks_stages_and_followers(db: Database) -> None:
    client = call(db, "res.partner", "create", {"name": "Client"})
    pid = call(
        db,
        "project.project",
        "create",
        {
            "name": "Plan",
            "privacy_visibility": "portal",
            "partner_id": client,
            "type_ids": [(0, 0, {"name": "To do", "sequence": 1}), (0, 0, {"name": "Done", "sequence": 2})],
        },
    )
    assert call(db, "project.project", "message_subscribe", [pid], partner_ids=[client]) is True
    tid = call(db, "project.task", "create", {"name": "Sit", "project_id": pid, "user_ids": [(6, 0, [2])]})
    task = one(db, "project.task", tid, "stage_id", "state", "user_ids", "partner_id", "message_partner_ids")
    assert task["stage_id"][1] == "To do" and task["state"] == "01_in_progress" and task["user_ids"] == [2]
    assert task["partner_id"] == [client, "Client"] and set(task["message_partner_ids"]) == {3, client}
    assert one(db, "project.project", pid, "task_count")["task_count"] == 1
    assert call(db, "project.project", "search", [("message_partner_ids", "in", [client])]) == [pid]
    assert call(db, "project.project", "search", [("message_partner_ids", "child_of", [client])]) == [pid]
    call(db, "project.project", "message_unsubscribe", [pid], partner_ids=[client])
    assert call(db, "project.project", "search", [("message_partner_ids", "in", [client])]) == []
    call(db, "project.task", "write", [tid], {"state": "1_done"})
    assert call(db, "project.task", "search", [("is_closed", "=", True)]) == [tid]


def test_calendar_attendees_follow_partners(db: Database) -> None:
    guest = call(db, "res.partner", "create", {"name": "Guest"})
    ev = call(
        db,
        "calendar.event",
        "create",
        {
            "name": "Intro call",
            "start": "2026-12-01 10:00:00",
            "stop": "2026-12-01 11:30:00",
            "partner_ids": [(6, 0, [3, guest])],
            "res_model": "project.project",
            "res_id": 7,
        },
    )
    event = one(db, "calendar.event", ev, "attendee_ids", "duration", "user_id", "allday", "res_model", "res_id")
    assert (
        event["duration"] == 1.5 and event["user_id"] == [2, "Administrator"] and len(event["attendee_ids"]) == 2
    )
    assert event["res_model"] == "project.project" and event["res_id"] == 7
    states = {
        r["partner_id"][0]: r["state"]
        for r in call(db, "calendar.attendee", "read", event["attendee_ids"], ["partner_id", "state"])
    }
    assert states == {3: "accepted", guest: "needsAction"}
    call(db, "calendar.event", "write", [ev], {"partner_ids": [(3, guest, 0)]})
    assert len(one(db, "calendar.event", ev, "attendee_ids")["attendee_ids"]) == 1
    allday = call(
        db,
        "calendar.event",
        "create",
        {"name": "Show", "allday": True, "start_date": "2026-12-05", "stop_date": "2026-12-05"},
    )
    assert one(db, "calendar.event", allday, "start", "stop", "start_date") == {
        "id": allday,
        "start": "2026-12-05 08:00:00",
        "stop": "2026-12-05 18:00:00",
        "start_date": "2026-12-05",
    }
    assert call(db, "calendar.event", "search", [("id", "in", [ev, allday])]) == [allday, ev]  # start desc


def test_blog_post_computed_fields(db: Database) -> None:
    blog = call(db, "blog.blog", "create", {"name": "Training Tips"})
    body = "<p>" + " ".join(["word"] * 80) + "</p>"
    post = call(db, "blog.post", "create", {"name": "Recall in 5 steps", "blog_id": blog, "content": body})
    row = one(
        db, "blog.post", post, "teaser", "website_url", "post_date", "published_date", "author_id", "is_published"
    )
    assert row["teaser"] == ("word " * 40)[:200] + "..." and "<p>" not in row["teaser"]
    assert row["website_url"] == f"/blog/training-tips-{blog}/recall-in-5-steps-{post}"
    assert row["post_date"] == "2026-11-29 12:00:00" and row["published_date"] is False
    assert row["author_id"] == [3, "Administrator"] and row["is_published"] is False
    call(db, "blog.post", "write", [post], {"is_published": True})
    assert one(db, "blog.post", post, "published_date")["published_date"] == "2026-11-29 12:00:00"
    newer = call(db, "blog.post", "create", {"name": "Newer", "blog_id": blog, "teaser_manual": "Hand-written"})
    assert call(db, "blog.post", "search", []) == [newer, post]  # id DESC
    assert one(db, "blog.post", newer, "teaser")["teaser"] == "Hand-written"


def test_users_groups_and_authentication(db: Database) -> None:
    portal_group = call(
        db, "ir.model.data", "search_read", [("module", "=", "base"), ("name", "=", "group_portal")], ["res_id"]
    )[0]["res_id"]
    client = call(db, "res.partner", "create", {"name": "Brandon", "email": "b@example.com"})
    uid = call(
        db,
        "res.users",
        "create",
        {
            "name": "Brandon",
            "login": "k9portal",
            "password": "k9portal",
            "partner_id": client,
            "groups_id": [(6, 0, [portal_group])],
        },
    )
    assert one(db, "res.users", uid, "share", "partner_id", "password") == {
        "id": uid,
        "share": True,
        "partner_id": [client, "Brandon"],
        "password": "",
    }
    assert db.user_groups(uid) == {"base.group_portal"} and db.user_partner_id(uid) == client
    assert db.authenticate("k9portal", "k9portal") == uid
    info = db.session_info(uid)
    assert (
        info["is_internal_user"] is False and info["partner_id"] == client and info["user_context"]["uid"] == uid
    )
    internal = call(db, "res.users", "create", {"name": "Trainer", "login": "trainer@k9.test", "password": "pw"})
    trainer = one(db, "res.users", internal, "share", "email", "partner_id")
    assert trainer["share"] is False and trainer["email"] == "trainer@k9.test"
    assert "base.group_user" in db.user_groups(internal)
    with pytest.raises(ValidationError):
        call(db, "res.users", "create", {"name": "Dup", "login": "k9portal"})
    for login, password in (("k9portal", "wrong"), ("nobody", "x"), ("public", "")):
        with pytest.raises(AccessDenied):
            db.authenticate(login, password)
    call(db, "res.users", "write", [uid], {"active": False})
    with pytest.raises(AccessDenied):
        db.authenticate("k9portal", "k9portal")
    admin_info = db.session_info(2)
    assert (
        admin_info["is_admin"] and admin_info["is_system"] and admin_info["websocket_worker_version"] == "18.0-1"
    )
    assert admin_info["user_context"] == {"lang": "en_US", "tz": False, "uid": 2}


def test_api_keys(db: Database) -> None:
    key = db.create_api_key(2, "bff")
    assert len(key) == 40 and int(key, 16) >= 0
    db.check_credentials(2, key)
    db.check_credentials(2, "admin")
    assert db.authenticate("admin", key) == 2
    with pytest.raises(AccessDenied):
        db.authenticate("admin", key, interactive=True)
    with pytest.raises(AccessDenied):
        db.check_credentials(2, "nope")
    assert call(db, "res.users", "read", [2], ["api_key_ids"])[0]["api_key_ids"] != []
