"""project: projects, tasks, stages and tags.

Kept from Odoo 18: task ``state`` keys (01_in_progress, 1_done, ...), ``user_ids``, a new task gets the
first stage of its project and the project's followers, ``task_count``; ``project.project.type_ids``
and ``project.task.type.project_ids`` are the two sides of one relation; copying a project copies
its tasks (names kept), copying a task suffixes " (copy)".
"""

from __future__ import annotations

from typing import Any

from .mail import follower_partners, subscribe
from .registry import Registry

CLOSED = ("1_done", "1_canceled")


def _tasks(db: Any, project_id: int) -> list[int]:
    return [
        tid
        for tid, row in db.tables.get("project.task", {}).items()
        if row.get("project_id") == project_id and row.get("active", True)
    ]


def _project_stages(db: Any, project_id: int) -> list[int]:
    ids = [
        sid
        for sid, row in db.tables.get("project.task.type", {}).items()
        if project_id in (row.get("project_ids") or []) and row.get("active", True)
    ]
    return db.sort_ids("project.task.type", ids)


def _set_type_ids(db: Any, project_id: int, commands: Any) -> None:
    """``type_ids`` is the other side of ``project.task.type.project_ids``: apply the commands there."""
    if commands is False or commands is None:
        commands = [(5, 0, 0)]
    if commands and all(isinstance(c, int) and not isinstance(c, bool) for c in commands):
        commands = [(6, 0, list(commands))]

    def link(sid: int, on: bool) -> None:
        ids = [i for i in db.value("project.task.type", sid, "project_ids") if i != project_id]
        db.write_records("project.task.type", [sid], {"project_ids": [(6, 0, ids + ([project_id] if on else []))]})

    for cmd in commands:
        code = cmd[0]
        if code == 0:
            vals = dict(cmd[2] or {})
            vals["project_ids"] = [(4, project_id, 0)]
            db.create_record("project.task.type", vals)
        elif code == 1:
            db.write_records("project.task.type", [cmd[1]], dict(cmd[2] or {}))
        elif code == 2:
            db.unlink_records("project.task.type", [cmd[1]])
        elif code in (3, 4):
            link(cmd[1], code == 4)
        elif code in (5, 6):
            wanted = set(cmd[2] or []) if code == 6 else set()
            for sid in set(_project_stages(db, project_id)) | wanted:
                link(sid, sid in wanted)


def _task_defaults(db: Any, uid: int, vals: dict) -> dict:
    out: dict[str, Any] = {}
    project = vals.get("project_id")
    if isinstance(project, int) and db.exists("project.project", project):
        stages = _project_stages(db, project)
        if stages:
            out["stage_id"] = stages[0]
        prow = db.tables["project.project"][project]
        out["company_id"] = prow.get("company_id") or False
        if prow.get("partner_id"):
            out["partner_id"] = prow["partner_id"]
    out["date_last_stage_update"] = db.now_str()
    if vals.get("user_ids"):
        out["date_assign"] = db.now_str()
    return out


def _task_after_create(db: Any, uid: int, tid: int, vals: dict) -> None:
    project = db.tables["project.task"][tid].get("project_id")
    if project:
        subscribe(db, "project.task", [tid], follower_partners(db, "project.project", project))


def _task_before_write(db: Any, uid: int, ids: list[int], vals: dict) -> None:
    if "stage_id" in vals and "date_last_stage_update" not in vals:
        vals["date_last_stage_update"] = db.now_str()


def _copy_tasks(db: Any, uid: int, old_id: int, new_id: int) -> None:
    _set_type_ids(db, new_id, [(6, 0, _project_stages(db, old_id))])
    for tid in db.sort_ids("project.task", _tasks(db, old_id)):
        if db.tables["project.task"][tid].get("parent_id"):
            continue
        name = db.tables["project.task"][tid].get("name")
        db.copy_record("project.task", tid, {"project_id": new_id, "name": name}, uid)


def setup(reg: Registry) -> None:
    pr = reg["project.project"]
    pr.order = "sequence, name, id"
    for fname, value in (
        ("privacy_visibility", "portal"),
        ("alias_contact", "everyone"),
        ("last_update_status", "to_define"),
        ("rating_status", "stage"),
        ("rating_status_period", "monthly"),
        ("label_tasks", "Tasks"),
        ("active", True),
        ("alias_defaults", "{}"),
        ("sequence", 10),
        ("color", 0),
    ):
        if fname in pr.fields:
            selection = pr.fields[fname].selection
            if selection is None or value in selection:
                pr.set(fname, default=value)
            elif selection:
                pr.set(fname, default=selection[0])
    pr.defaults.append(lambda db, uid, vals: {"user_id": uid} if db.exists("res.users", uid) else {})
    pr.set("task_ids", inverse_name="project_id", domain=[("is_closed", "=", False)])  # Odoo 18: open tasks only
    pr.set("tasks", inverse_name="project_id")
    pr.set("task_count", compute=lambda db, rec: len(_tasks(db, rec["id"])))
    pr.set(
        "open_task_count",
        compute=lambda db, rec: sum(
            1 for t in _tasks(db, rec["id"]) if db.tables["project.task"][t].get("state") not in CLOSED
        ),
    )
    pr.set(
        "closed_task_count",
        compute=lambda db, rec: sum(
            1 for t in _tasks(db, rec["id"]) if db.tables["project.task"][t].get("state") in CLOSED
        ),
    )
    pr.set("type_ids", compute=lambda db, rec: _project_stages(db, rec["id"]), inverse=_set_type_ids)
    pr.copy_defaults = lambda db, rec: {"name": f"{rec.get('name') or ''} (copy)"}
    pr.copy_hooks.append(_copy_tasks)

    t = reg["project.task"]
    t.order = "priority desc, sequence, date_deadline asc, id desc"
    for fname, value in (
        ("state", "01_in_progress"),
        ("priority", "0"),
        ("sequence", 10),
        ("active", True),
        ("display_in_project", True),
        ("color", 0),
    ):
        t.set(fname, default=value)
    t.defaults.append(_task_defaults)
    t.set("child_ids", inverse_name="parent_id")
    t.set(
        "is_closed",
        compute=lambda db, rec: rec.get("state") in CLOSED,
        search=lambda db, op, v: [("state", "in" if (op == "=") == bool(v) else "not in", list(CLOSED))],
    )
    t.after_create.append(_task_after_create)
    t.before_write.append(_task_before_write)
    t.copy_defaults = lambda db, rec: {"name": f"{rec.get('name') or ''} (copy)"}
    t.parent_name = "parent_id"

    st = reg["project.task.type"]
    st.order = "sequence, id"
    st.set("sequence", default=1)
    st.set("active", default=True)
    st.set("fold", default=False)

    tags = reg["project.tags"]
    tags.order = "name"
    tags.set("color", default=lambda db, vals: 1 + len(db.tables.get("project.tags", {})) % 11)
