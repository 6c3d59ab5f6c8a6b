"""The addon's change notifications the dashboard needs (mirrors the addon's tests/test_bus.py): event seat
counts through registrations, seat limit changes, task stage moves; and the bus table's ids and pruning."""

from __future__ import annotations

import pytest
from customk9_helpers import ADMIN, World, call, make_world


@pytest.fixture
def w() -> World:
    return make_world()


def _event(w: World, **vals: object) -> int:
    return call(w.db, ADMIN, "event.event", "create", {
        "name": "Puppy class", "date_begin": "2031-03-01 09:00:00", "date_end": "2031-03-01 12:00:00",
        "seats_limited": True, "seats_max": 10, **vals})


def _payloads(w: World) -> list[dict]:
    payloads = [n["message"]["payload"] for n in w.db.bus]
    w.db.bus.clear()
    return payloads


def test_registrations_announce_their_event_seats(w: World) -> None:
    event, other = _event(w), _event(w, name="Other class")
    _payloads(w)
    reg = call(w.db, ADMIN, "event.registration", "create", {"event_id": event, "partner_id": w.partner(w.portal_a)})
    assert _payloads(w) == [
        {"model": "event.registration", "ids": [reg], "op": "create"},
        {"model": "event.event", "ids": [event], "op": "write"},
    ]
    call(w.db, ADMIN, "event.registration", "action_cancel", [reg])
    assert {"model": "event.event", "ids": [event], "op": "write"} in _payloads(w)
    call(w.db, ADMIN, "event.registration", "write", [reg], {"event_id": other})
    assert {"model": "event.event", "ids": sorted([event, other]), "op": "write"} in _payloads(w)
    call(w.db, ADMIN, "event.registration", "write", [reg], {"email": "a@example.com"})  # no seat change
    assert "event.event" not in [p["model"] for p in _payloads(w)]
    call(w.db, ADMIN, "event.registration", "unlink", [reg])
    payloads = _payloads(w)
    assert {"model": "event.registration", "ids": [reg], "op": "unlink"} in payloads
    assert {"model": "event.event", "ids": [other], "op": "write"} in payloads


def test_seat_limit_change_is_an_event_write(w: World) -> None:
    event = _event(w)
    _payloads(w)
    call(w.db, ADMIN, "event.event", "write", [event], {"seats_max": 12})
    assert _payloads(w) == [{"model": "event.event", "ids": [event], "op": "write"}]


def test_task_stage_move_notifies(w: World) -> None:
    plan = call(w.db, ADMIN, "project.project", "create", {"name": "Plan", "dog_id": w.dog_a})
    stage = call(w.db, ADMIN, "project.task.type", "create", {"name": "Done", "project_ids": [(4, plan)]})
    task = call(w.db, ADMIN, "project.task", "create", {"name": "Sit", "project_id": plan})
    _payloads(w)
    call(w.db, ADMIN, "project.task", "write", [task], {"stage_id": stage})
    assert {"model": "project.task", "ids": [task], "op": "write"} in _payloads(w)


def test_ids_never_go_back_and_old_rows_are_pruned(w: World) -> None:
    db, now = w.db, [1000.0]
    db.bus_clock = lambda: now[0]
    db.bus_send("c", "t", 1)
    now[0] += 60
    db.bus_send("c", "t", 2)
    first, second = (n["id"] for n in db.bus)
    assert second == first + 1
    assert [n["message"]["payload"] for n in db.bus_since(["c"], 0)] == [2]  # last=0: the last 50 s only
    now[0] += 50
    db.bus_send("c", "t", 3)  # the first row is now 110 s old: pruned
    assert [n["message"]["payload"] for n in db.bus] == [2, 3]
    now[0] += 200
    assert db.bus_since(["c"], first) == [] and db.bus == []
    db.bus_send("c", "t", 4)
    assert db.bus[0]["id"] == second + 2  # a sequence: pruning does not reuse ids
    db.reset_bus()  # an Odoo restored from an older backup
    db.bus_send("c", "t", 5)
    assert db.bus[0]["id"] == 1
