"""CustomK9 addon, item 1: models, fields, defaults, order, archive, links, constraint, without the addon."""

from __future__ import annotations

from pathlib import Path

import pytest
from customk9_helpers import ADMIN, World, call, make_world

from odoo_emulator.database import Database
from odoo_emulator.exceptions import ModelNotFound, PythonValueError, ValidationError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def w() -> World:
    return make_world()


def test_dog_fields_defaults_and_order(w: World) -> None:
    fields = call(w.db, ADMIN, "customk9.dog", "fields_get", attributes=["type", "relation", "required"])
    assert fields["owner_id"] == {"type": "many2one", "relation": "res.partner", "required": True}
    assert fields["sex"]["type"] == "selection" and fields["photo"]["type"] == "binary"
    assert (
        fields["plan_ids"]["relation"] == "project.project"
        and fields["session_ids"]["relation"] == "calendar.event"
    )
    assert {"message_follower_ids", "message_partner_ids", "message_ids", "has_message", "rating_ids"} <= set(
        fields
    )
    assert call(w.db, ADMIN, "customk9.dog", "default_get", ["sex", "active", "name"]) == {
        "sex": "unknown",
        "active": True,
    }
    names = [r["name"] for r in call(w.db, ADMIN, "customk9.dog", "search_read", [], ["name"])]
    assert names == ["Bella", "Max", "Rex"]  # _order = "name, id"
    dog = call(
        w.db,
        ADMIN,
        "customk9.dog",
        "create",
        {"name": "Luna", "owner_id": w.partner(w.portal_b), "weight_kg": 12.3456},
    )
    [row] = call(w.db, ADMIN, "customk9.dog", "read", [dog], ["weight_kg", "message_partner_ids", "display_name"])
    assert row == {"id": dog, "weight_kg": 12.35, "message_partner_ids": [3], "display_name": "Luna"}
    with pytest.raises(ValidationError):
        call(w.db, ADMIN, "customk9.dog", "create", {"name": "No owner"})
    with pytest.raises(PythonValueError):
        call(w.db, ADMIN, "customk9.dog", "create", {"name": "X", "owner_id": 3, "sex": "other"})


def test_dog_archive_and_links(w: World) -> None:
    db = w.db
    plan = call(db, ADMIN, "project.project", "create", {"name": "Rex plan", "dog_id": w.dog_a})
    session = call(
        db,
        ADMIN,
        "calendar.event",
        "create",
        {
            "name": "S1",
            "start": "2030-01-07 09:00:00",
            "stop": "2030-01-07 10:00:00",
            "dog_id": w.dog_a,
            "training_plan_id": plan,
        },
    )
    [dog] = call(db, ADMIN, "customk9.dog", "read", [w.dog_a], ["plan_ids", "session_ids"])
    assert dog["plan_ids"] == [plan] and dog["session_ids"] == [session]
    call(db, ADMIN, "customk9.dog", "write", [w.dog_a], {"active": False})
    assert w.dog_a not in call(db, ADMIN, "customk9.dog", "search", [])
    assert call(db, ADMIN, "customk9.dog", "search", [("id", "=", w.dog_a)], context={"active_test": False}) == [
        w.dog_a
    ]
    call(db, ADMIN, "customk9.dog", "unlink", [w.dog_a])  # set null on plans and sessions
    assert call(db, ADMIN, "project.project", "read", [plan], ["dog_id"])[0]["dog_id"] is False
    assert (
        call(db, ADMIN, "calendar.event", "read", [session], ["dog_id", "training_plan_id"])[0]["dog_id"] is False
    )
    with pytest.raises(ValidationError, match="customk9_dog_owner_id_fkey"):  # owner_id ondelete restrict
        call(db, ADMIN, "res.partner", "unlink", [w.partner(w.portal_b)])


def test_template_flag_not_copied(w: World) -> None:
    tpl = call(w.db, ADMIN, "project.project", "create", {"name": "Puppy basics", "is_training_template": True})
    call(w.db, ADMIN, "project.task", "create", {"name": "Recall", "project_id": tpl})
    plan = call(
        w.db, w.integration, "project.project", "copy", [tpl], {"name": "Puppy basics - Rex", "dog_id": w.dog_a}
    )
    [row] = call(w.db, ADMIN, "project.project", "read", [plan], ["is_training_template", "dog_id", "task_ids"])
    assert row["is_training_template"] is False and row["dog_id"] == [w.dog_a, "Rex"] and len(row["task_ids"]) == 1


def test_rental_period_constraint(w: World) -> None:
    def order(**vals: object) -> int:
        return call(w.db, w.integration, "sale.order", "create", {"partner_id": w.partner(w.portal_a), **vals})

    start = "2030-05-01 09:00:00"
    for bad in ({"rental_end": start}, {"rental_end": "2030-04-30 09:00:00"}, {}):
        with pytest.raises(ValidationError):
            order(is_rental=True, rental_start=start, **bad)
    so = order(is_rental=True, rental_start=start, rental_end="2030-05-04 09:00:00")
    with pytest.raises(ValidationError, match="after the rental start"):
        call(w.db, w.integration, "sale.order", "write", [so], {"rental_end": "2030-05-01 08:00:00"})
    assert order(rental_start=start, rental_end=start)  # not a rental: dates ignored
    [row] = call(w.db, ADMIN, "sale.order", "read", [so], ["is_rental", "rental_start"])
    assert row == {"id": so, "is_rental": True, "rental_start": start}
    assert call(w.db, ADMIN, "sale.order", "search", [("is_rental", "=", True)]) == [so]


def test_deposit_on_template_and_variant(w: World) -> None:
    tmpl = call(w.db, ADMIN, "product.template", "create", {"name": "Crate", "customk9_deposit": 25.0})
    [variant] = call(w.db, ADMIN, "product.product", "search", [("product_tmpl_id", "=", tmpl)])
    assert (
        call(w.db, w.integration, "product.product", "read", [variant], ["customk9_deposit"])[0][
            "customk9_deposit"
        ]
        == 25.0
    )
    call(w.db, ADMIN, "product.product", "write", [variant], {"customk9_deposit": 30.004})
    assert (
        call(w.db, ADMIN, "product.template", "read", [tmpl], ["customk9_deposit"])[0]["customk9_deposit"] == 30.0
    )
    assert call(w.db, ADMIN, "product.product", "search", [("customk9_deposit", ">", 29)]) == [variant]


def test_module_installed_and_absent() -> None:
    db = Database()
    [mod] = call(
        db,
        ADMIN,
        "ir.module.module",
        "search_read",
        [("name", "=", "customk9")],
        ["state", "installed_version", "latest_version"],
    )
    manifest = (ROOT / "odoo_addons" / "customk9" / "__manifest__.py").read_text()
    assert mod["state"] == "installed" and f'"version": "{mod["installed_version"]}"' in manifest
    plain = Database(addons=())
    assert call(plain, ADMIN, "ir.module.module", "search", [("name", "=", "customk9")]) == []
    with pytest.raises(ModelNotFound):
        call(plain, ADMIN, "customk9.dog", "search", [])
    for model, fname in (
        ("project.project", "dog_id"),
        ("sale.order", "is_rental"),
        ("calendar.event", "dog_id"),
        ("product.product", "customk9_deposit"),
    ):
        assert fname not in call(plain, ADMIN, model, "fields_get", attributes=["type"])
    assert plain.xmlid_to_res_id("customk9.group_customk9_integration") is False
    assert plain.get_param("customk9.bus_channel") is False
    with pytest.raises(ValueError):
        Database(addons=("nope",))
