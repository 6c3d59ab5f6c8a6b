# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Idempotency keys of the creates (docs/booking-api.md, "Idempotency").

A key is 8 to 128 letters, digits or ``_ . : -``. A stored key answers its stored result to a call of the
same operation, owner (``partner:<id>`` or ``user:<id>``) and arguments; any other call with it is
IDEMPOTENCY_KEY_REUSED. Arguments are compared by ``fingerprint``: SHA-256 of their canonical JSON (a key
stored without a fingerprint matches on operation and owner only). Only successful answers are stored, and
keys are forgotten after ``KEEP_DAYS``.
"""
import hashlib
import json
import re
from datetime import timedelta

from .common import RuleError, _

KEY_RE = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")
KEEP_DAYS = 7


def check_key(key):
    """``key`` is a well-formed key (callers skip the protocol for an empty one), else VALIDATION."""
    if not isinstance(key, str) or not KEY_RE.fullmatch(key):
        raise RuleError("VALIDATION", "idempotencyKey", _("An idempotency key is 8 to 128 letters, digits or _ . : -"))


def fingerprint(request):
    """SHA-256 of a call's arguments (all but the key) as canonical JSON."""
    canonical = json.dumps(request or {}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def replay(stored, operation, owner, request_fingerprint):
    """The stored answer of ``stored`` (``{"operation", "owner", "fingerprint", "result"}``, result as JSON
    text) for this call, else IDEMPOTENCY_KEY_REUSED."""
    other_request = bool(stored.get("fingerprint")) and stored["fingerprint"] != request_fingerprint
    if stored.get("operation") != operation or (stored.get("owner") or False) != (owner or False) or other_request:
        raise RuleError("IDEMPOTENCY_KEY_REUSED", "idempotencyKey",
                        _("This idempotency key was already used for another request."))
    return json.loads(stored.get("result") or "null")


def worth_storing(result):
    """Only a success is stored: a refused request is run again when retried."""
    return isinstance(result, dict) and result.get("ok") is True


def expired_before(now):
    """Keys created before this moment are forgotten."""
    return now - timedelta(days=KEEP_DAYS)
