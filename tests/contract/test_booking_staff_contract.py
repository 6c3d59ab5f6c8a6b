"""The staff methods of the booking API (``customk9.booking``, docs/booking-api.md "Staff methods") over JSON-RPC.

``move_task``, ``create_post``, ``set_post_published`` and ``create_blog_tag`` called by a fresh integration
user on behalf of a trainer or an administrator the test creates, on the emulator and on a real Odoo 18 with
the addon (skipped when ``customk9`` is not installed). Every test makes its own stages, plans, tasks, blog
and tags under a unique name and removes them afterwards (idempotency rows included).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from .conftest import Cleanup, Target
from .rpc import OdooRpc
from .test_booking_contract import TRAINER, Booking, assert_refused
from .test_customk9_addon import INTEGRATION, Addon, User, error_of

pytestmark = pytest.mark.contract

ADMINISTRATOR = (("base", "group_erp_manager"), ("base", "group_user"))


@dataclass
class Staff:
    booking: Booking
    trainer: User  # leads ``plan``
    other_trainer: User  # leads ``other_plan``
    administrator: User
    stages: list[int]  # the plans' stages
    foreign_stage: int  # a stage of no plan
    plan: int
    task: int
    other_plan: int
    other_task: int
    blog: int

    @property
    def admin(self) -> OdooRpc:
        return self.booking.addon.admin

    @property
    def unique(self) -> str:
        return self.booking.addon.unique

    async def read(self, model: str, rid: int, fields: list[str]) -> dict:
        [row] = await self.admin.call_kw(model, "read", [[rid], fields], {"context": {"active_test": False}})
        return row


@pytest.fixture
async def staff(target: Target, admin: OdooRpc, cleanup: Cleanup, unique: str) -> AsyncIterator[Staff]:
    found = await admin.call_kw(
        "ir.module.module", "search_read", [[["name", "=", "customk9"]]], {"fields": ["state"]}
    )
    if not found or found[0]["state"] != "installed":
        pytest.skip("the target Odoo does not have the customk9 addon installed")
    addon = Addon(target, admin, cleanup, unique, [])
    bff = await addon.user("bff", INTEGRATION)
    booking = Booking(addon, bff, 0, 0)
    trainer = await addon.user("trainer", TRAINER)
    other_trainer = await addon.user("trainer two", TRAINER)
    administrator = await addon.user("administrator", *ADMINISTRATOR)
    stages = [await cleanup.create("project.task.type", {"name": f"{unique} {name}", "sequence": seq})
              for seq, name in enumerate(("To do", "Doing", "Done"))]
    foreign_stage = await cleanup.create("project.task.type", {"name": f"{unique} elsewhere", "sequence": 9})
    plans, tasks = [], []
    for lead in (trainer, other_trainer):
        plan = await cleanup.create("project.project", {
            "name": f"{unique} plan of {lead.login}", "user_id": lead.uid, "type_ids": [[6, 0, stages]]})
        plans.append(plan)
        tasks.append(await cleanup.create("project.task", {
            "name": f"{unique} recall", "project_id": plan, "stage_id": stages[0]}))
    blog = await cleanup.create("blog.blog", {"name": f"{unique} blog"})
    yield Staff(booking, trainer, other_trainer, administrator, stages, foreign_stage, plans[0], tasks[0],
                plans[1], tasks[1], blog)
    for rpc in addon.clients:
        await rpc.close()


async def test_access(staff: Staff) -> None:
    """Only the integration account (and Access Rights managers) call the API; staff act through it."""
    for method, args in (
        ("move_task", [staff.trainer.uid, staff.task, staff.stages[1]]),
        ("create_post", [staff.trainer.uid, {"name": "x", "blog_id": staff.blog}]),
        ("create_blog_tag", [staff.trainer.uid, f"{staff.unique} sneaky"]),
    ):
        error = await error_of(staff.trainer.client, "customk9.booking", method, args)
        assert error.name == "odoo.exceptions.AccessError"
    booking = staff.booking
    for user_id in (booking.bff.uid, 999999999):  # the integration user is no staff member
        assert_refused(await booking("move_task", user_id, staff.task, staff.stages[1]), "NOT_FOUND", "trainerId")
        assert_refused(await booking("create_post", user_id, {"name": "x", "blog_id": staff.blog}), "NOT_FOUND",
                       "user_id")
        assert_refused(await booking("set_post_published", user_id, 1, True), "NOT_FOUND", "user_id")
        assert_refused(await booking("create_blog_tag", user_id, f"{staff.unique} x"), "NOT_FOUND", "user_id")


async def test_move_task(staff: Staff) -> None:
    booking = staff.booking
    result = await booking("move_task", staff.trainer.uid, staff.task, staff.stages[1])
    assert result == {"ok": True, "task_id": staff.task}
    assert (await staff.read("project.task", staff.task, ["stage_id"]))["stage_id"][0] == staff.stages[1]
    # same stage again: ok
    assert await booking("move_task", staff.trainer.uid, staff.task, staff.stages[1]) == result

    # another trainer's task answers exactly like a missing one
    other = await booking("move_task", staff.trainer.uid, staff.other_task, staff.stages[2])
    assert_refused(other, "NOT_FOUND", "task_id")
    assert other == await booking("move_task", staff.trainer.uid, 999999999, staff.stages[2])
    assert_refused(await booking("move_task", staff.trainer.uid, staff.task, staff.foreign_stage), "VALIDATION",
                   "stage_id")
    assert_refused(await booking("move_task", staff.trainer.uid, staff.task, 999999999), "VALIDATION", "stage_id")
    assert (await staff.read("project.task", staff.task, ["stage_id"]))["stage_id"][0] == staff.stages[1]
    assert (await staff.read("project.task", staff.other_task, ["stage_id"]))["stage_id"][0] == staff.stages[0]

    # an administrator moves any plan's task
    result = await booking("move_task", staff.administrator.uid, staff.other_task, staff.stages[2])
    assert result == {"ok": True, "task_id": staff.other_task}
    assert (await staff.read("project.task", staff.other_task, ["stage_id"]))["stage_id"][0] == staff.stages[2]


async def test_posts(staff: Staff) -> None:
    booking, unique = staff.booking, staff.unique
    tag = await booking.cleanup.create("blog.tag", {"name": f"{unique} recall"})
    values = {"name": f" {unique} Recall in 5 steps ", "subtitle": "Short", "content": "<p>Call, reward.</p>",
              "blog_id": staff.blog, "tag_ids": [tag]}
    result = await booking("create_post", staff.trainer.uid, values)
    assert set(result) == {"ok", "post_id"} and result["ok"] is True
    post = result["post_id"]
    booking.cleanup.add("blog.post", post)
    row = await staff.read("blog.post", post, ["name", "subtitle", "content", "blog_id", "tag_ids", "author_id",
                                               "is_published", "published_date", "post_date", "create_date"])
    assert (row["name"], row["subtitle"], row["blog_id"][0], row["tag_ids"]) == (
        f"{unique} Recall in 5 steps", "Short", staff.blog, [tag])
    assert "Call, reward." in row["content"]
    assert row["author_id"][0] == staff.trainer.partner_id
    assert row["is_published"] is False and row["published_date"] is False
    assert row["post_date"] == row["create_date"]

    for bad, code, field in (
        ({"name": "", "blog_id": staff.blog}, "VALIDATION", "name"),
        ({"name": "x" * 129, "blog_id": staff.blog}, "VALIDATION", "name"),
        ({"name": "x", "subtitle": "s" * 257, "blog_id": staff.blog}, "VALIDATION", "subtitle"),
        ({"name": "x", "blog_id": staff.blog, "is_published": True}, "VALIDATION", "is_published"),
        ({"name": "x"}, "NOT_FOUND", "blog_id"),
        ({"name": "x", "blog_id": 999999999}, "NOT_FOUND", "blog_id"),
        ({"name": "x", "blog_id": staff.blog, "tag_ids": [999999999]}, "NOT_FOUND", "tag_ids"),
    ):
        assert_refused(await booking("create_post", staff.trainer.uid, bad), code, field)
    assert await staff.admin.call_kw("blog.post", "search_count", [[["blog_id", "=", staff.blog]]]) == 1

    key = f"contract-{uuid.uuid4().hex}"
    once = {"name": f"{unique} Once", "blog_id": staff.blog}
    first = await booking("create_post", staff.administrator.uid, once, idempotency_key=key)
    await booking.forget_keys(key)
    booking.cleanup.add("blog.post", first["post_id"])
    assert await booking("create_post", staff.administrator.uid, once, idempotency_key=key) == first
    assert await staff.admin.call_kw("blog.post", "search_count", [[["name", "=", f"{unique} Once"]]]) == 1
    assert_refused(await booking("create_post", staff.trainer.uid, once, idempotency_key=key),
                   "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
    assert (await staff.read("blog.post", first["post_id"], ["author_id"]))["author_id"][0] == (
        staff.administrator.partner_id)

    # publishing (any staff member) stamps published_date, unpublishing clears it
    published = await booking("set_post_published", staff.other_trainer.uid, post, True)
    assert published == {"ok": True, "post_id": post}
    row = await staff.read("blog.post", post, ["is_published", "published_date", "post_date", "create_date"])
    assert row["is_published"] is True and row["published_date"] >= row["create_date"]
    assert row["post_date"] == row["published_date"]
    assert await booking("set_post_published", staff.trainer.uid, post, False) == {"ok": True, "post_id": post}
    row = await staff.read("blog.post", post, ["is_published", "published_date", "post_date", "create_date"])
    assert row["is_published"] is False and row["published_date"] is False
    assert row["post_date"] == row["create_date"]
    assert_refused(await booking("set_post_published", staff.trainer.uid, 999999999, True), "NOT_FOUND", "post_id")


async def test_blog_tags(staff: Staff) -> None:
    booking, unique = staff.booking, staff.unique
    result = await booking("create_blog_tag", staff.trainer.uid, f"  {unique} agility ")
    assert set(result) == {"ok", "tag_id"} and result["ok"] is True
    booking.cleanup.add("blog.tag", result["tag_id"])
    assert (await staff.read("blog.tag", result["tag_id"], ["name"]))["name"] == f"{unique} agility"
    for name in (f"{unique} agility", f"{unique} AGILITY".upper(), "", "   ", "t" * 65):
        assert_refused(await booking("create_blog_tag", staff.trainer.uid, name), "VALIDATION", "name")
    assert await staff.admin.call_kw("blog.tag", "search_count", [[["name", "ilike", unique]]]) == 1

    key = f"contract-{uuid.uuid4().hex}"
    first = await booking("create_blog_tag", staff.administrator.uid, f"{unique} health", idempotency_key=key)
    await booking.forget_keys(key)
    booking.cleanup.add("blog.tag", first["tag_id"])
    again = await booking("create_blog_tag", staff.administrator.uid, f"{unique} health", idempotency_key=key)
    assert again == first  # the stored answer, not "exists already"
    assert_refused(await booking("create_blog_tag", staff.trainer.uid, f"{unique} health", idempotency_key=key),
                   "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
