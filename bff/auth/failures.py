"""Expected failures of account operations (payload ``errors``), input checks, and Odoo failing half-way
(``ODOO_UNAVAILABLE``, never ``INTERNAL``)."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Awaitable
from typing import TypeVar

from bff.errors import OdooError, OdooUnavailable

log = logging.getLogger("bff.auth")
T = TypeVar("T")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8
MAX_PASSWORD = 128


class AuthFailure(Exception):
    """An expected failure of an account operation, returned to the client as data. ``retry_after_s`` is set
    on ``TOO_MANY_ATTEMPTS`` and ``RATE_LIMITED``: whole seconds before trying again is worth it."""

    def __init__(self, code: str, message: str, field: str | None = None, *,
                 retry_after_s: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.field, self.retry_after_s = code, message, field, retry_after_s


def too_many_attempts(wait_s: float) -> AuthFailure:
    seconds = max(1, math.ceil(wait_s))
    return AuthFailure("TOO_MANY_ATTEMPTS", f"Too many failed attempts: try again in {seconds} s",
                       retry_after_s=seconds)


def rate_limited(wait_s: float) -> AuthFailure:
    seconds = max(1, math.ceil(wait_s))
    return AuthFailure("RATE_LIMITED", f"Too many requests: try again in {seconds} s", retry_after_s=seconds)


def check_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise AuthFailure("VALIDATION", "Enter a valid email address", "email")
    return email


def check_new_password(password: str, field: str = "password") -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AuthFailure("WEAK_PASSWORD", f"Use {MIN_PASSWORD} to {MAX_PASSWORD} characters", field)


def unavailable(exc: OdooError, what: str) -> OdooUnavailable:
    """The ODOO_UNAVAILABLE error to answer for ``exc`` (itself when it already is one), logged once."""
    if isinstance(exc, OdooUnavailable):
        return exc
    log.warning("%s: Odoo failed with %s (%s)", what, type(exc).__name__, exc.odoo_name or "-")
    return OdooUnavailable(f"Odoo could not {what}, try again shortly")


async def odoo_step(step: Awaitable[T], what: str) -> T:
    """Await an Odoo step of an account operation; Odoo failing answers ODOO_UNAVAILABLE, not INTERNAL."""
    try:
        return await step
    except OdooUnavailable:
        raise
    except OdooError as exc:
        raise unavailable(exc, what) from exc
