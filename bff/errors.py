"""The BFF's exception tree and the GraphQL error codes clients switch on.

    BffError                      public: its message reaches the client, with ``code``
    ├── BadUserInput              BAD_USER_INPUT: a bad cursor, filter or argument
    ├── NotFound                  NOT_FOUND: no such record, or not the viewer's (same answer)
    ├── FeatureUnavailable        FEATURE_UNAVAILABLE: the Odoo instance lacks the module behind a field
    ├── TooManySubscriptions      TOO_MANY_SUBSCRIPTIONS: the connection or the viewer has as many as allowed
    ├── SlowConsumer              SLOW_CONSUMER: a subscriber fell behind twice in a row and was ended
    ├── RateLimitExceeded         RATE_LIMITED: the viewer's request or query-cost budget is spent; ``retryAfter``
    ├── SharedStateUnavailable    SERVICE_UNAVAILABLE: Redis (REDIS_URL) cannot answer; auth fails closed
    └── OdooError                 anything Odoo said or failed to say; ``odoo_name`` keeps error.data.name
        ├── OdooUnavailable       ODOO_UNAVAILABLE: Odoo cannot serve now; ``retryAfter`` when known
        │   ├── OdooUnreachable   refused connection, timeout, HTTP 5xx: counts toward the circuit breaker
        │   ├── CircuitOpen       the breaker is open: failed fast, without calling Odoo
        │   ├── DeadlineExceeded  the request's deadline passed (queued, logging in or waiting on Odoo)
        │   └── IntegrationLoginFailed  the integration account cannot log in (down, wrong credentials)
        ├── OdooRequestTooLarge   BAD_USER_INPUT: HTTP 413, Odoo (or its proxy) refused the request's size
        ├── OdooProtocolError     INTERNAL: the answer broke the JSON-RPC contract (wrong id, no result)
        ├── OdooSessionExpired    error.code 100: log in again (the client does it once by itself)
        ├── OdooAccessDenied      AccessDenied: wrong login or password / API key
        ├── OdooAccessError       AccessError: ACL or record rule said no
        ├── OdooMissingError      MissingError: the record is gone
        ├── OdooValidationError   ValidationError, UserError: Odoo refused the values
        ├── OdooModelNotFound     error.code 404: the model is not installed
        └── OdooServerError       any other server exception (ValueError, TypeError, ...)

Only ``BffError`` subclasses flagged ``public`` reach clients with their own message; every other error
is masked as ``INTERNAL`` with a request id (see ``bff.graphql_errors``). Odoo's ``debug`` traceback is
dropped here, at the boundary, and never stored on the exception.
"""

from __future__ import annotations

import math
from typing import Any


class BffError(Exception):
    """Base of every error the BFF raises on purpose."""

    code = "INTERNAL"
    public = False

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions


class BadUserInput(BffError):
    code = "BAD_USER_INPUT"
    public = True


class NotFound(BffError):
    code = "NOT_FOUND"
    public = True


class FeatureUnavailable(BffError):
    code = "FEATURE_UNAVAILABLE"
    public = True


class TooManySubscriptions(BffError):
    code = "TOO_MANY_SUBSCRIPTIONS"
    public = True


class SlowConsumer(BffError):
    code = "SLOW_CONSUMER"
    public = True


class _RetryLater(BffError):
    """A public error that tells when to come back: ``extensions.retryAfter`` and the HTTP ``Retry-After``."""

    public = True
    default_message = "Try again shortly"

    def __init__(self, message: str | None = None, *, retry_after_s: float = 1.0) -> None:
        super().__init__(message or self.default_message, retryAfter=max(1, math.ceil(retry_after_s)))

    @property
    def retry_after(self) -> int:
        return int(self.extensions["retryAfter"])


class RateLimitExceeded(_RetryLater):
    """Too many requests, or too much query cost, for this viewer (or anonymous address) right now."""

    code = "RATE_LIMITED"
    default_message = "Too many requests: try again after retryAfter seconds"


class SharedStateUnavailable(_RetryLater):
    """The shared store (Redis) did not answer: sign-in state cannot be checked, so the request is refused."""

    code = "SERVICE_UNAVAILABLE"
    default_message = "The service is unavailable, try again shortly"


