"""bff/policy.py: its table names every scope the code has, and every scope treats each role as the table says.

Walks ``Scope``'s methods, so a new resource fails here until it has a row, and a role that slips into
"everything" (an empty domain) where the table says otherwise fails too.
"""

from __future__ import annotations

import inspect

import bff.policy
from bff.auth.viewer import ANONYMOUS, Role, Viewer
from bff.policy import NOTHING, Scope

VIEWERS = {
    Role.CLIENT: Viewer(Role.CLIENT, user_id=7, partner_id=8, commercial_partner_id=9),
    Role.TRAINER: Viewer(Role.TRAINER, user_id=5, partner_id=6, commercial_partner_id=6),
    Role.MANAGER: Viewer(Role.MANAGER, user_id=3, partner_id=4, commercial_partner_id=4),
    Role.ADMIN: Viewer(Role.ADMIN, user_id=2, partner_id=3, commercial_partner_id=1),
}
NOT_IN_SCOPE = {"documents"}  # a row of its own, built from the others by bff.documents


def scope_methods() -> list[str]:
    return sorted(name for name, member in inspect.getmembers(Scope, inspect.isfunction) if not name.startswith("_"))


def table_resources() -> set[str]:
    rows = [line for line in (bff.policy.__doc__ or "").splitlines() if line.startswith("| ")]
    return {label.strip() for row in rows[1:] for label in row.split("|")[1].split(",")}


def test_the_table_has_a_row_for_every_scope_and_no_other() -> None:
    methods = {name.replace("_", " ") for name in scope_methods()}
    assert methods == table_resources() - NOT_IN_SCOPE


def test_every_scope_by_role() -> None:
    for name in scope_methods():
        domains = {role: getattr(Scope(viewer), name)() for role, viewer in VIEWERS.items()}
        assert getattr(Scope(ANONYMOUS), name)() == NOTHING, name
        assert domains[Role.MANAGER] == domains[Role.ADMIN], name  # "all" for CustomK9 resources
        for role in (Role.CLIENT, Role.TRAINER):  # never unrestricted: only managers and admins see all
            assert domains[role] != [], (name, role)


def test_a_trainer_reaches_dogs_and_clients_through_the_addons_definition() -> None:
    trainer = Scope(VIEWERS[Role.TRAINER])
    assert trainer.dogs() == [("owner_id.customk9_trainer_ids", "in", [5])]
    assert trainer.clients() == [("user_ids.share", "=", True), ("customk9_trainer_ids", "in", [5])]
    assert trainer.client_partners() == trainer.clients()
