"""The CustomK9 addon's booking API: the abstract model ``customk9.booking`` (docs/booking-api.md).

Every method is ``@api.model`` (no ids), callable by the integration group or Access Rights managers only
(else AccessError), and works at the superuser level once the caller is checked (records are still
created by the caller's uid, as ``sudo()`` keeps ``env.uid``). An expected failure is returned, not raised,
and writes nothing: ``{"ok": False, "code", "field", "message"}``; a success is ``{"ok": True, <ids>}``.
``field`` is the argument at fault (its name, or the names the spec gives: ``trainerId``,
``equipmentId``, ``idempotencyKey``) or False. Checks run in the addon's order (``odoo_addons/customk9/
models/customk9_booking*.py``), so that both give the same code for a request with several faults.

Ownership: ``partner_id`` is taken as its commercial partner (a missing partner is NOT_FOUND
``partner_id``, VALIDATION for ``create_dog``); a dog, plan, registration or rental is the client's when
its partner's commercial partner is the client, a session when one of its attendees' is. Another client's
id answers exactly as a missing id (NOT_FOUND).

Concurrency: the real addon locks the rows its check depends on (``SELECT ... FOR UPDATE`` plus an UPDATE,
so that a concurrent transaction fails to serialize and is retried with a fresh snapshot). The emulator
needs no lock: ``Database.execute`` runs one RPC at a time under the database lock and is atomic, so two
concurrent calls can never interleave a check and the write it guards; the second one sees the first's
booking. Every method therefore checks everything first and writes only on its success path.

Rules: every decision (values, seats, working hours and slots, stock, notice, idempotency keys) is a
function of the addon's ``rules`` package, loaded from the addon's folder by ``odoo_emulator/rules.py``; a
refusal is raised as ``RuleError`` and answered by ``guarded``. These modules are the glue: they read and
write the in-memory tables, in the addon's order of checks.

Modules: this one (model, access, argument helpers, ``create_dog``, ``create_training_plan``),
``customk9_booking_idempotency`` (``customk9.idempotency`` and the key protocol),
``customk9_booking_hours`` (``resource.calendar`` and working intervals), ``customk9_booking_sessions``
(``available_slots``, ``book_session``, ``reschedule_session``, ``cancel_session``),
``customk9_booking_events`` (``register_event``, ``cancel_registration``), ``customk9_booking_rentals``
(``equipment_availability``, ``create_rental``, ``cancel_rental``) and ``customk9_booking_staff``
(``move_task``, ``create_post``, ``set_post_published``, ``create_blog_tag``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from .. import rules
from ..exceptions import AccessError
from ..fields import DATETIME_FMT
from .orm import SUPERUSER_ID
from .registry import Registry

BOOKING = "customk9.booking"
INTEGRATION = "customk9.group_customk9_integration"
TRAINER = "customk9.group_customk9_trainer"
ERP_MANAGER = "base.group_erp_manager"


# ---------------------------------------------------------------------------------------------- results


def ok(**ids: Any) -> dict:
    return {"ok": True, **ids}


def fail(code: str, field: str | bool, message: str) -> dict:
    return {"ok": False, "code": code, "field": field or False, "message": message}


def not_found(field: str, what: str) -> dict:
    return fail("NOT_FOUND", field, f"{what} does not exist.")


# ---------------------------------------------------------------------------------------------- arguments


def check_caller(db: Any, uid: int) -> None:
    """The booking API is for the BFF's integration account (and Access Rights managers)."""
    if uid == SUPERUSER_ID:
        return
    if not ({INTEGRATION, ERP_MANAGER} & db.user_groups(uid)):
        raise AccessError("Only the CustomK9 integration account may use the booking API.")


