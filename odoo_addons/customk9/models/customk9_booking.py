# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The booking API the BFF calls (docs/booking-api.md): every check-then-write in one Odoo transaction.

Expected failures are *returned* as ``{"ok": False, "code", "field", "message"}`` and write nothing; the
code raises ``Refusal`` internally and ``booking_method`` turns it into that dict. This module holds the
shared plumbing (caller check, locks, parsing) and the dog and training-plan methods; sessions, events and
rentals extend the same abstract model in their own modules.

Locking on a real Odoo (REPEATABLE READ): ``_lock`` takes ``SELECT ... FOR UPDATE`` on the rows a check
depends on, and ``_touch`` updates them (``write_date``) just before the booking is written. A transaction
that waited for the lock, or whose snapshot predates a committed booking, then gets a serialization failure
on its ``FOR UPDATE`` and Odoo's RPC layer (``odoo.service.model.retrying``) reruns it with a fresh
snapshot. The touch is done on the success path only (after the check): a refused request writes nothing
at all, and the transactions it makes wait are not sent into another retry for nothing.

The decisions themselves (what is valid, free, too late, a reused key...) are the plain-Python functions of
``..rules``, which the BFF's Odoo emulator calls too; they raise ``RuleError``, answered like ``Refusal``
with its message translated. What stays here is the glue: caller check, ORM reads and writes, locks.
"""
import functools

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..rules import RuleError, parse_utc, records, wire_int

TRAINER_GROUP = "customk9.group_customk9_trainer"


class Refusal(Exception):
    """An expected failure: becomes the method's ``{"ok": False, ...}`` answer."""

    def __init__(self, code, field, message):
        super().__init__(message)
        self.result = {"ok": False, "code": code, "field": field or False, "message": str(message)}


def booking_method(func):
    """Check the caller, run ``func`` as superuser and turn a ``Refusal`` or a rule's ``RuleError`` (its
    message translated) into its answer dict."""

    @functools.wraps(func)
    def wrapper(self, *args, **kwargs):
        self._check_caller()
        try:
            return func(self.sudo(), *args, **kwargs)
        except Refusal as refusal:
            return refusal.result
        except RuleError as refusal:
            return refusal.answer(self.env._)

    return wrapper


