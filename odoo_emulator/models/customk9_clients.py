"""``res.partner.customk9_trainer_ids`` of the CustomK9 addon: who trains whom (``odoo_addons/customk9/models/
res_partner.py`` holds the definition; this is its double).

A trainer's clients are the commercial partners of the customers of the non-template, active training plans
the trainer leads and of the attendees (staff excluded) of the sessions the trainer organises; a partner
belongs to a client when its commercial partner is one. The field is computed and searchable (``in`` or
``=`` user ids), and the search runs on every query, as on Odoo, so a new plan widens a trainer's scope at
once. The trainer record rule on ``customk9.dog`` (``odoo_emulator.access``) and the BFF's policy use it.
"""

from __future__ import annotations

from typing import Any

FIELD = "customk9_trainer_ids"


def _commercial(db: Any, partner: int) -> int:
    value = db.value("res.partner", partner, "commercial_partner_id")
    return value or partner


def _is_staff(db: Any, partner: int) -> bool:
    return any("base.group_user" in db.user_groups(uid) for uid in db.value("res.partner", partner, "user_ids"))


def _attendees(db: Any, sessions: list[int]) -> set[int]:
    partners = {p for s in sessions for p in db.value("calendar.event", s, "partner_ids") or ()}
    return {p for p in partners if not _is_staff(db, p)}


def clients_of(db: Any, user_ids: list[int]) -> set[int]:
    """Commercial partners trained by any of ``user_ids``."""
    plans = db.sudo_search("project.project", [("user_id", "in", user_ids), ("is_training_template", "=", False)])
    customers = {db.value("project.project", p, "partner_id") for p in plans} - {False}
    sessions = db.sudo_search("calendar.event", [("user_id", "in", user_ids)])
    return {_commercial(db, p) for p in customers | _attendees(db, sessions)}


def _compute(db: Any, rec: dict) -> list[int]:
    commercial = _commercial(db, rec["id"])
    plans = db.sudo_search("project.project", [("is_training_template", "=", False)])
    leaders = {db.value("project.project", p, "user_id") for p in plans
               if _commercial(db, db.value("project.project", p, "partner_id") or 0) == commercial}
    organisers = {db.value("calendar.event", s, "user_id") for s in db.sudo_search("calendar.event", [])
                  if commercial in {_commercial(db, p) for p in _attendees(db, [s])}}
    return sorted((leaders | organisers) - {False})


def _search(db: Any, operator: str, value: Any) -> list:
    if operator not in ("in", "="):
        raise NotImplementedError(f"{FIELD} supports 'in' and '=', not {operator!r}")
    users = [int(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v]
    return [("commercial_partner_id", "in", sorted(clients_of(db, users)))]


def setup(reg: Any) -> None:
    reg["res.partner"].set(FIELD, type="many2many", relation="res.users", store=False, string="CustomK9 trainers",
                           compute=_compute, search=_search)
