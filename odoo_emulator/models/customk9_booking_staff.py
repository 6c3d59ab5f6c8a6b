"""Staff methods of the booking API: ``move_task``, ``create_post``, ``set_post_published``, ``create_blog_tag``.

The acting user (``trainer_user_id`` / ``user_id``, the signed-in staff member) must be an active trainer
(``customk9.group_customk9_trainer``) or administrator (``base.group_erp_manager``), else NOT_FOUND. A trainer
may only move the tasks of plans it leads (``project.project.user_id``; another plan's task answers NOT_FOUND
like a missing one), an administrator any; the stage must be one of the plan's ``type_ids`` (else
VALIDATION). Posts are created unpublished with the user's partner as author; publishing stamps
``published_date`` with now (``post_date`` reads it). Tag names are 1 to 64 characters and unique (case
insensitive). The creates take ``idempotency_key`` with the owner ``"user:<id>"``.
"""

from __future__ import annotations

from typing import Any

from .. import rules
from .customk9_booking import ERP_MANAGER, TRAINER, as_id, fail, not_found, ok, register
from .registry import Registry


def staff(db: Any, user_id: Any) -> tuple[int, bool] | None:
    """(user, is administrator) for an active trainer or administrator, else None."""
    user = as_id(user_id)
    row = db.tables["res.users"].get(user) if user else None
    if row is None or not row.get("active"):
        return None
    groups = db.user_groups(user)
    if ERP_MANAGER in groups:
        return user, True
    return (user, False) if TRAINER in groups else None


def move_task(db: Any, uid: int, trainer_user_id: Any, task_id: Any, stage_id: Any) -> dict:
    who = staff(db, trainer_user_id)
    if who is None:
        return not_found("trainerId", "This trainer")
    user, admin = who
    task = as_id(task_id)
    row = db.tables["project.task"].get(task) if task else None
    project = (db.tables["project.project"].get(row.get("project_id")) or {}) if row else {}
    archived = row is not None and (not row.get("active", True) or not project.get("active", True))
    if row is None or not project or archived or not (admin or project.get("user_id") == user):
        return not_found("task_id", "This task")  # archived tasks and plans too, as the real addon answers
    assert task is not None
    stage = as_id(stage_id)
    if stage is None or stage not in db.value("project.project", project["id"], "type_ids"):
        return fail("VALIDATION", "stage_id", "This stage is not one of the plan's stages.")
    if row.get("stage_id") != stage:
        values: dict[str, Any] = {"stage_id": stage}
        if row.get("state") not in ("1_done", "1_canceled"):  # Odoo 18 reopens a task that changes stage
            values["state"] = "01_in_progress"
        if db.value("project.task.type", stage, "fold"):
            values["date_end"] = db.now_str()  # project sets date_end when a task reaches a folded stage
        db.write_records("project.task", [task], values, uid)
    return ok(task_id=task)


def _post_values(db: Any, values: Any) -> dict:
    """The post's values (its texts by the rule), or the failure (a dict with ``ok``)."""
    out: dict[str, Any] = rules.records.post_texts(values)
    blog = as_id(values.get("blog_id"))
    if blog is None or not db.value("blog.blog", blog, "active"):
        return not_found("blog_id", "This blog")
    out["blog_id"] = blog
    tags = values.get("tag_ids") or []
    if not isinstance(tags, list) or any(as_id(t) is None or not db.exists("blog.tag", t) for t in tags):
        return not_found("tag_ids", "This tag")
    out["tag_ids"] = [(6, 0, list(dict.fromkeys(tags)))]
    return out


def create_post(db: Any, uid: int, user_id: Any, values: Any, idempotency_key: Any = False) -> dict:
    who = staff(db, user_id)
    if who is None:
        return not_found("user_id", "This staff member")
    vals = _post_values(db, values)
    if "ok" in vals:
        return vals
    post = db.create_record("blog.post", {**vals, "is_published": False, "author_id": db.user_partner_id(who[0])}, uid)
    return ok(post_id=post)


def set_post_published(db: Any, uid: int, user_id: Any, post_id: Any, published: Any) -> dict:
    if staff(db, user_id) is None:
        return not_found("user_id", "This staff member")
    post = as_id(post_id)
    if post is None or not db.exists("blog.post", post) or not db.value("blog.post", post, "active"):
        return not_found("post_id", "This post")  # an archived post too, as the real addon answers
    vals: dict[str, Any] = {"is_published": bool(published)}
    if published:
        vals["published_date"] = db.now_str()
    db.write_records("blog.post", [post], vals, uid)
    return ok(post_id=post)


def create_blog_tag(db: Any, uid: int, user_id: Any, name: Any, idempotency_key: Any = False) -> dict:
    if staff(db, user_id) is None:
        return not_found("user_id", "This staff member")
    name = rules.records.tag_name(name)
    if any(str(db.value("blog.tag", tid, "name") or "").lower() == name.lower() for tid in db.all_ids("blog.tag")):
        raise rules.records.tag_taken()
    return ok(tag_id=db.create_record("blog.tag", {"name": name}, uid))


def setup(reg: Registry) -> None:
    register(reg, "move_task", move_task)
    register(reg, "create_post", create_post, lambda a: f"user:{a['user_id']}")
    register(reg, "set_post_published", set_post_published)
    register(reg, "create_blog_tag", create_blog_tag, lambda a: f"user:{a['user_id']}")
