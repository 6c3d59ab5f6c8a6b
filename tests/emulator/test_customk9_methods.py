"""CustomK9 addon, items 4 and 5: portal sign-up, bus channel and notifications, passwords and reset."""

from __future__ import annotations

import re

import pytest
from customk9_helpers import ADMIN, World, call, make_world

from odoo_emulator.exceptions import AccessDenied, AccessError, PythonException, UserError, ValidationError


@pytest.fixture
def w() -> World:
    return make_world()


def test_portal_sign_up(w: World) -> None:
    db = w.db
    res = call(
        db,
        w.integration,
        "res.users",
        "customk9_create_portal_user",
        {"name": "Signup Sam", "login": " sam@example.com ", "password": "sam-secret-1"},
    )
    assert set(res) == {"id", "partner_id"} and db.user_partner_id(res["id"]) == res["partner_id"]
    assert db.user_groups(res["id"]) == {"base.group_portal"}
    assert db.authenticate("sam@example.com", "sam-secret-1") == res["id"]
    [user] = call(db, ADMIN, "res.users", "read", [res["id"]], ["email", "share", "active"])
    assert user == {"id": res["id"], "email": "sam@example.com", "share": True, "active": True}
    eve = call(db, ADMIN, "res.partner", "create", {"name": "Existing Eve", "email": "eve@example.com"})
    res = call(db, w.integration, "res.users", "customk9_create_portal_user", {"login": "eve", "partner_id": eve})
    assert res["partner_id"] == eve and call(db, ADMIN, "res.users", "read", [res["id"]], ["email"])[0][
        "email"
    ] == ("eve@example.com")
    for values, message in (
        ({"login": "eve", "name": "Again"}, "already in use"),
        ({"login": "other", "partner_id": eve}, "already has a user"),
        ({"login": "evil@example.com", "name": "Evil", "groups_id": [(4, 4)]}, "not allowed"),
        ({"login": "  ", "name": "Blank"}, "login is required"),
        ({"login": "anon@example.com"}, "name is required"),
        ({"login": "ghost@example.com", "partner_id": 99999}, "Unknown partner"),
    ):
        with pytest.raises(ValidationError, match=message):
            call(db, w.integration, "res.users", "customk9_create_portal_user", values)
    for uid in (w.portal_a, w.trainer, w.internal):
        with pytest.raises(AccessError):
            call(db, uid, "res.users", "customk9_create_portal_user", {"login": "p@example.com", "name": "P"})
    assert call(db, ADMIN, "res.users", "customk9_create_portal_user", {"login": "adm@example.com", "name": "A"})


def test_bus_channel_and_notifications(w: World) -> None:
    db = w.db
    channel = call(db, w.integration, "customk9.bus", "get_channel")
    assert (
        re.fullmatch(r"customk9-[0-9a-f]{32}", channel)
        and call(db, ADMIN, "customk9.bus", "get_channel") == channel
    )
    for uid in (w.portal_a, w.trainer):
        with pytest.raises(AccessError):
            call(db, uid, "customk9.bus", "get_channel")
    dog = call(
        db,
        w.integration,
        "customk9.dog",
        "create",
        {"name": "Bolt", "owner_id": w.partner(w.portal_a), "notes": "secret note"},
    )
    call(db, ADMIN, "customk9.dog", "write", [w.dog_a, w.dog_b], {"breed": "Mixed"})
    call(db, ADMIN, "customk9.dog", "unlink", [dog])
    assert [n["message"] for n in db.bus] == [
        {"type": "customk9/changed", "payload": {"model": "customk9.dog", "ids": [dog], "op": "create"}},
        {
            "type": "customk9/changed",
            "payload": {"model": "customk9.dog", "ids": sorted([w.dog_a, w.dog_b]), "op": "write"},
        },
        {"type": "customk9/changed", "payload": {"model": "customk9.dog", "ids": [dog], "op": "unlink"}},
    ]
    assert [n["id"] for n in db.bus] == [1, 2, 3] and {n["channel"] for n in db.bus} == {channel}
    assert "secret" not in str(db.bus) and db.bus_since([channel], 2) == db.bus[2:]
    assert db.bus_since(["other"], 0) == []


