"""Idempotency keys of the booking API: the model ``customk9.idempotency`` and the protocol around creates.

``customk9.idempotency``: ``key`` (required, unique: the addon's SQL constraint), ``operation`` (the method
name), ``owner`` (``"partner:<id>"``), ``fingerprint`` (SHA-256 of the call's other arguments, see
``fingerprint``), ``result`` (JSON text of the method's answer), ``create_date``.

A create method given ``idempotency_key``: a key that is not 8 to 128 characters of ``[A-Za-z0-9_.:-]`` is
VALIDATION (field ``idempotencyKey``); a stored key with the same operation, owner and arguments answers its
stored result (JSON round trip, so exactly what the first call answered) and creates nothing; a stored key
of another operation, owner or other arguments (a key reused for a different dog) is IDEMPOTENCY_KEY_REUSED;
a stored key without a fingerprint (written before fingerprints) is matched on operation and owner only; an
unknown key runs the method and stores the answer only when it is ``ok``, so a failure (e.g. EVENT_FULL) is
retried for real. The real addon serializes the
calls of one key with ``pg_advisory_xact_lock``; the emulator's ``execute`` already runs one call at a time.
``gc(db, days=7)`` is the cleanup cron.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from ..exceptions import ValidationError
from .customk9_booking import check_caller, fail, fmt, now
from .registry import Registry

IDEMPOTENCY = "customk9.idempotency"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_.:-]{8,128}")
KEEP_DAYS = 7


def _unique_key(db: Any, ids: list[int]) -> None:
    rows = db.tables[IDEMPOTENCY]
    for rid in ids:
        key = rows[rid].get("key")
        if any(other != rid and row.get("key") == key for other, row in rows.items()):
            raise ValidationError("An idempotency key can only be used once.")


def setup(reg: Registry) -> None:
    mdef = reg.define(
        IDEMPOTENCY,
        "CustomK9 idempotency key",
        {
            "key": ("char", {"required": True}),
            "operation": ("char", {"required": True}),
            "owner": ("char",),
            "fingerprint": ("char",),
            "result": ("text",),
        },
        order="id desc",
        rec_name="key",
    )
    mdef.constraints.append(_unique_key)


def fingerprint(request: dict[str, Any]) -> str:
    """SHA-256 of the call's arguments (all but the key) as canonical JSON; the addon computes the same."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def find(db: Any, key: str) -> int | None:
    for rid, row in db.tables.get(IDEMPOTENCY, {}).items():
        if row.get("key") == key:
            return rid
    return None


def gc(db: Any, days: int = KEEP_DAYS) -> int:
    """The cron: remove the keys older than ``days``; the number removed."""
    limit = fmt(now(db) - timedelta(days=days))
    old = [rid for rid, row in db.tables.get(IDEMPOTENCY, {}).items() if (row.get("create_date") or "") < limit]
    if old:
        db.unlink_records(IDEMPOTENCY, old)
    return len(old)


def guarded(operation: str, func: Callable[..., dict], owner: Callable[[dict], str] | None) -> Callable[..., Any]:
    """``func`` behind the caller check and, when ``owner`` is given, the idempotency protocol."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def method(db: Any, uid: int, *args: Any, **kwargs: Any) -> Any:
        check_caller(db, uid)
        if owner is None:
            return func(db, uid, *args, **kwargs)
        arguments = signature.bind(db, uid, *args, **kwargs)
        arguments.apply_defaults()
        key = arguments.arguments.get("idempotency_key")
        if not key:  # no key (False, None, "")
            return func(db, uid, *args, **kwargs)
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            return fail("VALIDATION", "idempotencyKey", "An idempotency key is 8 to 128 letters, digits or _.:-")
        who = owner(arguments.arguments)
        request = fingerprint({name: value for name, value in arguments.arguments.items()
                               if name not in ("db", "uid", "idempotency_key")})
        stored = find(db, key)
        if stored is not None:
            row = db.tables[IDEMPOTENCY][stored]
            same_request = not row.get("fingerprint") or row.get("fingerprint") == request
            if row.get("operation") == operation and row.get("owner") == who and same_request:
                return json.loads(row.get("result") or "null")
            return fail(
                "IDEMPOTENCY_KEY_REUSED", "idempotencyKey", "This idempotency key was used for another request."
            )
        result = func(db, uid, *args, **kwargs)
        if isinstance(result, dict) and result.get("ok") is True:
            db.create_record(
                IDEMPOTENCY,
                {"key": key, "operation": operation, "owner": who, "fingerprint": request,
                 "result": json.dumps(result)},
                uid,
            )
        return result

    return method
