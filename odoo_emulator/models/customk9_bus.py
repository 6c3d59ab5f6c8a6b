"""The addon's change notifications (``customk9.bus``, ``customk9.bus.notify.mixin``).

A create, write or unlink on a watched model queues ``(model, op) -> ids``; when the RPC call succeeds
(Odoo: the pre-commit hook of its transaction) one message per (model, op), with the sorted ids, is
appended to ``db.bus`` on the channel named by the ``customk9.bus_channel`` system parameter:
``{"id": n, "channel": <name>, "message": {"type": "customk9/changed", "payload": {"model", "ids", "op"}}}``.
A failed call sends nothing; context ``customk9_no_bus`` suppresses. Outside an RPC (direct ORM use by a
test), every operation is its own transaction and is sent at once.

Seat counts: creating, unlinking a registration or writing its ``state``/``event_id``/``active`` also queues
an ``event.event`` write of the events concerned (their seat counts changed but are not stored), so a seats
listener only watches ``event.event``.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import AccessError
from .customk9 import BUS_CHANNEL_PARAM, INTEGRATION, has_group
from .registry import Registry

NOTIFICATION_TYPE = "customk9/changed"
WATCHED = (
    "customk9.dog",
    "project.project",
    "project.task",
    "calendar.event",
    "event.event",
    "event.registration",
    "sale.order",
    # the public catalogue: the BFF's public cache drops what they change (odoo_addons/.../public_catalog.py)
    "event.type",
    "event.tag",
    "event.event.ticket",
    "blog.blog",
    "blog.post",
    "blog.tag",
    "product.template",
)


def notify(db: Any, model: str, ids: list[int], op: str) -> None:
    ids = [i for i in ids if isinstance(i, int)]
    if not ids or (db.context or {}).get("customk9_no_bus"):
        return
    pending = db.bus_pending
    if pending is None:
        send(db, {(model, op): set(ids)})
    else:
        pending.setdefault((model, op), set()).update(ids)


def send(db: Any, changes: dict[tuple[str, str], set[int]]) -> None:
    """Publish queued changes (what the addon's pre-commit hook does)."""
    channel = db.get_param(BUS_CHANNEL_PARAM)
    if not channel:
        return  # the addon logs a warning and drops them
    for (model, op), ids in changes.items():
        db.bus_send(channel, NOTIFICATION_TYPE, {"model": model, "ids": sorted(ids), "op": op})


def get_channel(db: Any, uid: int) -> str | bool:
    """``customk9.bus.get_channel``: the channel name, for the integration group and administrators."""
    if not (has_group(db, uid, INTEGRATION) or has_group(db, uid, "base.group_system")):
        raise AccessError("Only the CustomK9 integration account may read the notification channel.")
    return db.get_param(BUS_CHANNEL_PARAM) or False


def _copy_writes(db: Any, uid: int, old_id: int, new_id: int) -> None:
    """A plan copy on Odoo also writes the new tasks and the new plan (observed notifications)."""
    tasks = [t for t, row in db.tables.get("project.task", {}).items() if row.get("project_id") == new_id]
    notify(db, "project.task", tasks, "write")
    notify(db, "project.project", [new_id], "write")


SEAT_FIELDS = frozenset({"state", "event_id", "active"})  # registration fields that move an event's seats


def _events_of(db: Any, reg_ids: Any) -> list[int]:
    rows = db.tables.get("event.registration", {})
    return sorted({rows[i].get("event_id") for i in reg_ids if i in rows} - {False, None})


def _seats_changed(db: Any, reg_ids: Any) -> None:
    notify(db, "event.event", _events_of(db, reg_ids), "write")


def _seats_before_write(db: Any, uid: int, ids: list[int], vals: dict) -> None:
    if "event_id" in vals:  # the event a registration leaves
        _seats_changed(db, ids)


def _seats_after_write(db: Any, uid: int, ids: list[int], vals: dict) -> None:
    if SEAT_FIELDS & set(vals):
        _seats_changed(db, ids)


def setup(reg: Registry) -> None:
    reg.define("customk9.bus", "CustomK9 change notifications", rec_name=None)
    reg.define("customk9.bus.notify.mixin", "CustomK9 change notification mixin", rec_name=None)
    reg["customk9.bus"].method("get_channel", on_records=False)(get_channel)
    for model in WATCHED:
        mdef = reg[model]
        mdef.after_create.append(lambda db, uid, rid, vals, m=model: notify(db, m, [rid], "create"))
        mdef.after_write.append(lambda db, uid, ids, vals, m=model: notify(db, m, list(ids), "write"))
    reg["project.project"].copy_hooks.append(_copy_writes)
    registrations = reg["event.registration"]
    registrations.after_create.append(lambda db, uid, rid, vals: _seats_changed(db, [rid]))
    registrations.before_write.append(_seats_before_write)
    registrations.after_write.append(_seats_after_write)
    registrations.before_unlink.append(lambda db, uid, ids: _seats_changed(db, ids))
    reg.unlink_listeners.append(
        lambda db, model, ids: notify(db, model, ids, "unlink") if model in WATCHED else None
    )
