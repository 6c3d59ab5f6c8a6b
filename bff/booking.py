"""Calls into the CustomK9 addon's booking API (``customk9.booking``, see docs/booking-api.md).

Every check-then-write that must hold under concurrency happens inside Odoo, in one transaction that locks
the row it checks, so several BFF processes and staff editing in Odoo cannot oversell a seat, a trainer's
hour or a crate. This module only turns GraphQL arguments into the addon's arguments and its answers into
``Refused`` errors.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from bff.context import Info
from bff.errors import BadUserInput, FeatureUnavailable
from bff.odoo_values import format_datetime
from bff.schema.mutation_error import Refused, refused_from_odoo
from bff.schema.node import expect_global_id

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")
BOOKING_HORIZON = timedelta(days=5 * 366)  # five years: beyond is a typo or a probe


async def booking(info: Info, method: str, args: list[Any], kwargs: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run one addon booking method; an ``ok: false`` answer becomes ``Refused``."""
    server = await info.context.odoo.detect()
    if not server.has("customk9"):
        raise FeatureUnavailable("Bookings need the CustomK9 Odoo addon")
    result = await info.context.odoo.call("customk9.booking", method, args, kwargs or {})
    if not isinstance(result, dict) or not result.get("ok"):
        raise refused_from_odoo(result if isinstance(result, dict) else {})
    return result


def own_id(global_id: str | None, type_name: str, field: str) -> int | None:
    """The Odoo id of an argument; a malformed id or one of another type is refused as VALIDATION."""
    if global_id is None:
        return None
    try:
        return expect_global_id(global_id, type_name)
    except BadUserInput as exc:
        raise Refused("VALIDATION", f"`{field}` is not a {type_name} ID", field) from exc


def idempotency_key(key: str | None) -> str | bool:
    if key is None:
        return False
    if not IDEMPOTENCY_KEY.match(key):
        raise Refused("VALIDATION", "An idempotency key is 8 to 128 letters, digits or _.:-", "idempotencyKey")
    return key


def odoo_time(value: datetime, field: str) -> str:
    """A booking time for the addon: at most ``BOOKING_HORIZON`` ahead (the ``DateTime`` scalar has already
    refused naive times and years outside 1900-2999), so no far-future date reaches Odoo's arithmetic."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if value > datetime.now(UTC) + BOOKING_HORIZON:
        raise Refused("VALIDATION", "Book at most five years ahead", field)
    return format_datetime(value)


def client_partner(info: Info) -> int:
    return info.context.viewer.commercial_partner_id or 0
