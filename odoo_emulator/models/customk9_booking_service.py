"""Service requests of the booking API, as the addon's ``customk9_booking_service.py`` answers them.

``request_service``, ``post_service_request_message``, ``assign_service_request``, ``close_service_request``,
``convert_service_request``. A request is a ``project.task`` of the project flagged
``customk9_service_requests`` (seeded here as the addon's ``data/service_requests.xml`` creates it, with the
stages New / In progress / Closed); messages are public comments (``mail.mt_comment``) posted with the acting
user's partner as author. The values and stages are the addon's ``rules/service_requests.py``. Checks come in
the addon's order and nothing is written before the last one.
"""

from __future__ import annotations

from typing import Any

from .. import rules
from .customk9_booking import (
    as_id,
    client,
    create_training_plan,
    fail,
    is_trainer,
    not_found,
    now,
    ok,
    own_dog,
    register,
)
from .customk9_booking_sessions import book_session
from .customk9_booking_staff import staff
from .mail import post, subscribe
from .registry import Registry

rule = rules.service_requests
STAGE_XMLID = "customk9.service_stage_%s"
KIND_SELECTION = list(rule.KIND_LABELS.items())


def _project(db: Any) -> int | None:
    found = db.search_ids("project.project", [("customk9_service_requests", "=", True)], order=False)
    return min(found) if found else None


def _request(db: Any, request_id: Any) -> int | None:
    task = as_id(request_id)
    row = db.tables["project.task"].get(task) if task else None
    if row is None or not row.get("active", True):
        return None
    project = row.get("project_id")
    return task if project and db.value("project.project", project, "customk9_service_requests") else None


def _stage(db: Any, key: str) -> int:
    return int(db.xmlid_to_res_id(STAGE_XMLID % key))


def _missing() -> dict:
    return not_found("id", "This service request")


def _actor(db: Any, user_id: Any, request_id: Any) -> tuple[int, int] | dict:
    """(request, user) when the user is staff or the client who owns the request, else NOT_FOUND ``id``."""
    task = _request(db, request_id)
    if task is None:
        return _missing()
    user = as_id(user_id)
    row = db.tables["res.users"].get(user) if user else None
    if row is None or not row.get("active"):
        return _missing()
    assert user is not None
    if db.value("res.users", user, "share"):
        mine = client(db, db.user_partner_id(user))
        if mine is None or client(db, db.value("project.task", task, "partner_id")) != mine:
            return _missing()
    elif staff(db, user) is None:
        return not_found("user_id", "This staff member")
    return task, user


def _staff_open_request(db: Any, user_id: Any, request_id: Any) -> tuple[Any, int] | dict:
    """(the staff member, the request) for a staff action on an open request, else the refusal to answer."""
    who = staff(db, user_id)
    if who is None:
        return not_found("user_id", "This staff member")
    task = _request(db, request_id)
    if task is None:
        return _missing()
    rule.open_request(db.value("project.task", task, "state"))
    return who, task


def _post_public(db: Any, uid: int, task: int, author: int, text: str) -> int:
    return post(db, uid, "project.task", task, rule.html(text), message_type="comment",
                subtype_xmlid="mail.mt_comment", author_id=author)


def request_service(db: Any, uid: int, partner_id: Any, values: Any, idempotency_key: Any = False) -> dict:
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "This client")
    vals = rule.request_values(values, now(db).date())
    dog = None
    if values.get("dog_id"):
        dog = own_dog(db, partner, values.get("dog_id"))
        if dog is None:
            return not_found("dog_id", "This dog")
    project = _project(db)
    if project is None:
        return fail("NOT_FOUND", False, "The service requests project is missing.")
    dog_name = db.tables["customk9.dog"][dog].get("name") if dog else None
    task = db.create_record("project.task", {
        "name": rule.task_name(vals["kind"], dog_name),
        "project_id": project,
        "partner_id": partner,
        "customk9_service_kind": vals["kind"],
        "customk9_dog_id": dog or False,
        "customk9_preferred_dates": ",".join(vals["preferred_dates"]) or False,
        "stage_id": _stage(db, "new"),
        "user_ids": [(6, 0, [])],
    }, uid)
    subscribe(db, "project.task", [task], [partner])
    _post_public(db, uid, task, partner, vals["message"])
    return ok(request_id=task)


