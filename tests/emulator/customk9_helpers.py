"""Shared set-up of the CustomK9 addon tests: a database with the addon, users of each kind, dogs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from odoo_emulator.database import Database

NOW = datetime(2026, 11, 29, 12, 0, 0)
ADMIN = 2


def call(db: Database, uid: int, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
    return db.execute(uid, model, method, list(args), kwargs)


def make_user(db: Database, login: str, *groups: str, **vals: Any) -> int:
    ids = [db.xmlid_to_res_id(g) for g in groups]
    values = {"name": login.title(), "login": login, "password": f"{login}-pw", "groups_id": [(6, 0, ids)], **vals}
    return call(db, ADMIN, "res.users", "create", values)


@dataclass
class World:
    db: Database
    portal_a: int
    portal_b: int
    trainer: int
    integration: int
    internal: int
    dog_a: int
    dog_a2: int
    dog_b: int
    trainer_b: int = 0
    manager: int = 0

    def partner(self, uid: int) -> int:
        return self.db.user_partner_id(uid)


def make_world(now: datetime = NOW) -> World:
    """The addon's own test fixture (tests/common.py of the addon), plus a plain internal user."""
    db = Database(now=lambda: now)
    portal_a = make_user(db, "ck9_portal_a", "base.group_portal")
    portal_b = make_user(db, "ck9_portal_b", "base.group_portal")
    trainer = make_user(db, "ck9_trainer", "customk9.group_customk9_trainer")
    integration = make_user(db, "ck9_bff", "customk9.group_customk9_integration")
    internal = make_user(db, "ck9_staff", "base.group_user", "project.group_project_user")
    a, b = db.user_partner_id(portal_a), db.user_partner_id(portal_b)
    dog_a = call(db, ADMIN, "customk9.dog", "create", {"name": "Rex", "owner_id": a, "breed": "Malinois"})
    dog_a2 = call(db, ADMIN, "customk9.dog", "create", {"name": "Bella", "owner_id": a, "sex": "female"})
    dog_b = call(db, ADMIN, "customk9.dog", "create", {"name": "Max", "owner_id": b})
    trainer_b = make_user(db, "ck9_trainer_b", "customk9.group_customk9_trainer")
    manager = make_user(db, "ck9_manager", "customk9.group_customk9_manager")
    db.reset_bus()
    return World(db, portal_a, portal_b, trainer, integration, internal, dog_a, dog_a2, dog_b, trainer_b, manager)
