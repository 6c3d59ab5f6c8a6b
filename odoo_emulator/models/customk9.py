"""The project's Odoo addon ``customk9`` (``odoo_addons/customk9``), as installed on a real Odoo 18.

Models and fields (names binding, see the addon's README): ``customk9.dog`` (a mail.thread, ``_order
"name, id"``, archivable), ``project.project.dog_id``/``is_training_template`` (not copied),
``calendar.event.dog_id``/``training_plan_id``, ``sale.order.is_rental``/``rental_start``/``rental_end``
with the rental period constraint, ``product.template.customk9_deposit`` (read and written through
``product.product`` by ``_inherits``), ``res.partner.customk9_trainer_ids`` (who trains whom, in
``customk9_clients``). The portal sign-up method is in ``customk9_users``, the change
notifications in ``customk9_bus``, the booking API (``customk9.booking``, ``customk9.idempotency``, working
hours) in ``customk9_booking`` and its ``customk9_booking_*`` modules, groups, rules and ACLs in
``odoo_emulator.access``; ``seed`` writes what installing the addon writes.
"""

from __future__ import annotations

import secrets
from typing import Any

from ..exceptions import ValidationError
from ..fields import Field
from ..rules import addon_version
from . import customk9_clients
from .customk9_users import create_portal_user, deactivate_my_account, send_reset_password, viewer_info
from .registry import ModelDef, Registry

VERSION = addon_version()  # the manifest's, as Odoo records it on install
SUMMARY = "Dogs, training plans, sessions, rentals and change notifications for the CustomK9 GraphQL BFF"
TRAINER = "customk9.group_customk9_trainer"
INTEGRATION = "customk9.group_customk9_integration"
MANAGER = "customk9.group_customk9_manager"
BUS_CHANNEL_PARAM = "customk9.bus_channel"
TRAINER_IMPLIES = ("base.group_user", "project.group_project_user")
INTEGRATION_IMPLIES = (
    "base.group_user",
    "base.group_partner_manager",
    "project.group_project_user",
    "event.group_event_user",
    "sales_team.group_sale_salesman_all_leads",
    "stock.group_stock_user",
)
# mail.thread fields real Odoo 18 shows on customk9.dog (values the emulator does not track are constant)
_THREAD_CONSTANTS = {
    "has_message": ("boolean", False),
    "message_attachment_count": ("integer", 0),
    "message_has_error": ("boolean", False),
    "message_has_error_counter": ("integer", 0),
    "message_has_sms_error": ("boolean", False),
    "message_is_follower": ("boolean", False),
    "message_needaction": ("boolean", False),
    "message_needaction_counter": ("integer", 0),
}


def _round_on_save(mdef: ModelDef, digits: dict[str, int]) -> None:
    """Float fields with ``digits`` store rounded values, as Odoo's convert_to_cache does."""

    def fix(vals: dict) -> None:
        for fname, n in digits.items():
            if isinstance(vals.get(fname), (int, float)) and not isinstance(vals[fname], bool):
                vals[fname] = round(float(vals[fname]), n)

    mdef.before_create.append(lambda db, uid, vals: fix(vals))
    mdef.before_write.append(lambda db, uid, ids, vals: fix(vals))


def define_dog(reg: Registry) -> ModelDef:
    dog = reg.define(
        "customk9.dog",
        "Dog",
        {
            "name": ("char", {"required": True}),
            "owner_id": ("many2one", "res.partner", {"required": True, "ondelete": "restrict", "string": "Owner"}),
            "breed": ("char",),
            "birth_date": ("date",),
            "sex": (
                "selection",
                {"selection": ["male", "female", "unknown"], "default": "unknown", "required": True},
            ),
            "weight_kg": ("float", {"string": "Weight (kg)"}),
            "photo": ("binary",),
            "notes": ("text",),
            "active": ("boolean", {"default": True}),
            "plan_ids": ("one2many", "project.project", {"inverse_name": "dog_id", "string": "Training Plans"}),
            "session_ids": ("one2many", "calendar.event", {"inverse_name": "dog_id", "string": "Sessions"}),
            "message_follower_ids": ("one2many", "mail.followers", {"string": "Followers"}),
            "rating_ids": ("one2many", "rating.rating", {"string": "Ratings"}),
            "website_message_ids": ("one2many", "mail.message", {"string": "Website Messages"}),
        },
        order="name, id",
    )
    for fname, (ftype, value) in _THREAD_CONSTANTS.items():
        dog.add_field(Field(name=fname, type=ftype, store=False, compute=lambda db, rec, v=value: v))
    for fname in ("rating_ids", "website_message_ids"):
        dog.fields[fname].compute = lambda db, rec: []
    _round_on_save(dog, {"weight_kg": 2})
    return dog