def post_service_request_message(db: Any, uid: int, user_id: Any, request_id: Any, body: Any) -> dict:
    actor = _actor(db, user_id, request_id)
    if isinstance(actor, dict):
        return actor
    task, user = actor
    text = rule.body(body)
    rule.open_request(db.value("project.task", task, "state"))
    message = _post_public(db, uid, task, db.user_partner_id(user), text)
    return ok(request_id=task, message_id=message)


def assign_service_request(db: Any, uid: int, user_id: Any, request_id: Any, assignee_user_id: Any) -> dict:
    found = _staff_open_request(db, user_id, request_id)
    if isinstance(found, dict):
        return found
    task = found[1]
    assignee = as_id(assignee_user_id)
    if not is_trainer(db, assignee):
        return not_found("trainerId", "This trainer")
    values: dict[str, Any] = {"user_ids": [(6, 0, [assignee])]}
    if db.value("project.task", task, "stage_id") == _stage(db, "new"):
        values["stage_id"] = _stage(db, "progress")
    db.write_records("project.task", [task], values, uid)
    return ok(request_id=task)


def _close(db: Any, uid: int, task: int, extra: dict | None = None) -> None:
    values = {**(extra or {}), "stage_id": _stage(db, "closed"), "state": rule.CLOSED_STATE}
    db.write_records("project.task", [task], values, uid)


def close_service_request(db: Any, uid: int, user_id: Any, request_id: Any) -> dict:
    found = _staff_open_request(db, user_id, request_id)
    if isinstance(found, dict):
        return found
    _close(db, uid, found[1])
    return ok(request_id=found[1])


def convert_service_request(db: Any, uid: int, user_id: Any, request_id: Any, target: Any, values: Any) -> dict:
    found = _staff_open_request(db, user_id, request_id)
    if isinstance(found, dict):
        return found
    who, task = found
    values = values if isinstance(values, dict) else {}
    partner = client(db, db.value("project.task", task, "partner_id"))
    dog = db.value("project.task", task, "customk9_dog_id")
    if not dog:
        return fail("VALIDATION", "dog_id", "The request names no dog.")
    trainer = values.get("trainer_user_id") or who[0]
    if target == "training_plan":
        result = create_training_plan(db, uid, trainer, partner, dog, values.get("template_id"))
        link = "customk9_plan_id", "plan_id"
    elif target == "session":
        result = book_session(db, uid, partner, trainer, dog, values.get("start"), values.get("duration_minutes"))
        link = "customk9_session_id", "session_id"
    else:
        return fail("VALIDATION", "to", "Convert to a training plan or a session.")
    if not result.get("ok"):
        return result
    _close(db, uid, task, {link[0]: result[link[1]]})
    return {**result, "request_id": task}


def extend(reg: Registry) -> None:
    """The addon's fields on project.project and project.task."""
    reg["project.project"].set("customk9_service_requests", type="boolean", string="Service Requests Project",
                               copy=False)
    task = reg["project.task"]
    task.set("customk9_service_kind", type="selection", selection=[k for k, _ in KIND_SELECTION],
             string="Service Kind")
    task.set("customk9_dog_id", type="many2one", relation="customk9.dog", string="Dog")
    task.set("customk9_preferred_dates", type="char", string="Preferred Dates")
    task.set("customk9_plan_id", type="many2one", relation="project.project", string="Resulting Training Plan",
             copy=False)
    task.set("customk9_session_id", type="many2one", relation="calendar.event", string="Resulting Session",
             copy=False)


def seed(db: Any) -> None:
    """``data/service_requests.xml``: the project and its three stages."""
    from .seed import _make

    project = _make(db, "project.project", "customk9.project_service_requests", {
        "name": "Service requests", "customk9_service_requests": True, "privacy_visibility": "followers",
        "user_id": False})
    for key, name, sequence, fold in rule.STAGES:
        _make(db, "project.task.type", STAGE_XMLID % key,
              {"name": name, "sequence": sequence, "fold": fold, "project_ids": [(6, 0, [project])]})


def setup(reg: Registry) -> None:
    register(reg, "request_service", request_service, lambda a: f"partner:{a['partner_id']}")
    register(reg, "post_service_request_message", post_service_request_message)
    register(reg, "assign_service_request", assign_service_request)
    register(reg, "close_service_request", close_service_request)
    register(reg, "convert_service_request", convert_service_request)
