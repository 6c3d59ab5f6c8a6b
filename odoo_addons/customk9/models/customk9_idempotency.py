# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Idempotency keys of the booking API (docs/booking-api.md, "Idempotency").

A client that retries a create (network error, double click) sends the same key; the first successful
result is stored under it and returned again, so the retry creates nothing. The same key with other
arguments (another dog's name, another slot) is not a retry: it is refused as IDEMPOTENCY_KEY_REUSED, as a
key of another operation or owner is. The arguments are compared by ``fingerprint`` (SHA-256 of their
canonical JSON). These rules are ``..rules.idempotency``, which the emulator calls too; this model stores
the rows and serializes the calls.

Concurrency on a real Odoo (REPEATABLE READ): ``pg_advisory_xact_lock(hashtext(key))`` serializes the
transactions of one key, but a transaction that waited for the lock still reads with the snapshot it took
*before* waiting, so it cannot see the row the first one committed. The row is therefore written with
``INSERT ... ON CONFLICT (key) DO NOTHING``: PostgreSQL answers a conflict with a committed row that is
invisible to the snapshot with a serialization failure (not a unique violation), the whole transaction
(including what the method created) is rolled back, and Odoo's RPC layer retries it with a fresh snapshot,
which then finds the row and returns the stored result.
"""
import json

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..rules import idempotency as rule

fingerprint = rule.fingerprint


class CustomK9Idempotency(models.Model):
    _name = "customk9.idempotency"
    _description = "CustomK9 booking idempotency key"
    _order = "id desc"

    key = fields.Char(required=True, index=False)  # the unique constraint's index serves lookups
    operation = fields.Char(required=True)
    owner = fields.Char(help="Whose request it was, e.g. partner:12.")
    fingerprint = fields.Char(help="SHA-256 of the request's arguments; empty on keys stored before it existed.")
    result = fields.Text(help="JSON of the method's successful return value.")

    _sql_constraints = [
        ("key_unique", "UNIQUE(key)", "An idempotency key is used once."),
    ]

    @api.model
    def _run(self, key, operation, owner, func, request=None):
        """Return ``func()`` once per key: the stored result for a repeated key of the same operation, owner
        and ``request`` (the method's arguments but the key).

        ``func`` returns a booking result dict; only ``ok: true`` results are stored (a refused request is
        run again when retried). Raises ``RuleError`` for a malformed or reused key.
        """
        if not key:
            return func()
        rule.check_key(key)
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", key))
        request_fingerprint = fingerprint(request)
        stored = self._stored(key, operation, owner, request_fingerprint)
        if stored is not None:
            return stored
        result = func()
        if not rule.worth_storing(result):
            return result
        self.env.flush_all()
        cr.execute(SQL(
            """INSERT INTO customk9_idempotency (key, operation, owner, fingerprint, result, create_uid,
                                                 write_uid, create_date, write_date)
               VALUES (%s, %s, %s, %s, %s, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')
               ON CONFLICT (key) DO NOTHING RETURNING id""",
            key, operation, owner, request_fingerprint, json.dumps(result), self.env.uid, self.env.uid,
        ), log_exceptions=False)  # the designed serialization failure is retried by Odoo, not a "bad query"
        if not cr.fetchone():
            # Unreachable under Odoo's REPEATABLE READ cursors (a concurrent row raises a serialization
            # failure instead); abort rather than keep a second record for one key.
            raise UserError(self.env._("This idempotency key was used concurrently; retry the request."))
        return result

    @api.model
    def _stored(self, key, operation, owner, request_fingerprint):
        """The stored result for ``key`` (None if there is none); a key of another request is refused."""
        self.env.cr.execute(SQL(
            "SELECT operation, owner, fingerprint, result FROM customk9_idempotency WHERE key = %s", key))
        row = self.env.cr.fetchone()
        if not row:
            return None
        stored = dict(zip(("operation", "owner", "fingerprint", "result"), row, strict=True))
        return rule.replay(stored, operation, owner, request_fingerprint)

    @api.autovacuum
    def _gc_old_keys(self):
        """Daily (the base autovacuum cron): forget keys older than a week; clients retry within minutes."""
        self.env.cr.execute(SQL("DELETE FROM customk9_idempotency WHERE create_date < %s",
                                rule.expired_before(fields.Datetime.now())))
