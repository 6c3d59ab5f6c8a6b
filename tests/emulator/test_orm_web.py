"""web_read / web_search_read / read_group / fields_get, and the access-policy hooks of the Database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from odoo_emulator.database import AllowAll, Database
from odoo_emulator.exceptions import AccessError, PythonValueError

NOW = datetime(2026, 11, 29, 12, 0, 0)


@pytest.fixture
def db() -> Database:
    return Database(access=AllowAll(), now=lambda: NOW)


def call(db: Database, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
    return db.execute(2, model, method, list(args), kwargs)


@pytest.fixture
def orders(db: Database) -> dict[str, int]:
    ann = call(db, "res.partner", "create", {"name": "Ann"})
    bob = call(db, "res.partner", "create", {"name": "Bob"})
    prod = call(db, "product.product", "create", {"name": "Walk", "list_price": 10.0})
    for partner, qty, date in (
        (ann, 1, "2026-12-03 10:00:00"),
        (ann, 3, "2026-12-20 10:00:00"),
        (bob, 2, "2027-01-05 10:00:00"),
    ):
        call(
            db,
            "sale.order",
            "create",
            {
                "partner_id": partner,
                "date_order": date,
                "order_line": [(0, 0, {"product_id": prod, "product_uom_qty": qty})],
            },
        )
    return {"ann": ann, "bob": bob, "product": prod}


def test_web_search_read_with_nested_specification(db: Database, orders: dict[str, int]) -> None:
    result = call(
        db,
        "sale.order",
        "web_search_read",
        [("partner_id", "=", orders["ann"])],
        {
            "name": {},
            "partner_id": {"fields": {"display_name": {}, "email": {}}},
            "user_id": {},
            "order_line": {"fields": {"product_uom_qty": {}, "product_id": {"fields": {"display_name": {}}}}},
        },
        limit=1,
        order="id",
    )
    assert result["length"] == 2
    record = result["records"][0]
    assert record["partner_id"] == {"id": orders["ann"], "display_name": "Ann", "email": False}
    assert record["user_id"] == 2  # many2one without "fields": the id
    line = record["order_line"][0]
    assert line["product_uom_qty"] == 1.0 and line["product_id"] == {
        "id": orders["product"],
        "display_name": "Walk",
    }
    assert call(db, "sale.order", "web_search_read", [], {"name": {}}, limit=10)["length"] == 3
    assert call(db, "sale.order", "web_search_read", [], {"name": {}}, offset=2, limit=10)["length"] == 3
    # Odoo 17/18: a page past the end answers length 0 (not the offset), so a caller must count again
    assert call(db, "sale.order", "web_search_read", [], {"name": {}}, offset=50, limit=10) == {
        "length": 0, "records": []}


def test_web_read_and_empty_relations(db: Database, orders: dict[str, int]) -> None:
    rows = call(
        db,
        "res.partner",
        "web_read",
        [orders["ann"]],
        {"name": {}, "country_id": {"fields": {"display_name": {}}}, "user_ids": {"fields": {"login": {}}}},
    )
    assert rows == [{"id": orders["ann"], "name": "Ann", "country_id": False, "user_ids": []}]
    assert call(db, "res.partner", "web_read", [999], {"name": {}}) == []


def test_read_group_lazy_and_aggregates(db: Database, orders: dict[str, int]) -> None:
    groups = call(db, "sale.order", "read_group", [], ["amount_total:sum", "amount_total:avg"], ["partner_id"])
    assert groups[0]["partner_id"] == [orders["ann"], "Ann"] and groups[0]["partner_id_count"] == 2
    assert groups[0]["amount_total"] == 20.0  # last alias wins: avg
    assert groups[0]["__domain"] == [("partner_id", "=", orders["ann"])]
    sums = call(
        db,
        "sale.order",
        "read_group",
        [("state", "=", "draft")],
        ["total:sum(amount_total)"],
        ["partner_id", "state"],
        orderby="partner_id desc",
    )
    assert [g["partner_id"][1] for g in sums] == ["Bob", "Ann"]
    assert sums[1]["total"] == 40.0 and sums[1]["__context"] == {"group_by": ["state"]}
    assert sums[1]["__domain"] == ["&", ("partner_id", "=", orders["ann"]), ("state", "=", "draft")]


def test_read_group_by_month_not_lazy(db: Database, orders: dict[str, int]) -> None:
    groups = call(
        db, "sale.order", "read_group", [], ["amount_total:sum"], ["date_order:month", "partner_id"], lazy=False
    )
    assert [(g["date_order:month"], g["partner_id"][1], g["__count"], g["amount_total"]) for g in groups] == [
        ("December 2026", "Ann", 2, 40.0),
        ("January 2027", "Bob", 1, 20.0),
    ]
    assert groups[0]["__range"] == {
        "date_order:month": {"from": "2026-12-01 00:00:00", "to": "2027-01-01 00:00:00"}
    }
    assert groups[0]["__domain"][:3] == ["&", "&", ("date_order", ">=", "2026-12-01 00:00:00")]
    years = call(db, "sale.order", "read_group", [], [], ["date_order:year"])
    assert [(g["date_order:year"], g["date_order_count"]) for g in years] == [("2026", 2), ("2027", 1)]
    weeks = call(db, "sale.order", "read_group", [], [], ["date_order:week"])
    assert weeks[0]["date_order:week"] == "W49 2026"
    days = call(db, "sale.order", "read_group", [], [], ["date_order:day"])
    assert days[0]["date_order:day"] == "03 Dec 2026"
    total = call(db, "sale.order", "read_group", [], ["amount_total:max"], [])
    assert total == [{"__count": 3, "amount_total": 30.0, "__domain": []}]
    with pytest.raises(PythonValueError):
        call(db, "sale.order", "read_group", [], [], ["nope"])


def test_fields_get(db: Database) -> None:
    fields = call(
        db, "event.event", "fields_get", attributes=["type", "relation", "required", "store", "selection"]
    )
    assert fields["stage_id"] == {"type": "many2one", "relation": "event.stage", "required": False, "store": True}
    assert fields["seats_available"]["store"] is False
    assert ["public", "Public"] in fields["website_visibility"]["selection"]
    assert set(call(db, "res.partner", "fields_get", ["name", "email"])) == {"name", "email"}


class Policy:
    """A test policy: uid 6 may only read partners named "Visible", and never write stock.quant."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def check_model(self, db: Database, uid: int, model: str, operation: str) -> None:
        self.calls.append((uid, model, operation))
        if model == "stock.quant":
            raise AccessError("You are not allowed to access 'Quants' (stock.quant) records.")

    def rule_domain(self, db: Database, uid: int, model: str, operation: str) -> list:
        return [("name", "=", "Visible")] if model == "res.partner" else []

    def check_fields(self, db: Database, uid: int, model: str, fields: list[str], operation: str) -> None:
        if "comment" in fields:
            raise AccessError("You cannot read the following fields on partners: comment")


