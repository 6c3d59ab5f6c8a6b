"""CustomK9 addon: trainers see the dogs of their own clients, managers every dog (``customk9_rules.xml``),
through ``res.partner.customk9_trainer_ids`` (the one definition of a trainer's clients)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from customk9_helpers import ADMIN, World, call, make_world

from odoo_emulator.exceptions import AccessError


@pytest.fixture
def w() -> World:
    return make_world()


def train(w: World, trainer: int, partner: int, *, plan: bool = True, template: bool = False) -> int:
    """Make ``partner`` a client of ``trainer``: a plan they lead, or a session they organise."""
    if plan:
        return call(w.db, ADMIN, "project.project", "create", {
            "name": "Plan", "partner_id": partner, "user_id": trainer, "is_training_template": template})
    start = datetime(2030, 1, 7, 9, 0)
    return call(w.db, ADMIN, "calendar.event", "create", {
        "name": "Session", "start": start.strftime("%Y-%m-%d %H:%M:%S"),
        "stop": (start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"), "user_id": trainer,
        "partner_ids": [(6, 0, [partner, w.partner(trainer)])]})


def dogs(w: World, uid: int) -> list[int]:
    return sorted(call(w.db, uid, "customk9.dog", "search", []))


def test_a_trainer_sees_and_edits_the_dogs_of_their_clients_only(w: World) -> None:
    db = w.db
    assert dogs(w, w.trainer) == []
    with pytest.raises(AccessError):
        call(db, w.trainer, "customk9.dog", "read", [w.dog_a], ["name"])
    train(w, w.trainer, w.partner(w.portal_a))
    train(w, w.trainer_b, w.partner(w.portal_b), plan=False)
    assert dogs(w, w.trainer) == sorted([w.dog_a, w.dog_a2])  # at once: nothing is frozen in a cache
    assert dogs(w, w.trainer_b) == [w.dog_b]
    assert call(db, w.trainer, "customk9.dog", "search_count", [("id", "=", w.dog_b)]) == 0
    for method, args in (("read", ([w.dog_b], ["name"])), ("write", ([w.dog_b], {"weight_kg": 31.5})),
                         ("create", ({"name": "Sneaky", "owner_id": w.partner(w.portal_b)},))):
        with pytest.raises(AccessError):
            call(db, w.trainer, "customk9.dog", method, *args)
    call(db, w.trainer, "customk9.dog", "write", [w.dog_a], {"weight_kg": 31.5})
    luna = call(db, w.trainer, "customk9.dog", "create", {"name": "Luna", "owner_id": w.partner(w.portal_a)})
    assert luna in dogs(w, w.trainer)


def test_clients_are_commercial_partners_staff_and_templates_excluded(w: World) -> None:
    db = w.db
    club = call(db, ADMIN, "res.partner", "create", {"name": "K9 Club", "is_company": True})
    call(db, ADMIN, "res.partner", "write", [w.partner(w.portal_b)], {"parent_id": club})
    club_dog = call(db, ADMIN, "customk9.dog", "create", {"name": "Clubby", "owner_id": club})
    train(w, w.trainer, w.partner(w.portal_b), plan=False)  # a contact attends: the club is the client
    assert dogs(w, w.trainer) == sorted([w.dog_b, club_dog])
    clients = call(db, ADMIN, "res.partner", "search", [("customk9_trainer_ids", "in", [w.trainer])])
    assert club in clients and w.partner(w.portal_b) in clients
    assert w.partner(w.trainer) not in clients and w.partner(w.portal_a) not in clients
    [row] = call(db, ADMIN, "res.partner", "read", [club], ["customk9_trainer_ids"])
    assert row["customk9_trainer_ids"] == [w.trainer]
    train(w, w.trainer_b, w.partner(w.portal_a), template=True)
    assert dogs(w, w.trainer_b) == []  # a template plan trains nobody
    with pytest.raises(Exception, match="supports"):
        call(db, ADMIN, "res.partner", "search", [("customk9_trainer_ids", "not in", [w.trainer])])


def test_a_manager_sees_every_dog_and_is_not_an_admin(w: World) -> None:
    db = w.db
    assert "customk9.group_customk9_trainer" in db.user_groups(w.manager)
    assert "base.group_erp_manager" not in db.user_groups(w.manager)
    assert dogs(w, w.manager) == sorted([w.dog_a, w.dog_a2, w.dog_b])
    call(db, w.manager, "customk9.dog", "write", [w.dog_b], {"weight_kg": 29.0})
    with pytest.raises(AccessError):
        call(db, w.manager, "customk9.dog", "unlink", [w.dog_b])
    roles = {uid: call(db, w.integration, "res.users", "customk9_viewer_info", uid)["role"]
             for uid in (w.manager, w.trainer, w.portal_a, w.integration)}
    assert roles == {w.manager: "manager", w.trainer: "trainer", w.portal_a: "client", w.integration: False}
