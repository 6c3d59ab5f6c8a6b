"""Idempotency keys of the booking API: the model ``customk9.idempotency`` and the glue of the key protocol.

``customk9.idempotency``: ``key`` (required, unique: the addon's SQL constraint), ``operation`` (the method
name), ``owner`` (``"partner:<id>"`` or ``"user:<id>"``), ``fingerprint``, ``result`` (JSON text of the
method's answer), ``create_date``. The rules (key format, fingerprints, when a stored key answers or is
IDEMPOTENCY_KEY_REUSED, what is stored, how long) are the addon's ``rules/idempotency.py``; this module reads
and writes the rows. The real addon serializes the calls of one key with ``pg_advisory_xact_lock``; the
emulator's ``execute`` already runs one call at a time. ``guarded`` also turns a rule's ``RuleError`` into
the API's ``{"ok": False, ...}`` answer. ``gc(db)`` is the cleanup cron.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable
from typing import Any

from .. import rules
from ..exceptions import ValidationError
from .customk9_booking import check_caller, fmt, now
from .registry import Registry

IDEMPOTENCY = "customk9.idempotency"
fingerprint = rules.idempotency.fingerprint


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


def find(db: Any, key: str) -> int | None:
    for rid, row in db.tables.get(IDEMPOTENCY, {}).items():
        if row.get("key") == key:
            return rid
    return None


def gc(db: Any) -> int:
    """The cron: remove the keys the rules say are forgotten; the number removed."""
    limit = fmt(rules.idempotency.expired_before(now(db)))
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
        try:
            if owner is None:
                return func(db, uid, *args, **kwargs)
            return _once(db, uid, args, kwargs)
        except rules.RuleError as refusal:
            return refusal.answer()

    def _once(db: Any, uid: int, args: tuple, kwargs: dict) -> Any:
        assert owner is not None
        arguments = signature.bind(db, uid, *args, **kwargs)
        arguments.apply_defaults()
        key = arguments.arguments.get("idempotency_key")
        if not key:  # no key (False, None, "")
            return func(db, uid, *args, **kwargs)
        rules.idempotency.check_key(key)
        who = owner(arguments.arguments)
        request = fingerprint({name: value for name, value in arguments.arguments.items()
                               if name not in ("db", "uid", "idempotency_key")})
        stored = find(db, key)
        if stored is not None:
            return rules.idempotency.replay(db.tables[IDEMPOTENCY][stored], operation, who, request)
        result = func(db, uid, *args, **kwargs)
        if rules.idempotency.worth_storing(result):
            db.create_record(
                IDEMPOTENCY,
                {"key": key, "operation": operation, "owner": who, "fingerprint": request,
                 "result": json.dumps(result)},
                uid,
            )
        return result

    return method