def test_access_hooks_are_called_for_users_but_not_the_superuser() -> None:
    policy = Policy()
    db = Database(access=policy, now=lambda: NOW)
    visible = db.execute(1, "res.partner", "create", [{"name": "Visible"}], {})
    hidden = db.execute(1, "res.partner", "create", [{"name": "Hidden"}], {})
    assert policy.calls == []  # superuser: no checks
    assert db.execute(6, "res.partner", "search", [[]], {}) == [visible]
    assert db.execute(6, "res.partner", "search_count", [[("name", "!=", False)]], {}) == 1
    assert db.execute(6, "res.partner", "read", [[visible, 99999], ["name"]], {}) == [
        {"id": visible, "name": "Visible"}
    ]
    with pytest.raises(AccessError):
        db.execute(6, "res.partner", "read", [[hidden], ["name"]], {})
    with pytest.raises(AccessError):
        db.execute(6, "res.partner", "write", [[hidden], {"name": "x"}], {})
    with pytest.raises(AccessError, match="comment"):
        db.execute(6, "res.partner", "read", [[visible], ["comment"]], {})
    with pytest.raises(AccessError, match="Quants"):
        db.execute(6, "stock.quant", "search", [[]], {})
    with pytest.raises(AccessError):  # created record outside the create rule: refused and rolled back
        db.execute(6, "res.partner", "create", [{"name": "Other"}], {})
    assert db.sudo_search("res.partner", [("name", "=", "Other")]) == []
    assert (6, "res.partner", "read") in policy.calls
    assert db.sudo_read("res.partner", [visible, 424242], ["name"]) == [{"id": visible, "name": "Visible"}]


def test_x2many_reads_apply_the_comodel_rules() -> None:
    db = Database(access=Policy(), now=lambda: NOW)
    parent = db.execute(1, "res.partner", "create", [{"name": "Visible", "is_company": True}], {})
    db.execute(1, "res.partner", "create", [{"name": "Visible", "parent_id": parent}], {})
    db.execute(1, "res.partner", "create", [{"name": "Hidden kid", "parent_id": parent}], {})
    children = db.execute(6, "res.partner", "read", [[parent], ["child_ids"]], {})[0]["child_ids"]
    assert len(children) == 1
