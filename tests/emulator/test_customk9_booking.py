"""CustomK9 booking API (docs/booking-api.md) on the emulator: access, dogs, training plans, idempotency.

The shared set-up of the ``test_customk9_booking_*`` modules is here too (``Booking``, ``booking_world``).
NOW (helpers) is Sunday 2026-11-29 12:00 UTC; Monday 2026-11-30 is the first working day.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

import pytest
from customk9_helpers import ADMIN, World, call, make_user, make_world

from odoo_emulator.exceptions import AccessError, PythonTypeError
from odoo_emulator.models.customk9_booking_idempotency import fingerprint, gc

BOOKING = "customk9.booking"


@dataclass
class Booking(World):
    admin_staff: int = 0  # an Access Rights manager (base.group_erp_manager), not a trainer
    template: int = 0
    rental_category: int = 0
    crate: int = 0  # 2 units in stock, 10.0 a day
    leash: int = 0  # 5 units
    blog: int = 0

    def run(self, method: str, *args: Any, uid: int | None = None, **kwargs: Any) -> Any:
        """A booking method called by the integration account (or ``uid``)."""
        return call(self.db, uid or self.integration, BOOKING, method, *args, **kwargs)

    def snapshot(self) -> tuple[dict, int]:
        return copy.deepcopy(self.db.tables), len(self.db.bus)

    def assert_unchanged(self, before: tuple[dict, int]) -> None:
        assert self.db.tables == before[0] and len(self.db.bus) == before[1]


def stock(db: Any, product: int, qty: float) -> None:
    quant = call(db, ADMIN, "stock.quant", "create", {"product_id": product, "inventory_quantity": qty})
    call(db, ADMIN, "stock.quant", "action_apply_inventory", [quant])


def booking_world() -> Booking:
    w = make_world()
    db = w.db
    admin_staff = make_user(db, "ck9_rights", "base.group_erp_manager")
    template = call(
        db,
        ADMIN,
        "project.project",
        "create",
        {"name": "Template: 6-week obedience", "is_training_template": True, "privacy_visibility": "followers"},
    )
    for name in ("Sit", "Stay", "Heel"):
        call(db, ADMIN, "project.task", "create", {"name": name, "project_id": template})
    root = call(db, ADMIN, "product.category", "create", {"name": "Rental Equipment"})
    crates = call(db, ADMIN, "product.category", "create", {"name": "Crates", "parent_id": root})
    product = {"type": "consu", "is_storable": True, "sale_ok": True}
    crate = call(db, ADMIN, "product.product", "create",
                 {**product, "name": "Crate", "list_price": 10.0, "categ_id": crates})
    leash = call(db, ADMIN, "product.product", "create",
                 {**product, "name": "Leash", "list_price": 2.5, "categ_id": root})
    stock(db, crate, 2)
    stock(db, leash, 5)
    blog = call(db, ADMIN, "blog.blog", "create", {"name": "News"})
    db.bus.clear()
    return Booking(**vars(w), admin_staff=admin_staff, template=template, rental_category=root, crate=crate,
                   leash=leash, blog=blog)


@pytest.fixture
def b() -> Booking:
    return booking_world()


# ---------------------------------------------------------------------------------------------- access


def test_only_the_integration_group_and_access_rights_managers_may_call(b: Booking) -> None:
    a = b.partner(b.portal_a)
    for uid in (b.portal_a, b.trainer, b.internal):
        with pytest.raises(AccessError):
            b.run("create_dog", a, {"name": "Nope"}, uid=uid)
        with pytest.raises(AccessError):
            b.run("equipment_availability", [b.crate], "2026-12-01 09:00:00", "2026-12-02 09:00:00", uid=uid)
    assert b.run("create_dog", a, {"name": "Rights"}, uid=b.admin_staff)["ok"]
    assert b.run("create_dog", a, {"name": "Admin"}, uid=ADMIN)["ok"]
    with pytest.raises(PythonTypeError):
        b.run("create_dog", a)  # a missing argument is a TypeError, as on Odoo
    # the abstract model and the keys are no ORM tables for the integration account
    for model in (BOOKING, "customk9.idempotency"):
        with pytest.raises(AccessError):
            call(b.db, b.integration, model, "search", [])
    assert call(b.db, ADMIN, "customk9.idempotency", "search", []) == []


def test_standard_calendar_and_user_calendars_read_as_on_odoo(b: Booking) -> None:
    db = b.db
    cal = db.xmlid_to_res_id("resource.resource_calendar_std")
    [row] = call(db, ADMIN, "resource.calendar", "read", [cal], ["name", "tz", "attendance_ids"])
    assert row == {"id": cal, "name": "Standard 40 hours/week", "tz": "UTC", "attendance_ids": list(range(1, 16))}
    lines = call(
        db, ADMIN, "resource.calendar.attendance", "read", row["attendance_ids"][:3],
        ["name", "dayofweek", "hour_from", "hour_to", "day_period", "duration_hours"],
    )
    assert [(r["name"], r["dayofweek"], r["hour_from"], r["hour_to"], r["day_period"]) for r in lines] == [
        ("Monday Morning", "0", 8.0, 12.0, "morning"),
        ("Monday Lunch", "0", 12.0, 13.0, "lunch"),
        ("Monday Afternoon", "0", 13.0, 17.0, "afternoon"),
    ]
    assert [r["duration_hours"] for r in lines] == [4.0, 0.0, 4.0]
    assert call(db, ADMIN, "res.company", "read", [1], ["resource_calendar_id"])[0]["resource_calendar_id"] == [
        cal, "Standard 40 hours/week"
    ]
    users = call(db, ADMIN, "res.users", "read", [b.trainer, ADMIN], ["resource_calendar_id", "resource_ids"])
    assert [(u["resource_calendar_id"], u["resource_ids"]) for u in users] == [(False, []), (False, [])]
    # internal users read working hours, only Settings writes them
    assert call(db, b.integration, "resource.calendar", "search", []) == [cal]
    with pytest.raises(AccessError):
        call(db, b.integration, "resource.calendar", "write", [cal], {"tz": "Europe/Brussels"})
    with pytest.raises(AccessError):
        call(db, b.portal_a, "resource.calendar.attendance", "search", [])


# ---------------------------------------------------------------------------------------------- dogs


def test_create_dog(b: Booking) -> None:
    a = b.partner(b.portal_a)
    res = b.run(
        "create_dog", a,
        {"name": " Luna ", "breed": "Collie", "birth_date": "2024-02-29", "sex": "female", "weight_kg": 18.456,
         "notes": "Shy"},
    )
    assert res == {"ok": True, "dog_id": res["dog_id"]}
    [dog] = call(b.db, ADMIN, "customk9.dog", "read", [res["dog_id"]],
                 ["name", "owner_id", "breed", "birth_date", "sex", "weight_kg", "notes", "create_uid"])
    assert dog["name"] == "Luna" and dog["owner_id"][0] == a and dog["weight_kg"] == 18.46
    assert (dog["breed"], dog["birth_date"], dog["sex"], dog["notes"]) == ("Collie", "2024-02-29", "female", "Shy")
    assert dog["create_uid"][0] == b.integration
    assert b.run("create_dog", a, {"name": "Plain"})["ok"]
    before = b.snapshot()
    for values, field in (
        ({}, "name"),
        ({"name": "  "}, "name"),
        ({"name": "x" * 65}, "name"),
        ({"name": "Rex", "breed": "b" * 65}, "breed"),
        ({"name": "Rex", "notes": "n" * 2001}, "notes"),
        ({"name": "Rex", "birth_date": "2026-11-30"}, "birth_date"),
        ({"name": "Rex", "birth_date": "30/11/2020"}, "birth_date"),
        ({"name": "Rex", "sex": "other"}, "sex"),
        ({"name": "Rex", "weight_kg": 0}, "weight_kg"),
        ({"name": "Rex", "weight_kg": 120.5}, "weight_kg"),
        ({"name": "Rex", "weight_kg": "12"}, "weight_kg"),
        ({"name": "Rex", "owner_id": 3}, "owner_id"),
        ("Rex", "values"),
    ):
        res = b.run("create_dog", a, values)
        assert res["ok"] is False and res["code"] == "VALIDATION" and res["field"] == field, (values, res)
        assert isinstance(res["message"], str) and res["message"]
    assert b.run("create_dog", 999999, {"name": "Ghost"})["field"] == "partner_id"
    b.assert_unchanged(before)


# ---------------------------------------------------------------------------------------------- plans


def test_create_training_plan(b: Booking) -> None:
    db, a = b.db, b.partner(b.portal_a)
    res = b.run("create_training_plan", b.trainer, a, b.dog_a, b.template)
    plan = res["plan_id"]
    assert res == {"ok": True, "plan_id": plan}
    [row] = call(db, ADMIN, "project.project", "read", [plan],
                 ["name", "partner_id", "dog_id", "user_id", "privacy_visibility", "date_start",
                  "is_training_template", "task_ids"])
    assert row["name"] == "Rex: 6-week obedience" and row["partner_id"][0] == a and row["dog_id"][0] == b.dog_a
    assert row["user_id"][0] == b.trainer and row["privacy_visibility"] == "portal"
    assert row["date_start"] == "2026-11-29" and row["is_training_template"] is False
    tasks = call(db, ADMIN, "project.task", "read", row["task_ids"], ["name"])
    assert sorted(t["name"] for t in tasks) == ["Heel", "Sit", "Stay"]
    before = b.snapshot()
    plain = call(db, ADMIN, "project.project", "create", {"name": "Not a template"})
    before = b.snapshot()
    for args, code, field in (
        ((b.internal, a, b.dog_a, b.template), "NOT_FOUND", "trainerId"),
        ((b.portal_a, a, b.dog_a, b.template), "NOT_FOUND", "trainerId"),
        ((b.trainer, 999999, b.dog_a, b.template), "NOT_FOUND", "partner_id"),
        ((b.trainer, a, b.dog_b, b.template), "NOT_FOUND", "dog_id"),  # another client's dog
        ((b.trainer, a, 999999, b.template), "NOT_FOUND", "dog_id"),
        ((b.trainer, a, b.dog_a, plain), "NOT_FOUND", "template_id"),
        ((b.trainer, a, b.dog_a, plan), "NOT_FOUND", "template_id"),
    ):
        res = b.run("create_training_plan", *args)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (args, res)
    b.assert_unchanged(before)


def test_dogs_of_a_company_client_are_the_company_s(b: Booking) -> None:
    """``partner_id`` is the commercial partner: a contact's dog belongs to its company."""
    db = b.db
    company = call(db, ADMIN, "res.partner", "create", {"name": "Kennel Ltd", "is_company": True})
    contact = call(db, ADMIN, "res.partner", "create", {"name": "Kim", "parent_id": company})
    dog = call(db, ADMIN, "customk9.dog", "create", {"name": "Fido", "owner_id": contact})
    assert b.run("create_training_plan", b.trainer, company, dog, b.template)["ok"]
    assert b.run("create_training_plan", b.trainer, contact, dog, b.template)["ok"]  # taken as its company
    assert b.run("create_training_plan", b.trainer, b.partner(b.portal_a), dog, b.template)["code"] == "NOT_FOUND"