class OdooError(BffError):
    """Odoo said no, or could not be reached. ``odoo_name`` is Odoo's ``error.data.name`` when it sent one."""

    def __init__(self, message: str, *, odoo_name: str | None = None, odoo_code: int | None = None) -> None:
        super().__init__(message)
        self.odoo_name = odoo_name
        self.odoo_code = odoo_code


class OdooUnavailable(OdooError):
    code = "ODOO_UNAVAILABLE"
    public = True
    default_message = "Odoo is unavailable, try again shortly"

    def __init__(self, message: str | None = None, *, retry_after_s: float | None = None, **kwargs: Any) -> None:
        super().__init__(message or self.default_message, **kwargs)
        if retry_after_s is not None:
            self.extensions["retryAfter"] = max(1, math.ceil(retry_after_s))

    @property
    def retry_after(self) -> int | None:
        """Whole seconds the client should wait before trying again (``Retry-After``), when known."""
        return self.extensions.get("retryAfter")


class OdooUnreachable(OdooUnavailable):
    """Odoo did not answer, or answered 5xx: the failures the circuit breaker counts."""


class CircuitOpen(OdooUnavailable):
    default_message = "Odoo is failing; the BFF stopped calling it for a moment, try again after retryAfter"


class DeadlineExceeded(OdooUnavailable):
    default_message = "Odoo did not answer within the request's time limit, try again shortly"


class IntegrationLoginFailed(OdooUnavailable):
    default_message = "The BFF cannot log in to Odoo at the moment, try again after retryAfter"


class OdooRequestTooLarge(OdooError):
    """HTTP 413: what the client asked for made a request Odoo's front refuses (e.g. a huge search)."""

    code = "BAD_USER_INPUT"
    public = True

    def __init__(self, message: str = "The request is too large", **kwargs: Any) -> None:
        super().__init__(message, **kwargs)


class OdooProtocolError(OdooError):
    pass


class OdooSessionExpired(OdooError):
    pass


class OdooAccessDenied(OdooError):
    pass


class OdooAccessError(OdooError):
    pass


class OdooMissingError(OdooError):
    pass


class OdooValidationError(OdooError):
    pass


class OdooModelNotFound(OdooError):
    pass


class OdooServerError(OdooError):
    pass


# error.data.name -> exception class. Names not listed map to OdooServerError.
ODOO_ERROR_NAMES: dict[str, type[OdooError]] = {
    "odoo.http.SessionExpiredException": OdooSessionExpired,
    "odoo.exceptions.AccessDenied": OdooAccessDenied,
    "odoo.exceptions.AccessError": OdooAccessError,
    "odoo.exceptions.MissingError": OdooMissingError,
    "odoo.exceptions.ValidationError": OdooValidationError,
    "odoo.exceptions.UserError": OdooValidationError,
    "odoo.exceptions.RedirectWarning": OdooValidationError,
    "werkzeug.exceptions.NotFound": OdooModelNotFound,
    "builtins.ValueError": OdooServerError,
    "builtins.TypeError": OdooServerError,
    "builtins.AttributeError": OdooServerError,
    "builtins.AssertionError": OdooServerError,
    "builtins.KeyError": OdooServerError,
    "psycopg2.errors.InvalidTextRepresentation": OdooServerError,
    "psycopg2.OperationalError": OdooUnavailable,
    "psycopg2.errors.SerializationFailure": OdooUnavailable,
    "json.decoder.JSONDecodeError": OdooProtocolError,
}


def odoo_error_from_payload(error: dict[str, Any]) -> OdooError:
    """Build the project's exception from a JSON-RPC ``error`` member (its ``debug`` is discarded)."""
    raw_data = error.get("data")
    data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
    name = data.get("name")
    code = error.get("code")
    message = str(data.get("message") or error.get("message") or "Odoo error")
    if code == 100:
        cls: type[OdooError] = OdooSessionExpired
    elif code == 404:
        cls = OdooModelNotFound
    else:
        cls = ODOO_ERROR_NAMES.get(name or "", OdooServerError)
    if cls is OdooUnavailable:
        return OdooUnavailable(odoo_name=name, odoo_code=code)
    return cls(message, odoo_name=name, odoo_code=code)
