"""What the bench needs in Odoo, created through JSON-RPC as an administrator, so the same code serves the
emulator and a real Odoo: 50 published upcoming events (each with a category, 2 tags and 2 tickets) and a
training plan of 30 tasks for the demo client Dana (seeded by ``bff seed``).

Every record it creates carries ``MARK`` in its name; ``remove`` unlinks them (on a real Odoo, at the end of
the run), and ``create`` first removes what an interrupted earlier run left behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bff.odoo_client import OdooClient
from bff.odoo_values import format_datetime

MARK = "[bench]"
DANA = "dana@customk9.demo"
EVENTS = 50
TASKS = 30
# Unlinked in this order: children before what they point to.
MODELS = ("project.task", "project.project", "event.event", "event.tag", "event.tag.category", "event.type",
          "product.product")
ARCHIVABLE = frozenset({"project.task", "project.project", "event.event", "product.product"})


@dataclass
class Subject:
    """The records the pages are about: Dana's commercial partner, the bench's plan, and "now" for domains."""

    owner: int
    plan: int
    now: str


async def remove(admin: OdooClient) -> int:
    """Unlink every record a bench run created (found by ``MARK``); the number removed."""
    removed = 0
    for model in MODELS:
        domain = [("name", "like", MARK)]
        if model in ARCHIVABLE:
            domain = ["|", ("active", "=", False), ("active", "=", True), *domain]
        ids = await admin.search(model, domain)
        if ids:
            await admin.unlink(model, ids)
            removed += len(ids)
    return removed


async def create(admin: OdooClient) -> Subject:
    await remove(admin)
    now = datetime.now(UTC).replace(microsecond=0)
    [user] = await admin.search_read("res.users", [("login", "=", DANA)], fields=["partner_id"])
    [partner] = await admin.read("res.partner", [user["partner_id"][0]], fields=["commercial_partner_id"])
    owner = partner["commercial_partner_id"][0]
    await _events(admin, now)
    plan = await _plan(admin, owner, now)
    return Subject(owner=owner, plan=plan, now=format_datetime(now))


async def _events(admin: OdooClient, now: datetime) -> None:
    category = await admin.create("event.type", {"name": f"{MARK} workshops"})
    group = await admin.create("event.tag.category", {"name": f"{MARK} tags"})
    tags = [await admin.create("event.tag", {"name": f"{MARK} tag {i}", "category_id": group}) for i in range(4)]
    product = await admin.create("product.product", {"name": f"{MARK} seat", "type": "service",
                                                     "service_tracking": "event", "list_price": 0.0})
    for i in range(EVENTS):
        begin = now + timedelta(days=20 + i // 4, hours=i % 4)
        await admin.create("event.event", {
            "name": f"{MARK} event {i:02d}", "event_type_id": category, "is_published": True,
            "tag_ids": [(6, 0, [tags[i % 4], tags[(i + 1) % 4]])],
            "date_begin": format_datetime(begin), "date_end": format_datetime(begin + timedelta(hours=2)),
            "event_ticket_ids": [(0, 0, {"name": f"{MARK} standard", "price": 25.0, "product_id": product}),
                                 (0, 0, {"name": f"{MARK} with dog", "price": 40.0, "product_id": product})],
        })


async def _plan(admin: OdooClient, owner: int, now: datetime) -> int:
    """A plan for one of Dana's dogs, with the trainer and stages of one of her seeded plans."""
    dogs = await admin.search("customk9.dog", [("owner_id", "child_of", owner)], limit=1)
    model = await admin.search_read("project.project", [("partner_id", "child_of", owner)], limit=1,
                                    fields=["user_id", "type_ids"])
    trainer = model[0]["user_id"][0] if model and model[0]["user_id"] else False
    stages = model[0]["type_ids"] if model else []
    plan = await admin.create("project.project", {
        "name": f"{MARK} 30-task plan", "partner_id": owner, "user_id": trainer, "dog_id": dogs[0] if dogs else False,
        "privacy_visibility": "portal", "type_ids": [(6, 0, stages)], "date_start": now.date().isoformat(),
        "date": (now + timedelta(days=90)).date().isoformat()})
    for i in range(TASKS):
        stage = stages[i % len(stages)] if stages else False
        await admin.create("project.task", {
            "name": f"{MARK} task {i:02d}", "project_id": plan, "stage_id": stage, "sequence": i,
            "partner_id": owner, "date_deadline": format_datetime(now + timedelta(days=i + 1)),
            "state": "1_done" if stages and stage == stages[-1] else "01_in_progress"})
    return plan
