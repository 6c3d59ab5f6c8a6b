# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What every rule shares: the refusal, the wire's ids and datetimes, the message marker."""
from datetime import datetime

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _(message):
    """Mark ``message`` for Odoo's translation export; the addon translates it when it answers."""
    return message


class RuleError(Exception):
    """A refused request: ``code`` and ``field`` of the API's answer, ``message`` (English, a template for
    ``params``) that the caller translates."""

    def __init__(self, code, field, message, **params):
        super().__init__(message % params if params else message)
        self.code = code
        self.field = field or False
        self.template = message
        self.params = params

    def answer(self, translate=None):
        """The API's ``{"ok": False, ...}`` dict; ``translate(template, **params)`` localises the text."""
        if translate is not None:
            message = translate(self.template, **self.params) if self.params else translate(self.template)
        else:
            message = str(self)
        return {"ok": False, "code": self.code, "field": self.field, "message": str(message)}


def wire_int(value):
    """An id or count from the wire: an int that is not a bool, else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def parse_utc(value, field):
    """An Odoo UTC datetime string (or a datetime) as a naive UTC datetime, else VALIDATION ``field``."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None)
    try:
        return datetime.strptime(value, DATETIME_FORMAT)
    except (TypeError, ValueError):
        raise RuleError("VALIDATION", field, _("Give a UTC date and time as YYYY-MM-DD HH:MM:SS.")) from None


def format_utc(moment):
    """A naive UTC datetime as Odoo's datetime string."""
    return moment.strftime(DATETIME_FORMAT)
