"""Odoo's exceptions as they appear on the wire.

Every class carries ``odoo_name``, the fully qualified Python class name that real Odoo puts in
``error.data.name``, and ``code``, the JSON-RPC ``error.code`` (200 for every server exception, 100 for a
missing or expired session, 404 for an unknown model).
"""

from __future__ import annotations


class OdooException(Exception):
    """Base of everything the emulator reports as a JSON-RPC error."""

    odoo_name = "odoo.exceptions.UserError"
    code = 200

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class UserError(OdooException):
    odoo_name = "odoo.exceptions.UserError"


class ValidationError(UserError):
    odoo_name = "odoo.exceptions.ValidationError"


class AccessError(UserError):
    odoo_name = "odoo.exceptions.AccessError"


class MissingError(UserError):
    odoo_name = "odoo.exceptions.MissingError"


class AccessDenied(UserError):
    odoo_name = "odoo.exceptions.AccessDenied"

    def __init__(self, message: str = "Access Denied") -> None:
        super().__init__(message)


class SessionExpired(OdooException):
    odoo_name = "odoo.http.SessionExpiredException"
    code = 100

    def __init__(self, message: str = "Session expired") -> None:
        super().__init__(message)


class ModelNotFound(OdooException):
    """call_kw on a model that does not exist: Odoo answers code 404 and a null id."""

    odoo_name = "werkzeug.exceptions.NotFound"
    code = 404


class PythonException(OdooException):
    """A bare ``Exception`` raised by Odoo code (e.g. auth_signup's "No account found for this login")."""

    odoo_name = "builtins.Exception"


class PythonValueError(OdooException):
    odoo_name = "builtins.ValueError"


class PythonTypeError(OdooException):
    odoo_name = "builtins.TypeError"


class PythonAttributeError(OdooException):
    odoo_name = "builtins.AttributeError"


class PythonAssertionError(OdooException):
    odoo_name = "builtins.AssertionError"


class InvalidTextRepresentation(OdooException):
    """What Odoo leaks when a non-integer id reaches PostgreSQL."""

    odoo_name = "psycopg2.errors.InvalidTextRepresentation"


class JSONDecodeError(OdooException):
    odoo_name = "json.decoder.JSONDecodeError"
