"""What PostgreSQL (through psycopg2) refuses in the values Odoo hands it, and the error Odoo then answers.

Odoo does not check these itself: the value reaches the driver and the driver's exception travels back as a
JSON-RPC error (``error.code`` 200, ``data.name`` the exception's class), with nothing written.

    a str holding NUL (U+0000)         ValueError "A string literal cannot contain NUL (0x00) characters."
                                       (psycopg2 refuses it before sending; text, varchar and domain values)
    a str with a lone surrogate        UnicodeEncodeError: psycopg2 encodes parameters as UTF-8
    an integer beyond int4             psycopg2.errors.NumericValueOutOfRange "integer out of range"
"""

from __future__ import annotations

from typing import Any

from .exceptions import OdooException, PythonValueError

NUL_MESSAGE = "A string literal cannot contain NUL (0x00) characters."
INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1


class PythonUnicodeEncodeError(OdooException):
    odoo_name = "builtins.UnicodeEncodeError"


class NumericValueOutOfRange(OdooException):
    odoo_name = "psycopg2.errors.NumericValueOutOfRange"


def check_text(value: str) -> str:
    """``value`` when PostgreSQL can store it, else the error Odoo answers."""
    if "\x00" in value:
        raise PythonValueError(NUL_MESSAGE)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PythonUnicodeEncodeError(str(exc)) from None
    return value


def check_int4(value: int) -> int:
    if not INT4_MIN <= value <= INT4_MAX:
        raise NumericValueOutOfRange("integer out of range")
    return value


def check_parameter(value: Any) -> None:
    """A domain operand as psycopg2 would send it: every string in it (lists too) must be sendable."""
    if isinstance(value, str):
        check_text(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            check_parameter(item)
