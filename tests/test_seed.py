"""The seed routine: what it creates, and that it refuses a database that already holds it."""

from __future__ import annotations

import pytest

from bff.odoo_client import OdooClient
from demo_data.seed import SeedError, seed
from tests.conftest import ADMIN, DB, DemoOdoo


async def test_seed_creates_the_demo_data(demo_odoo: DemoOdoo) -> None:
    db, seeded = demo_odoo.db, demo_odoo.seeded

    def count(model: str, domain: list) -> int:
        return db.execute(1, model, "search_count", [domain], {})

    assert set(seeded.clients) == {"dana@customk9.demo", "omar@customk9.demo", "lea@customk9.demo"}
    assert set(seeded.trainers) == {"trainer@customk9.demo", "marco@customk9.demo"}
    assert set(seeded.managers) == {"manager@customk9.demo"}
    for login in (*seeded.clients, *seeded.trainers, *seeded.managers):
        assert db.authenticate(login, "demo") > 0
    manager = db.user_groups(seeded.managers["manager@customk9.demo"])
    assert {"customk9.group_customk9_manager", "customk9.group_customk9_trainer"} <= manager
    assert not {"base.group_erp_manager", "base.group_system"} & manager  # a manager is no Odoo admin
    for login in seeded.trainers:  # the demo trainers stay plain trainers
        assert "customk9.group_customk9_manager" not in db.user_groups(seeded.trainers[login])
    assert "base.group_portal" in db.user_groups(seeded.clients["dana@customk9.demo"])
    assert "base.group_user" in db.user_groups(seeded.trainers["trainer@customk9.demo"])
    assert count("event.event", []) >= 12 and count("event.type", []) >= 3
    assert count("event.registration", []) > 0
    assert count("blog.post", [("is_published", "=", False)]) >= 2 and len(seeded.posts) == 10
    assert len(seeded.equipment) == 6
    assert count("project.task", [("project_id", "in", list(seeded.plans.values()))]) == 12
    stages = {row["stage_id"][1] for row in db.execute(1, "project.task", "search_read", [[]],
                                                       {"fields": ["stage_id"]})}
    assert {"To do", "In progress", "Done"} <= stages
    starts = [row["start"] for row in db.execute(1, "calendar.event", "search_read", [[]], {"fields": ["start"]})]
    assert min(starts) < max(starts) and len(starts) == 7


async def test_seed_refuses_a_database_that_holds_it(demo_odoo: DemoOdoo) -> None:
    async with OdooClient(url=demo_odoo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as admin:
        before = await admin.search_count("res.partner", [])
        with pytest.raises(SeedError):
            await seed(admin)
        assert await admin.search_count("res.partner", []) == before
