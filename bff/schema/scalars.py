"""``Date`` and ``DateTime`` as clients may send them: one reading for every argument, checked at the edge.

strawberry's own scalars read ``"2026-01-01"`` as a *naive* datetime and ``"2026-01-01T10:00"`` too, so a
date next to a zoned time made resolvers compare naive and aware values (``INTERNAL``), and any year Python
knows (1 to 9999) reached Odoo, which cannot write years before 1000 back in a form it reads, nor add an
hour to 9999-12-31 23:30. The rules, for every argument and input field of these types:

    DateTime  "2026-01-01T10:00:00Z", "...+02:00"   that instant (returned as UTC)
              "2026-01-01"                          00:00 UTC that day
              "2026-01-01T10:00:00" (no zone)        refused: a time needs a zone
    Date      "2026-01-01"                          that day
    both      years 1900 to 2999                    else refused

A refused value is a coercion error (``BAD_USER_INPUT`` for a variable), before any resolver runs.
Business ranges (a birth date not in the future, bookings at most five years ahead) stay with their domain.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

FIRST_YEAR, LAST_YEAR = 1900, 2999
# ``@specifiedBy``: codegen and GraphiQL link the format. A DateTime answer is an RFC 3339 ``date-time``
# (ISO 8601's internet profile); a Date is an ISO 8601 calendar date (RFC 3339 ``full-date``).
DATE_TIME_SPEC_URL = "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"
DATE_SPEC_URL = "https://www.iso.org/iso-8601-date-and-time-format.html"
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_CHARS = 64  # the longest ISO 8601 form is about 35 characters: refuse megabytes before parsing


def _refuse(kind: str, value: Any, why: str) -> StrawberryInputCoercionError:
    shown = value if isinstance(value, str) and len(value) <= _MAX_CHARS else "(value)"
    return StrawberryInputCoercionError(f"{kind} cannot represent {shown!r}: {why}")


def _text(kind: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _refuse(kind, value, "expected a string")
    if len(value) > _MAX_CHARS:
        raise _refuse(kind, value, "too long")
    return value.strip()


def _check_year(kind: str, value: Any, year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _refuse(kind, value, f"the year must be {FIRST_YEAR} to {LAST_YEAR}")


def _day(kind: str, value: Any, text: str) -> date:
    if not _DATE_ONLY.match(text):
        raise _refuse(kind, value, "give a date as YYYY-MM-DD")
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise _refuse(kind, value, str(exc)) from None
    _check_year(kind, value, day.year)
    return day


def parse_date(value: Any) -> date:
    return _day("Date", value, _text("Date", value))


def parse_datetime(value: Any) -> datetime:
    text = _text("DateTime", value)
    if _DATE_ONLY.match(text):
        day = _day("DateTime", value, text)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise _refuse("DateTime", value, f"give an ISO 8601 date and time ({exc})") from None
    _check_year("DateTime", value, moment.year)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _refuse("DateTime", value, "give a time zone (Z or an offset such as +02:00), or a date alone")
    return moment.astimezone(UTC)


def _isoformat(value: date) -> str:
    return value.isoformat()


DATE = ScalarDefinition(
    name="Date",
    description=f"A calendar day, ISO 8601 `YYYY-MM-DD` (years {FIRST_YEAR} to {LAST_YEAR} as input).",
    specified_by_url=DATE_SPEC_URL,
    serialize=_isoformat,
    parse_value=parse_date,
    parse_literal=None,
    origin=date,
)

DATE_TIME = ScalarDefinition(
    name="DateTime",
    description=f"An instant, ISO 8601 with a time zone (`2026-05-01T09:00:00Z`, `...+02:00`); answers are in "
                f"UTC. As input a date alone (`2026-05-01`) means 00:00 UTC that day, a time without a zone is "
                f"refused, and years are {FIRST_YEAR} to {LAST_YEAR}.",
    specified_by_url=DATE_TIME_SPEC_URL,
    serialize=_isoformat,
    parse_value=parse_datetime,
    parse_literal=None,
    origin=datetime,
)



def _decimal_text(value: Decimal) -> str:
    return format(value, "f")  # never the exponent form (``1E+2``) a client's decimal parser may refuse


def parse_decimal(value: Any) -> Decimal:
    if not isinstance(value, str) or len(value) > _MAX_CHARS:
        raise _refuse("Decimal", value, "expected a decimal number as a string")
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise _refuse("Decimal", value, "not a decimal number") from None
    if not number.is_finite():
        raise _refuse("Decimal", value, "not a finite number")
    return number


DECIMAL = ScalarDefinition(
    name="Decimal",
    description='An exact decimal number sent as a JSON string, e.g. `"25.00"`: parse it with a decimal '
                "library (never through a float) to keep every cent.",
    specified_by_url=None,
    serialize=_decimal_text,
    parse_value=parse_decimal,
    parse_literal=None,
    origin=Decimal,
)

SCALAR_OVERRIDES: dict[object, Any] = {date: DATE, datetime: DATE_TIME, Decimal: DECIMAL}
