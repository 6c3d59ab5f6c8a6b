"""Database.execute: the generic ORM methods, wire values, coercions, errors and x2many commands."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from odoo_emulator.database import AllowAll, Database
from odoo_emulator.exceptions import (
    AccessError,
    InvalidTextRepresentation,
    MissingError,
    ModelNotFound,
    PythonAttributeError,
    PythonTypeError,
    PythonValueError,
    UserError,
    ValidationError,
)

NOW = datetime(2026, 11, 29, 12, 0, 0)


@pytest.fixture
def db() -> Database:
    return Database(access=AllowAll(), now=lambda: NOW)


def call(db: Database, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
    return db.execute(2, model, method, list(args), kwargs)


def test_fresh_database_and_wire_shapes(db: Database) -> None:
    assert db.version_info()["server_version_info"] == [18, 0, 0, "final", 0, ""]
    admin = call(db, "res.users", "read", [2], ["login", "partner_id", "create_date", "write_uid", "display_name"])
    assert admin == [
        {
            "id": 2,
            "login": "admin",
            "partner_id": [3, "Administrator"],
            "create_date": "2026-11-29 12:00:00",
            "write_uid": [1, "OdooBot"],
            "display_name": "Administrator",
        }
    ]
    assert call(db, "res.users", "search", [("login", "=", "public")]) == []  # inactive
    assert call(db, "res.users", "search", [("login", "=", "public")], context={"active_test": False}) == [4]
    row = call(db, "res.partner", "read", [1], ["email", "parent_id", "child_ids", "credit_limit", "is_company"])[
        0
    ]
    assert row == {
        "id": 1,
        "email": False,
        "parent_id": False,
        "child_ids": [],
        "credit_limit": 0.0,
        "is_company": True,
    }


def test_create_single_and_list_read_write_unlink(db: Database) -> None:
    pid = call(db, "res.partner", "create", {"name": "K9 Probe", "email": "p@example.com", "mobile": "+1 555"})
    assert isinstance(pid, int)
    ids = call(db, "res.partner", "create", [{"name": "A"}, {"name": "B"}])
    assert ids == [pid + 1, pid + 2]
    assert call(db, "res.partner", "write", [pid], {"phone": "1", "comment": "<p>hi</p>"}) is True
    assert call(db, "res.partner", "read", [pid], fields=["phone", "comment"]) == [
        {"id": pid, "phone": "1", "comment": "<p>hi</p>"}
    ]
    assert call(db, "res.partner", "unlink", [pid] + ids) is True
    assert call(db, "res.partner", "read", [pid], ["name"]) == []
    with pytest.raises(
        MissingError, match=r"Record does not exist or has been deleted.\n\(Record: res.partner\(\d+,\), User: 2\)"
    ):
        call(db, "res.partner", "unlink", [pid])
    with pytest.raises(MissingError):
        call(db, "res.partner", "write", [pid], {"name": "x"})


def test_read_all_fields_when_fields_empty(db: Database) -> None:
    rows = call(db, "res.users", "read", [2])
    assert rows[0]["password"] == "" and rows[0]["login"] == "admin" and "groups_id" in rows[0]
    assert call(db, "res.partner", "search_read", [("id", "=", 3)], [])[0]["name"] == "Administrator"


def test_search_read_positional_and_keyword_arguments(db: Database) -> None:
    for name in ("Zed", "Amy", "Bob"):
        call(db, "res.partner", "create", {"name": name, "is_company": True})
    positional = call(db, "res.partner", "search_read", [("is_company", "=", True)], ["name"], 1, 2, "name desc")
    keyword = call(
        db,
        "res.partner",
        "search_read",
        domain=[("is_company", "=", True)],
        fields=["name"],
        offset=1,
        limit=2,
        order="name desc",
    )
    assert (
        positional
        == keyword
        == [{"id": positional[0]["id"], "name": "My Company"}, {"id": positional[1]["id"], "name": "Bob"}]
    )
    assert call(db, "res.partner", "search_count", [("is_company", "=", True)]) == 4
    assert call(db, "res.partner", "search_count", [("is_company", "=", True)], limit=2) == 2


def test_default_and_explicit_order(db: Database) -> None:
    acme = call(db, "res.partner", "create", {"name": "Acme", "is_company": True})
    zoe = call(db, "res.partner", "create", {"name": "Zoe", "parent_id": acme})
    bert = call(db, "res.partner", "create", {"name": "bert"})
    names = [r["display_name"] for r in call(db, "res.partner", "search_read", [], ["display_name"])]
    assert names == ["Acme", "Acme, Zoe", "Administrator", "bert", "My Company"]  # OdooBot is archived
    assert call(db, "res.partner", "search", [("id", "in", [acme, zoe, bert])], order="id desc") == [
        bert,
        zoe,
        acme,
    ]
    assert call(db, "res.partner", "search", [("id", "in", [acme, zoe, bert])], order="parent_id, id") == [
        zoe,
        acme,
        bert,
    ]
    with pytest.raises(PythonValueError, match="Invalid field 'nope' on model 'res.partner'"):
        call(db, "res.partner", "search", [], order="nope asc")


def test_unknown_fields_are_errors(db: Database) -> None:
    msg = "Invalid field 'no_such_field' on model 'res.partner'"
    with pytest.raises(PythonValueError, match=msg):
        call(db, "res.partner", "search_read", [], ["name", "no_such_field"])
    with pytest.raises(PythonValueError, match=msg):
        call(db, "res.partner", "read", [3], ["no_such_field"])
    with pytest.raises(PythonValueError, match=msg):
        call(db, "res.partner", "create", {"name": "X", "no_such_field": 1})
    with pytest.raises(PythonValueError, match=msg):
        call(db, "res.partner", "write", [3], {"no_such_field": 1})


def test_silent_coercions_and_missing_targets(db: Database) -> None:
    pid = call(db, "res.partner", "create", {"name": "C", "country_id": 233 if False else 1})
    call(db, "res.partner", "write", [pid], {"country_id": "not-an-id", "is_company": "yes"})
    assert call(db, "res.partner", "read", [pid], ["country_id", "is_company"]) == [
        {"id": pid, "country_id": False, "is_company": True}
    ]
    with pytest.raises(MissingError, match=r"res.country\(999999,\)"):
        call(db, "res.partner", "write", [pid], {"country_id": 999999})
    call(db, "res.partner", "write", [pid], {"credit_limit": "12.5", "color": "3"})
    assert call(db, "res.partner", "read", [pid], ["credit_limit", "color"])[0] == {
        "id": pid,
        "credit_limit": 12.5,
        "color": 3,
    }
    with pytest.raises(PythonValueError):
        call(db, "res.partner", "write", [pid], {"type": "spaceship"})
    with pytest.raises(InvalidTextRepresentation, match='invalid input syntax for type integer: "abc"'):
        call(db, "res.partner", "read", ["abc"], ["name"])
    with pytest.raises(InvalidTextRepresentation):
        call(db, "res.partner", "write", ["1"], {"name": "x"})


def test_dates_are_normalised(db: Database) -> None:
    eid = call(
        db, "event.event", "create", {"name": "E", "date_begin": "2026-12-10T09:00:00", "date_end": "2026-12-11"}
    )
    assert call(db, "event.event", "read", [eid], ["date_begin", "date_end"])[0] == {
        "id": eid,
        "date_begin": "2026-12-10 09:00:00",
        "date_end": "2026-12-11 00:00:00",
    }
    with pytest.raises(PythonValueError):
        call(db, "event.event", "write", [eid], {"date_begin": "next tuesday"})


def test_required_fields_and_defaults(db: Database) -> None:
    with pytest.raises(ValidationError, match=r"Model: Task \(project.task\)\nField: .* \(name\)"):
        call(db, "project.task", "create", {"priority": "1"})
    with pytest.raises(ValidationError, match=r"Model: Sales Order \(sale.order\)\nField: .* \(partner_id\)"):
        call(db, "sale.order", "create", {})
    tmpl = call(db, "product.template", "create", {"name": "Crate"})
    assert call(db, "product.template", "read", [tmpl], ["type", "categ_id", "uom_id", "currency_id", "sale_ok"])[
        0
    ] == {
        "id": tmpl,
        "type": "consu",
        "categ_id": [1, "All"],
        "uom_id": [1, "Units"],
        "currency_id": [1, "USD"],
        "sale_ok": True,
    }
    defaults = call(
        db, "event.event", "default_get", ["badge_format", "seats_limited", "website_visibility", "date_tz"]
    )
    assert defaults == {
        "badge_format": "A6",
        "seats_limited": False,
        "website_visibility": "public",
        "date_tz": "UTC",
    }


def test_x2many_commands(db: Database) -> None:
    t1, t2, t3 = (call(db, "project.tags", "create", {"name": n}) for n in ("a", "b", "c"))
    pid = call(db, "project.project", "create", {"name": "P", "tag_ids": [(6, 0, [t1, t2])]})
    read = lambda: call(db, "project.project", "read", [pid], ["tag_ids"])[0]["tag_ids"]  # noqa: E731
    assert read() == [t1, t2]
    call(db, "project.project", "write", [pid], {"tag_ids": [(3, t1, 0), (4, t3, 0)]})
    assert read() == [t2, t3]
    call(db, "project.project", "write", [pid], {"tag_ids": [(0, 0, {"name": "d"})]})
    assert len(read()) == 3
    call(db, "project.project", "write", [pid], {"tag_ids": [(5, 0, 0)]})
    assert read() == []
    call(db, "project.project", "write", [pid], {"tag_ids": [t3, t1]})
    assert read() == [t1, t3]  # read back in the comodel's order (name)
    call(db, "project.project", "write", [pid], {"tag_ids": [(1, t1, {"name": "z"}), (2, t3, 0)]})
    assert read() == [t1] and call(db, "project.tags", "read", [t3], ["name"]) == []
    with pytest.raises(MissingError):
        call(db, "project.project", "write", [pid], {"tag_ids": [(4, 9999, 0)]})
    # one2many: create, update, unlink, link
    tid = call(
        db,
        "project.project",
        "create",
        {"name": "Q", "task_ids": [(0, 0, {"name": "t1"}), (0, 0, {"name": "t2"})]},
    )
    tasks = call(db, "project.project", "read", [tid], ["task_ids"])[0]["task_ids"]
    assert len(tasks) == 2
    call(
        db, "project.project", "write", [tid], {"task_ids": [(1, tasks[0], {"name": "renamed"}), (2, tasks[1], 0)]}
    )
    assert call(db, "project.task", "search_read", [("project_id", "=", tid)], ["name"]) == [
        {"id": tasks[0], "name": "renamed"}
    ]
    call(db, "project.project", "write", [pid], {"task_ids": [(4, tasks[0], 0)]})
    assert call(db, "project.task", "read", [tasks[0]], ["project_id"])[0]["project_id"] == [pid, "P"]
    call(db, "project.project", "write", [pid], {"task_ids": [(3, tasks[0], 0)]})
    assert call(db, "project.task", "read", [tasks[0]], ["project_id"])[0]["project_id"] is False


def test_failed_call_is_rolled_back(db: Database) -> None:
    before = call(db, "res.partner", "search_count", [])
    with pytest.raises(PythonValueError):
        call(db, "res.partner", "create", [{"name": "ok"}, {"name": "bad", "nope": 1}])
    assert call(db, "res.partner", "search_count", []) == before
    pid = call(db, "res.partner", "create", {"name": "Kid"})
    with pytest.raises(ValidationError):
        call(db, "res.partner", "write", [pid], {"name": "changed", "parent_id": pid})
    assert call(db, "res.partner", "read", [pid], ["name", "parent_id"])[0] == {
        "id": pid,
        "name": "Kid",
        "parent_id": False,
    }


def test_copy_with_defaults_and_children(db: Database) -> None:
    stage = call(db, "project.task.type", "create", {"name": "Todo"})
    pid = call(
        db,
        "project.project",
        "create",
        {
            "name": "Plan",
            "type_ids": [(6, 0, [stage])],
            "task_ids": [(0, 0, {"name": "Sit"}), (0, 0, {"name": "Down"})],
        },
    )
    new = call(db, "project.project", "copy", pid)
    copy = call(db, "project.project", "read", [new], ["name", "task_count", "type_ids"])[0]
    assert copy == {"id": new, "name": "Plan (copy)", "task_count": 2, "type_ids": [stage]}
    names = sorted(
        r["name"] for r in call(db, "project.task", "search_read", [("project_id", "=", new)], ["name"])
    )
    assert names == ["Down", "Sit"]
    other = call(db, "project.project", "copy", pid, {"name": "Custom"})
    assert call(db, "project.project", "read", [other], ["name"])[0]["name"] == "Custom"
    task = call(db, "project.task", "search", [("name", "=", "Sit"), ("project_id", "=", pid)])[0]
    assert (
        call(db, "project.task", "read", [call(db, "project.task", "copy", task)], ["name"])[0]["name"]
        == "Sit (copy)"
    )


def test_method_dispatch_errors(db: Database) -> None:
    with pytest.raises(ModelNotFound):
        call(db, "no.such.model", "search_read")
    with pytest.raises(PythonAttributeError, match="The method 'nope' does not exist on the model 'res.partner'"):
        call(db, "res.partner", "nope")
    with pytest.raises(AccessError, match=r"Private methods \(such as _read_format\) cannot be called remotely"):
        call(db, "res.partner", "_read_format", [3], ["name"])
    with pytest.raises(UserError, match="Invalid language code: fr_FR"):
        call(db, "res.partner", "search", [], context={"lang": "fr_FR"})
    assert call(db, "res.partner", "search", [("id", "=", 3)], context={"lang": "en_US", "tz": "UTC"}) == [3]
    with pytest.raises(PythonTypeError):
        call(db, "res.partner", "search", [], bogus_kwarg=1)


def test_name_search_and_display_names(db: Database) -> None:
    acme = call(db, "res.partner", "create", {"name": "Acme", "is_company": True})
    jane = call(db, "res.partner", "create", {"name": "Jane", "parent_id": acme, "email": "jane@acme.test"})
    assert call(db, "res.partner", "name_search", "jane") == [[jane, "Acme, Jane"]]
    assert call(db, "res.partner", "name_search", "acme.test") == [[jane, "Acme, Jane"]]
    assert call(db, "res.partner", "read", [jane], ["commercial_partner_id"])[0]["commercial_partner_id"] == [
        acme,
        "Acme",
    ]
    assert [r[0] for r in call(db, "res.partner", "name_search", "acme", limit=1)] == [acme]