class CustomK9Booking(models.AbstractModel):
    _name = "customk9.booking"
    _description = "CustomK9 booking API"

    # ------------------------------------------------------------------ plumbing

    @api.model
    def _check_caller(self):
        user = self.env.user
        if not (self.env.su or user.has_group("customk9.group_customk9_integration")
                or user.has_group("base.group_erp_manager")):
            raise AccessError(self.env._("Only the CustomK9 integration account may call the booking API."))

    @api.model
    def _lock(self, table, ids):
        """Row-lock ``ids`` of ``table`` in id order (one order everywhere: no deadlocks)."""
        self.env.flush_all()
        # A loser's serialization failure is expected and retried by Odoo's RPC layer (logged at INFO:
        # "serialization_failure, 4 tries left"); without log_exceptions=False the cursor would also log it
        # as an ERROR "bad query", which alarms operators for a designed, harmless retry.
        self.env.cr.execute(SQL("SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE",
                                SQL.identifier(table), tuple(ids)), log_exceptions=False)

    @api.model
    def _touch(self, model, ids):
        """Update the locked rows so that transactions with an older snapshot fail to lock them and retry."""
        records = self.env[model].browse(ids)
        self.env.cr.execute(SQL("UPDATE %s SET write_date = now() at time zone 'UTC' WHERE id IN %s",
                                SQL.identifier(records._table), tuple(ids)), log_exceptions=False)
        records.invalidate_recordset(["write_date"])

    @api.model
    def _now(self):
        return fields.Datetime.now()

    @api.model
    def _datetime(self, value, field):
        """An Odoo UTC datetime string (or datetime) as a naive UTC datetime, else VALIDATION."""
        return parse_utc(value, field)

    @api.model
    def _int(self, value):
        """An id or count from the wire; booleans and other types are not numbers here."""
        return wire_int(value)

    @api.model
    def _partner(self, partner_id, code="NOT_FOUND"):
        partner = self.env["res.partner"].browse(self._int(partner_id) or []).exists()
        if not partner:
            raise Refusal(code, "partner_id", self.env._("This client does not exist."))
        return partner.commercial_partner_id

    @api.model
    def _owns(self, partner, owner):
        """Whether ``owner`` (a partner) belongs to the client ``partner`` (its commercial entity)."""
        return bool(owner) and owner.commercial_partner_id == partner

    @api.model
    def _trainer(self, trainer_user_id):
        user = self.env["res.users"].browse(self._int(trainer_user_id) or []).exists()
        if not user or not user.active or not user.has_group(TRAINER_GROUP):
            raise Refusal("NOT_FOUND", "trainerId", self.env._("This trainer does not exist."))
        return user

    @api.model
    def _dog(self, partner, dog_id):
        dog = self.env["customk9.dog"].browse(self._int(dog_id) or []).exists()
        if not dog or not dog.active or not self._owns(partner, dog.owner_id):
            raise Refusal("NOT_FOUND", "dog_id", self.env._("This dog does not exist."))
        return dog

    @api.model
    def _idempotent(self, key, operation, partner_id, func, request):
        """``func()`` under the idempotency ``key``; ``request``: the method's arguments but the key."""
        owner = "partner:%s" % partner_id
        return self.env["customk9.idempotency"]._run(key, operation, owner, func, request)

    @api.model
    def _payable_order(self, partner, lines, values=None):
        """A quotation the client pays online on Odoo's portal page (``get_portal_url``): payment required,
        no signature, its access token made now, holding what it books until ``customk9_hold_until``."""
        order = self.env["sale.order"].create(dict(
            values or {}, partner_id=partner.id, require_payment=True, require_signature=False,
            prepayment_percent=1.0, customk9_hold_until=self.env["sale.order"]._customk9_hold_until(),
            order_line=[(0, 0, line) for line in lines]))
        order._portal_ensure_token()
        self.env.flush_all()  # amounts computed now, not later (they would recompute registration states)
        return order

    # ------------------------------------------------------------------ dogs

    @api.model
    @booking_method
    def create_dog(self, partner_id, values, idempotency_key=False):
        """Create a dog owned by ``partner_id``: ``{"ok": True, "dog_id"}``."""
        return self._idempotent(idempotency_key, "create_dog", partner_id,
                                lambda: self._create_dog(partner_id, values),
                                {"partner_id": partner_id, "values": values})

    @api.model
    def _create_dog(self, partner_id, values):
        partner = self._partner(partner_id, code="VALIDATION")
        vals = records.dog_values(values, fields.Date.context_today(self))
        dog = self.env["customk9.dog"].create(dict(vals, owner_id=partner.id))
        return {"ok": True, "dog_id": dog.id}

    # ------------------------------------------------------------------ training plans

    @api.model
    @booking_method
    def create_training_plan(self, trainer_user_id, partner_id, dog_id, template_id, idempotency_key=False):
        """Copy a template plan (tasks included) for a client's dog: ``{"ok": True, "plan_id"}``."""
        return self._idempotent(idempotency_key, "create_training_plan", partner_id,
                                lambda: self._create_training_plan(trainer_user_id, partner_id, dog_id,
                                                                   template_id),
                                {"trainer_user_id": trainer_user_id, "partner_id": partner_id, "dog_id": dog_id,
                                 "template_id": template_id})

    @api.model
    def _create_training_plan(self, trainer_user_id, partner_id, dog_id, template_id):
        trainer = self._trainer(trainer_user_id)
        partner = self._partner(partner_id)
        dog = self._dog(partner, dog_id)
        template = self.env["project.project"].browse(self._int(template_id) or []).exists()
        if not template or not template.is_training_template:
            raise Refusal("NOT_FOUND", "template_id", self.env._("This plan template does not exist."))
        plan = template.copy({
            "name": records.plan_name(dog.name, template.name),
            "partner_id": partner.id,
            "dog_id": dog.id,
            "user_id": trainer.id,
            "privacy_visibility": "portal",
            "date_start": fields.Date.context_today(self),
        })
        return {"ok": True, "plan_id": plan.id}