def test_bus_one_message_per_model_and_op_per_call(w: World) -> None:
    db = w.db
    tpl = call(db, ADMIN, "project.project", "create", {"name": "Template", "is_training_template": True})
    call(db, ADMIN, "project.task", "create", {"name": "Sit", "project_id": tpl})
    db.bus.clear()
    plan = call(db, w.integration, "project.project", "copy", [tpl], {"name": "Plan - Rex", "dog_id": w.dog_a})
    payloads = [n["message"]["payload"] for n in db.bus]
    assert [(p["model"], p["op"]) for p in payloads] == [
        ("project.project", "create"),
        ("project.task", "create"),
        ("project.task", "write"),
        ("project.project", "write"),
    ]
    assert payloads[0]["ids"] == [plan]
    db.bus.clear()
    with pytest.raises(ValidationError):  # a failed call sends nothing
        call(db, w.integration, "sale.order", "create", {"partner_id": w.partner(w.portal_a), "is_rental": True})
    call(db, ADMIN, "customk9.dog", "write", [w.dog_a], {"notes": "x"}, context={"customk9_no_bus": True})
    assert db.bus == []
    start = {"start": "2031-01-01 09:00:00", "stop": "2031-01-01 10:00:00"}
    event = call(db, ADMIN, "calendar.event", "create", {"name": "S", **start})
    order = call(db, ADMIN, "sale.order", "create", {"partner_id": w.partner(w.portal_a)})
    assert [n["message"]["payload"] for n in db.bus] == [
        {"model": "calendar.event", "ids": [event], "op": "create"},
        {"model": "sale.order", "ids": [order], "op": "create"},
    ]


def test_change_password(w: World) -> None:
    db = w.db
    with pytest.raises(AccessDenied):
        call(db, w.portal_a, "res.users", "change_password", "wrong", "new-pass-2")
    with pytest.raises(AccessDenied):
        call(db, w.portal_a, "res.users", "change_password", "", "new-pass-2")
    with pytest.raises(UserError, match="empty passwords"):
        call(db, w.portal_a, "res.users", "change_password", "ck9_portal_a-pw", "   ")
    assert db.outbox == []
    assert call(db, w.portal_a, "res.users", "change_password", "ck9_portal_a-pw", " new-pass-2 ") is True
    assert db.authenticate("ck9_portal_a", "new-pass-2") == w.portal_a
    with pytest.raises(AccessDenied):
        db.authenticate("ck9_portal_a", "ck9_portal_a-pw")
    assert db.outbox == [{"to": False, "subject": "Security Update: Password Changed", "kind": "security_update"}]


def test_reset_password(w: World) -> None:
    db = w.db
    call(db, ADMIN, "res.users", "write", [w.portal_a], {"email": "a@example.com"})
    db.outbox.clear()
    for uid in (ADMIN, w.integration, w.portal_a):
        with pytest.raises(PythonException, match="No account found for this login"):
            call(db, uid, "res.users", "reset_password", [], "ghost@example.com")
    with pytest.raises(AccessError, match="signup_type"):  # the integration account may not
        call(db, w.integration, "res.users", "reset_password", [], "ck9_portal_a")
    with pytest.raises(AccessError):
        call(db, w.portal_a, "res.users", "reset_password", [], "ck9_portal_a")
    with pytest.raises(UserError, match="has no email address"):
        call(db, ADMIN, "res.users", "reset_password", [], "ck9_portal_b")
    assert db.outbox == []
    action = call(db, ADMIN, "res.users", "reset_password", [], "a@example.com")  # by e-mail too
    assert action["tag"] == "display_notification"
    assert db.outbox == [{"to": "a@example.com", "subject": "Password reset", "kind": "reset_password"}]
