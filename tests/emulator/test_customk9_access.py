"""CustomK9 addon, items 2 and 3: groups and implied groups, ACLs and record rules by kind of user."""

from __future__ import annotations

import pytest
from customk9_helpers import ADMIN, World, call, make_user, make_world

from odoo_emulator.database import Database
from odoo_emulator.exceptions import AccessError


@pytest.fixture
def w() -> World:
    return make_world()


def test_groups_xmlids_and_implied_groups(w: World) -> None:
    db = w.db
    for xmlid in (
        "customk9.group_customk9_trainer",
        "customk9.group_customk9_integration",
        "customk9.module_category_customk9",
    ):
        assert db.xmlid_to_res_id(xmlid)
    integration = db.user_groups(w.integration)
    assert integration == {
        "customk9.group_customk9_integration",
        "base.group_user",
        "base.group_partner_manager",
        "project.group_project_user",
        "event.group_event_user",
        "event.group_event_registration_desk",
        "sales_team.group_sale_salesman_all_leads",
        "sales_team.group_sale_salesman",
        "stock.group_stock_user",
        "base.group_no_one",
        "mail.group_mail_template_editor",
    }  # the 11 groups a real Odoo 18 gave bff@customk9.demo
    assert {"customk9.group_customk9_trainer", "base.group_user", "project.group_project_user"} <= db.user_groups(
        w.trainer
    )
    [group] = call(
        db,
        ADMIN,
        "res.groups",
        "read",
        [db.xmlid_to_res_id("customk9.group_customk9_integration")],
        ["full_name", "implied_ids"],
    )
    assert group["full_name"] == "CustomK9 / CustomK9 BFF integration" and len(group["implied_ids"]) == 6
    info = db.session_info(w.integration)
    assert info["is_internal_user"] and not info["is_admin"] and not info["is_system"]


def test_portal_sees_own_dogs_only(w: World) -> None:
    db = w.db
    assert call(db, w.portal_a, "customk9.dog", "search", []) == [w.dog_a2, w.dog_a]
    assert call(db, w.portal_a, "customk9.dog", "search_count", []) == 2
    assert call(db, w.portal_a, "customk9.dog", "read", [w.dog_a], ["name"]) == [{"id": w.dog_a, "name": "Rex"}]
    for method, args in (
        ("read", ([w.dog_b], ["name"])),
        ("write", ([w.dog_a], {"name": "Renamed"})),
        ("create", ({"name": "Sneaky", "owner_id": w.partner(w.portal_a)},)),
        ("unlink", ([w.dog_a],)),
    ):
        with pytest.raises(AccessError):
            call(db, w.portal_a, "customk9.dog", method, *args)


def test_portal_sees_dogs_of_its_commercial_partner(w: World) -> None:
    db = w.db
    club = call(db, ADMIN, "res.partner", "create", {"name": "K9 Club", "is_company": True})
    call(db, ADMIN, "res.partner", "write", [w.partner(w.portal_b)], {"parent_id": club})
    club_dog = call(db, ADMIN, "customk9.dog", "create", {"name": "Clubby", "owner_id": club})
    assert sorted(call(db, w.portal_b, "customk9.dog", "search", [])) == sorted([w.dog_b, club_dog])


def test_trainer_and_integration_rights(w: World) -> None:
    db = w.db
    owner = w.partner(w.portal_b)
    call(db, ADMIN, "project.project", "create", {"name": "Max basics", "partner_id": owner, "user_id": w.trainer})
    assert call(db, w.trainer, "customk9.dog", "search", []) == [w.dog_b]  # the dogs of the trainer's clients
    call(db, w.trainer, "customk9.dog", "write", [w.dog_b], {"weight_kg": 31.5})
    luna = call(db, w.trainer, "customk9.dog", "create", {"name": "Luna", "owner_id": owner})
    with pytest.raises(AccessError):
        call(db, w.trainer, "customk9.dog", "unlink", [luna])
    nala = call(db, w.integration, "customk9.dog", "create", {"name": "Nala", "owner_id": owner})
    call(db, w.integration, "customk9.dog", "write", [nala], {"active": False})
    assert call(db, w.integration, "customk9.dog", "unlink", [nala]) is True
    plan = call(
        db, w.integration, "project.project", "create", {"name": "Plan", "privacy_visibility": "followers"}
    )
    call(db, w.integration, "project.project", "write", [plan], {"name": "Plan 2"})
    assert call(db, w.integration, "project.task", "search", []) == call(db, ADMIN, "project.task", "search", [])


def test_plain_internal_user_has_no_dog_access(w: World) -> None:
    with pytest.raises(AccessError):
        call(w.db, w.internal, "customk9.dog", "search", [])


def test_users_and_parameters_need_admin_groups(w: World) -> None:
    db = w.db
    for uid in (w.integration, w.trainer, w.internal):
        with pytest.raises(AccessError):
            call(db, uid, "res.users", "create", {"name": "X", "login": f"x{uid}@example.com"})
        with pytest.raises(AccessError):
            call(db, uid, "res.users", "write", [ADMIN], {"name": "Hacked"})
        with pytest.raises(AccessError):
            call(db, uid, "ir.config_parameter", "search_read", [], ["key"])
        with pytest.raises(AccessError):
            call(db, uid, "ir.config_parameter", "get_param", "customk9.bus_channel")
    assert call(db, w.integration, "res.users", "write", [w.integration], {"tz": "Europe/Paris"}) is True
    assert len(call(db, w.integration, "res.users", "search", [])) >= 6  # internal users read users
    manager = make_user(db, "ck9_rights", "base.group_erp_manager")
    assert call(db, manager, "res.users", "create", {"name": "Y", "login": "y@example.com"})
    assert call(db, ADMIN, "ir.config_parameter", "get_param", "customk9.bus_channel").startswith("customk9-")


def test_private_event_rule_and_masking(w: World) -> None:
    db = w.db
    start = {"start": "2031-01-01 09:00:00", "stop": "2031-01-01 10:00:00"}
    private = call(
        db,
        ADMIN,
        "calendar.event",
        "create",
        {"name": "Vet visit", "privacy": "private", "description": "secret", "dog_id": w.dog_a, **start},
    )
    [row] = call(
        db,
        w.integration,
        "calendar.event",
        "read",
        [private],
        ["name", "display_name", "partner_ids", "description", "dog_id", "start", "user_id", "privacy"],
    )
    assert row == {
        "id": private,
        "name": "Busy",
        "display_name": "Busy",
        "partner_ids": [],
        "description": False,
        "dog_id": False,
        "start": start["start"],
        "user_id": [ADMIN, "Administrator"],
        "privacy": "private",
    }
    assert call(db, ADMIN, "calendar.event", "read", [private], ["name"])[0]["name"] == "Vet visit"
    with pytest.raises(AccessError):
        call(db, w.integration, "calendar.event", "write", [private], {"location": "x"})
    with pytest.raises(AccessError):  # even admin cannot create a private event for others
        call(
            db,
            ADMIN,
            "calendar.event",
            "create",
            {
                "name": "Theirs",
                "privacy": "private",
                "user_id": w.integration,
                "partner_ids": [(6, 0, [w.partner(w.integration)])],
                **start,
            },
        )
    default = call(db, ADMIN, "calendar.event", "create", {"name": "Default", **start})
    assert call(db, ADMIN, "calendar.event", "read", [default], ["privacy"])[0]["privacy"] is False


def test_plain_odoo_has_no_addon_groups() -> None:
    db = Database(addons=())
    assert db.xmlid_to_res_id("customk9.group_customk9_trainer") is False
    assert db.xmlid_to_res_id("base.group_partner_manager")