# ---------------------------------------------------------------------------------------------- idempotency


def keys(b: Booking) -> list[dict]:
    return call(b.db, ADMIN, "customk9.idempotency", "search_read", [], ["key", "operation", "owner", "result"])


def test_idempotency_same_request_answers_the_stored_result(b: Booking) -> None:
    db, a = b.db, b.partner(b.portal_a)
    first = b.run("create_dog", a, {"name": "Once"}, idempotency_key="key-0001")
    dogs = len(db.tables["customk9.dog"])
    again = b.run("create_dog", a, {"name": "Once"}, idempotency_key="key-0001")
    other_values = b.run("create_dog", a, {"name": "Different"}, idempotency_key="key-0001")
    assert first == again and other_values["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert len(db.tables["customk9.dog"]) == dogs
    [row] = keys(b)
    assert (row["key"], row["operation"], row["owner"]) == ("key-0001", "create_dog", f"partner:{a}")
    assert json.loads(row["result"]) == first
    # positional key too
    assert b.run("create_dog", a, {"name": "Pos"}, "key-0002")["ok"] and len(keys(b)) == 2
    # no key, False or "": no row
    for key in (False, None, ""):
        assert b.run("create_dog", a, {"name": "Free"}, idempotency_key=key)["ok"]
    assert len(keys(b)) == 2


def test_idempotency_key_reused_by_another_owner_or_operation(b: Booking) -> None:
    a, other = b.partner(b.portal_a), b.partner(b.portal_b)
    b.run("create_dog", a, {"name": "Once"}, idempotency_key="shared:key.1")
    before = b.snapshot()
    for res in (
        b.run("create_dog", other, {"name": "Once"}, idempotency_key="shared:key.1"),
        b.run("create_training_plan", b.trainer, a, b.dog_a, b.template, idempotency_key="shared:key.1"),
        b.run("create_rental", a, [{"product_id": b.leash, "quantity": 1}], "2026-12-01 09:00:00",
              "2026-12-02 09:00:00", idempotency_key="shared:key.1"),
    ):
        assert (res["ok"], res["code"], res["field"]) == (False, "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
    b.assert_unchanged(before)


def test_idempotency_key_reused_with_other_arguments(b: Booking) -> None:
    """The same key, owner and operation with other arguments is not a retry: refused, as the addon does."""
    a = b.partner(b.portal_a)
    first = b.run("create_dog", a, {"name": "Once"}, idempotency_key="dog-args-key-1")
    assert b.run("create_dog", a, {"name": "Once"}, idempotency_key="dog-args-key-1") == first
    before = b.snapshot()
    for values in ({"name": "Twice"}, {"name": "Once", "breed": "Pug"}):
        res = b.run("create_dog", a, values, idempotency_key="dog-args-key-1")
        assert (res["ok"], res["code"], res["field"]) == (False, "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
    b.assert_unchanged(before)
    start, end = "2026-12-01 09:00:00", "2026-12-02 09:00:00"
    rental = b.run("create_rental", a, [{"product_id": b.leash, "quantity": 1}], start, end,
                   idempotency_key="rent-args-key-1")
    assert rental["ok"]
    later = b.run("create_rental", a, [{"product_id": b.leash, "quantity": 1}], start, "2026-12-03 09:00:00",
                  idempotency_key="rent-args-key-1")
    assert later["code"] == "IDEMPOTENCY_KEY_REUSED"
    [row] = [r for r in b.db.tables["customk9.idempotency"].values() if r["key"] == "dog-args-key-1"]
    assert row["fingerprint"] == fingerprint({"partner_id": a, "values": {"name": "Once"}})
    row["fingerprint"] = False  # a key stored before fingerprints: matched on operation and owner only
    assert b.run("create_dog", a, {"name": "Twice"}, idempotency_key="dog-args-key-1") == first


def test_idempotency_key_format_and_failures_are_not_stored(b: Booking) -> None:
    a = b.partner(b.portal_a)
    before = b.snapshot()
    for key in ("short", "x" * 129, "has space!", "ünïcode-key", 12345678, ["list-key-1"]):
        res = b.run("create_dog", a, {"name": "K"}, idempotency_key=key)
        assert (res["code"], res["field"]) == ("VALIDATION", "idempotencyKey"), key
    b.assert_unchanged(before)
    assert b.run("create_dog", a, {"name": ""}, idempotency_key="retry-key-1")["code"] == "VALIDATION"
    assert keys(b) == []  # a failure is not stored: the retry runs for real
    assert b.run("create_dog", a, {"name": "Fixed"}, idempotency_key="retry-key-1")["ok"]
    assert [k["key"] for k in keys(b)] == ["retry-key-1"]
    assert b.run("create_dog", a, {"name": "x"}, idempotency_key="A" * 128)["ok"]


def test_idempotency_keys_are_forgotten_after_seven_days(b: Booking) -> None:
    a = b.partner(b.portal_a)
    b.run("create_dog", a, {"name": "Old"}, idempotency_key="old-key-1")
    db = b.db
    [kid] = list(db.tables["customk9.idempotency"])
    db.tables["customk9.idempotency"][kid]["create_date"] = "2026-11-21 11:00:00"
    b.run("create_dog", a, {"name": "New"}, idempotency_key="new-key-1")
    assert gc(db) == 1 and [k["key"] for k in keys(b)] == ["new-key-1"]
    second = b.run("create_dog", a, {"name": "Old"}, idempotency_key="old-key-1")
    assert second["ok"] and len(keys(b)) == 2


# ---------------------------------------------------------------------------------------------- staff


def test_move_task(b: Booking) -> None:
    db, a = b.db, b.partner(b.portal_a)
    plan = b.run("create_training_plan", b.trainer, a, b.dog_a, b.template)["plan_id"]
    stages = [call(db, ADMIN, "project.task.type", "create", {"name": n, "project_ids": [(4, plan)]})
              for n in ("To do", "Done")]
    outside = call(db, ADMIN, "project.task.type", "create", {"name": "Elsewhere"})
    task = db.value("project.project", plan, "task_ids")[0]
    assert b.run("move_task", b.trainer, task, stages[1]) == {"ok": True, "task_id": task}
    assert db.tables["project.task"][task]["stage_id"] == stages[1]
    assert b.run("move_task", b.admin_staff, task, stages[0])["ok"]  # an administrator moves any task
    other_trainer = make_user(db, "ck9_trainer2", "customk9.group_customk9_trainer")
    before = b.snapshot()
    for args, code, field in (
        ((other_trainer, task, stages[1]), "NOT_FOUND", "task_id"),  # a plan it does not lead
        ((b.trainer, 999999, stages[1]), "NOT_FOUND", "task_id"),
        ((b.internal, task, stages[1]), "NOT_FOUND", "trainerId"),
        ((b.trainer, task, outside), "VALIDATION", "stage_id"),
        ((b.trainer, task, 999999), "VALIDATION", "stage_id"),
    ):
        res = b.run("move_task", *args)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (args, res)
    b.assert_unchanged(before)


def test_move_task_reopens_dates_and_refuses_archived_tasks_as_odoo_does(b: Booking) -> None:
    """Checked on the real addon: a stage change reopens an open task, a folded stage sets date_end, and an
    archived task answers NOT_FOUND."""
    db, a = b.db, b.partner(b.portal_a)
    plan = b.run("create_training_plan", b.trainer, a, b.dog_a, b.template)["plan_id"]
    todo = call(db, ADMIN, "project.task.type", "create", {"name": "To do", "project_ids": [(4, plan)]})
    done = call(db, ADMIN, "project.task.type", "create", {"name": "Done", "fold": True, "project_ids": [(4, plan)]})
    task = db.value("project.project", plan, "task_ids")[0]
    call(db, ADMIN, "project.task", "write", [task], {"state": "02_changes_requested"})
    assert b.run("move_task", b.trainer, task, done)["ok"]
    row = db.tables["project.task"][task]
    assert row["state"] == "01_in_progress" and row["date_end"]
    call(db, ADMIN, "project.task", "write", [task], {"active": False})
    res = b.run("move_task", b.trainer, task, todo)
    assert (res["ok"], res["code"], res["field"]) == (False, "NOT_FOUND", "task_id")


def test_posts_and_tags(b: Booking) -> None:
    db = b.db
    tag = b.run("create_blog_tag", b.trainer, " winter ")
    assert tag == {"ok": True, "tag_id": tag["tag_id"]} and db.value("blog.tag", tag["tag_id"], "name") == "winter"
    res = b.run("create_post", b.trainer,
                {"name": "Winter hours", "content": "<p>Hi</p>", "blog_id": b.blog, "tag_ids": [tag["tag_id"]]},
                idempotency_key="post-key-1")
    post = res["post_id"]
    again = b.run("create_post", b.trainer,
                  {"name": "Winter hours", "content": "<p>Hi</p>", "blog_id": b.blog, "tag_ids": [tag["tag_id"]]},
                  idempotency_key="post-key-1")
    assert again == res and keys(b)[0]["owner"] == f"user:{b.trainer}"
    [row] = call(db, ADMIN, "blog.post", "read", [post], ["is_published", "author_id", "tag_ids", "published_date"])
    assert row["is_published"] is False and row["author_id"][0] == b.partner(b.trainer)
    assert row["tag_ids"] == [tag["tag_id"]]
    assert b.run("set_post_published", b.trainer, post, True) == {"ok": True, "post_id": post}
    [row] = call(db, ADMIN, "blog.post", "read", [post], ["is_published", "published_date", "post_date"])
    assert row == {"id": post, "is_published": True, "published_date": "2026-11-29 12:00:00",
                   "post_date": "2026-11-29 12:00:00"}
    assert b.run("set_post_published", b.admin_staff, post, False)["ok"]
    assert db.tables["blog.post"][post]["is_published"] is False
    before = b.snapshot()
    for method, args, code, field in (
        ("create_blog_tag", (b.trainer, "Winter"), "VALIDATION", "name"),
        ("create_blog_tag", (b.trainer, " "), "VALIDATION", "name"),
        ("create_blog_tag", (b.trainer, "t" * 65), "VALIDATION", "name"),
        ("create_blog_tag", (b.internal, "new"), "NOT_FOUND", "user_id"),
        ("create_post", (b.trainer, {"name": "", "blog_id": b.blog}), "VALIDATION", "name"),
        ("create_post", (b.trainer, {"name": "t" * 129, "blog_id": b.blog}), "VALIDATION", "name"),
        ("create_post", (b.trainer, {"name": "T", "subtitle": "s" * 257, "blog_id": b.blog}), "VALIDATION", "subtitle"),
        ("create_post", (b.trainer, {"name": "T", "blog_id": b.blog, "is_published": True}), "VALIDATION",
         "is_published"),
        ("create_post", (b.trainer, {"name": "T"}), "NOT_FOUND", "blog_id"),
        ("create_post", (b.trainer, {"name": "T", "blog_id": 999999}), "NOT_FOUND", "blog_id"),
        ("create_post", (b.trainer, {"name": "T", "blog_id": b.blog, "tag_ids": [999999]}), "NOT_FOUND", "tag_ids"),
        ("create_post", (b.portal_a, {"name": "T", "blog_id": b.blog}), "NOT_FOUND", "user_id"),
        ("set_post_published", (b.trainer, 999999, True), "NOT_FOUND", "post_id"),
    ):
        res = b.run(method, *args)
        assert (res["ok"], res["code"], res["field"]) == (False, code, field), (method, args, res)
    b.assert_unchanged(before)