def _check_rental(db: Any, ids: list[int]) -> None:
    """``sale.order._check_customk9_rental_period``."""
    for oid in ids:
        row = db.tables["sale.order"][oid]
        if not row.get("is_rental"):
            continue
        if not row.get("rental_start") or not row.get("rental_end"):
            raise ValidationError("A rental order needs a rental start and a rental end.")
        if row["rental_end"] <= row["rental_start"]:
            raise ValidationError("The rental end must be after the rental start.")


def _restrict_owner(db: Any, uid: int, ids: list[int]) -> None:
    """``owner_id`` is ``ondelete="restrict"``: PostgreSQL refuses, Odoo reports a ValidationError."""
    doomed = set(ids)
    if any(row.get("owner_id") in doomed for row in db.tables.get("customk9.dog", {}).values()):
        raise ValidationError(
            "The operation cannot be completed: another model requires the record being deleted. "
            "If possible, archive it instead.\n\nModel: Dog (customk9.dog)\n"
            "Constraint: customk9_dog_owner_id_fkey\n"
        )


def extend_stock_models(reg: Registry) -> None:
    pr = reg["project.project"]
    pr.set("dog_id", type="many2one", relation="customk9.dog", string="Dog")
    pr.set("is_training_template", type="boolean", string="Training Plan Template", copy=False)
    ev = reg["calendar.event"]
    ev.set("dog_id", type="many2one", relation="customk9.dog", string="Dog")
    ev.set("training_plan_id", type="many2one", relation="project.project", string="Training Plan")
    so = reg["sale.order"]
    so.set("is_rental", type="boolean", string="Rental", copy=True)
    so.set("rental_start", type="datetime", string="Rental Start")
    so.set("rental_end", type="datetime", string="Rental End")
    so.constraints.append(_check_rental)
    tmpl = reg["product.template"]
    tmpl.set("customk9_deposit", type="float", string="Rental Deposit", default=0.0)
    _round_on_save(tmpl, {"customk9_deposit": 2})
    reg["res.partner"].before_unlink.append(_restrict_owner)
    from . import customk9_booking_rental_tracking, customk9_booking_service

    customk9_booking_service.extend(reg)
    customk9_booking_rental_tracking.extend(reg)


def seed(db: Any) -> None:
    """What installing the addon writes: module row, category, groups, the bus channel parameter."""
    from .seed import _make

    _make(
        db,
        "ir.module.module",
        "base.module_customk9",
        {
            "name": "customk9",
            "state": "installed",
            "shortdesc": "CustomK9",
            "summary": SUMMARY,
            "author": "CustomK9",
            "latest_version": VERSION,
        },
    )
    category = _make(
        db,
        "ir.module.category",
        "customk9.module_category_customk9",
        {"name": "CustomK9", "sequence": 60},
    )
    for xmlid, name, implied in (
        (TRAINER, "CustomK9 Trainer", TRAINER_IMPLIES),
        (INTEGRATION, "CustomK9 BFF integration", INTEGRATION_IMPLIES),
        (MANAGER, "CustomK9 Manager", (TRAINER,)),
    ):
        ids = [db.xmlid_to_res_id(x) for x in implied]
        _make(db, "res.groups", xmlid, {"name": name, "category_id": category, "implied_ids": [(6, 0, ids)]})
    db.set_param(BUS_CHANNEL_PARAM, "customk9-" + secrets.token_hex(16))
    from .customk9_booking import seed as seed_booking

    seed_booking(db)
    from .customk9_payments import seed as seed_payments

    seed_payments(db)


def setup(reg: Registry) -> None:
    from . import customk9_payments

    define_dog(reg)
    customk9_payments.setup(reg)
    extend_stock_models(reg)
    customk9_clients.setup(reg)
    reg["res.users"].method("customk9_create_portal_user", on_records=False)(create_portal_user)
    reg["res.users"].method("customk9_send_reset_password", on_records=False)(send_reset_password)
    reg["res.users"].method("customk9_viewer_info", on_records=False)(viewer_info)
    reg["res.users"].method("customk9_deactivate_my_account", on_records=False)(deactivate_my_account)


def has_group(db: Any, uid: int, xmlid: str) -> bool:
    return xmlid in db.user_groups(uid)