def as_id(value: Any) -> int | None:
    """A record id argument: a positive int (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return value


def fmt(moment: datetime) -> str:
    return moment.strftime(DATETIME_FMT)


def now(db: Any) -> datetime:
    return datetime.strptime(db.now_str(), DATETIME_FMT)


def is_trainer(db: Any, user_id: int | None) -> bool:
    row = db.tables["res.users"].get(user_id) if user_id else None
    return bool(row and row.get("active") and TRAINER in db.user_groups(user_id))


def commercial(db: Any, partner: Any) -> int | None:
    """The commercial partner (the company, or the person itself) of an existing partner."""
    if not as_id(partner) or not db.exists("res.partner", partner):
        return None
    value = db.value("res.partner", partner, "commercial_partner_id")
    return value or partner


def client(db: Any, partner_id: Any) -> int | None:
    """The client of the request: the commercial partner of ``partner_id`` (None when it does not exist)."""
    return commercial(db, partner_id)


def owns(db: Any, partner: int, owner: Any) -> bool:
    """Whether the partner ``owner`` (of a dog, plan, registration...) belongs to the client ``partner``."""
    return bool(owner) and commercial(db, owner) == partner


def own_dog(db: Any, partner: int, dog_id: Any) -> int | None:
    """The dog if it exists, is active and belongs to the client."""
    dog = as_id(dog_id)
    row = db.tables["customk9.dog"].get(dog) if dog else None
    if row is None or not row.get("active") or not owns(db, partner, row.get("owner_id")):
        return None
    return dog


# ---------------------------------------------------------------------------------------------- dogs, plans


def create_dog(db: Any, uid: int, partner_id: Any, values: Any, idempotency_key: Any = False) -> dict:
    """A dog owned by ``partner_id``."""
    partner = client(db, partner_id)
    if partner is None:
        return fail("VALIDATION", "partner_id", "This client does not exist.")
    vals = rules.records.dog_values(values, now(db).date())
    if vals["birth_date"]:
        vals["birth_date"] = vals["birth_date"].isoformat()
    dog = db.create_record("customk9.dog", {**vals, "owner_id": partner}, uid)
    return ok(dog_id=dog)


def create_training_plan(
    db: Any,
    uid: int,
    trainer_user_id: Any,
    partner_id: Any,
    dog_id: Any,
    template_id: Any,
    idempotency_key: Any = False,
) -> dict:
    """A copy of a training plan template (its tasks included) for the partner's dog, led by the trainer."""
    trainer = as_id(trainer_user_id)
    if not is_trainer(db, trainer):
        return not_found("trainerId", "The trainer")
    partner = client(db, partner_id)
    if partner is None:
        return not_found("partner_id", "The client")
    dog = own_dog(db, partner, dog_id)
    if dog is None:
        return not_found("dog_id", "The dog")
    template = as_id(template_id)
    if not template or not (db.tables["project.project"].get(template) or {}).get("is_training_template"):
        return not_found("template_id", "The training plan template")
    name = rules.records.plan_name(db.tables["customk9.dog"][dog].get("name"),
                                   db.tables["project.project"][template].get("name"))
    plan = db.copy_record(
        "project.project",
        template,
        {
            "name": name,
            "partner_id": partner,
            "dog_id": dog,
            "user_id": trainer,
            "privacy_visibility": "portal",
            "date_start": now(db).date().isoformat(),
        },
        uid,
    )
    return ok(plan_id=plan)


# ---------------------------------------------------------------------------------------------- registration


def register(reg: Registry, name: str, func: Callable[..., dict], owner: Callable[[dict], str] | None = None) -> None:
    """Make ``func`` the public method ``name`` of ``customk9.booking``: caller check, then (when ``owner``
    is given, i.e. a create method) the idempotency protocol around it."""
    from .customk9_booking_idempotency import guarded

    reg[BOOKING].method(name, on_records=False)(guarded(name, func, owner))


def setup(reg: Registry) -> None:
    from . import (
        customk9_booking_contact,
        customk9_booking_events,
        customk9_booking_hours,
        customk9_booking_idempotency,
        customk9_booking_memberships,
        customk9_booking_rental_tracking,
        customk9_booking_rentals,
        customk9_booking_service,
        customk9_booking_sessions,
        customk9_booking_staff,
    )

    reg.define(BOOKING, "CustomK9 booking API", rec_name=None)
    customk9_booking_hours.setup(reg)
    customk9_booking_idempotency.setup(reg)
    register(reg, "create_dog", create_dog, lambda a: f"partner:{a['partner_id']}")
    register(reg, "create_training_plan", create_training_plan, lambda a: f"partner:{a['partner_id']}")
    customk9_booking_sessions.setup(reg)
    customk9_booking_events.setup(reg)
    customk9_booking_rentals.setup(reg)
    customk9_booking_staff.setup(reg)
    customk9_booking_memberships.setup(reg)
    customk9_booking_service.setup(reg)
    customk9_booking_rental_tracking.setup(reg)
    customk9_booking_contact.setup(reg)


def seed(db: Any) -> None:
    from . import customk9_booking_contact, customk9_booking_hours, customk9_booking_service

    customk9_booking_hours.seed(db)
    customk9_booking_service.seed(db)
    customk9_booking_contact.seed(db)
