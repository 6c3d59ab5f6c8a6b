# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Event registrations: the attendees, the seats, the end and start of the event.

1 to 10 attendees, each a name (at most 128 characters), a valid e-mail and a phone of at most 64
characters when given. Seats: the event's free seats when limited, then the ticket's, must cover every
attendee. A registration is cancelled before the event begins.
"""
import re

from .common import RuleError, _, parse_utc

MAX_ATTENDEES = 10
EMAIL = re.compile(r"[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+")


def valid_email(value):
    """A plain address ``local@domain.tld``; the addon passes Odoo's stricter ``email_normalize``."""
    return bool(EMAIL.fullmatch(value.strip()))


def attendees(value, email_ok=valid_email):
    """Validated ``[{"name", "email", "phone"}]`` as registration values, else VALIDATION ``attendees``."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_ATTENDEES:
        raise RuleError("VALIDATION", "attendees", _("Register 1 to %(count)s attendees."), count=MAX_ATTENDEES)
    result = []
    for attendee in value:
        if not isinstance(attendee, dict):
            raise RuleError("VALIDATION", "attendees", _("Each attendee has a name, an e-mail and a phone."))
        name = attendee.get("name")
        name = name.strip() if isinstance(name, str) else ""
        if not name or len(name) > 128:
            raise RuleError("VALIDATION", "attendees", _("Each attendee needs a name (at most 128 characters)."))
        email = attendee.get("email") or False
        if email and (not isinstance(email, str) or not email_ok(email)):
            raise RuleError("VALIDATION", "attendees", _("%(email)s is not a valid e-mail address."), email=email)
        phone = attendee.get("phone") or False
        if phone and (not isinstance(phone, str) or len(phone) > 64):
            raise RuleError("VALIDATION", "attendees", _("A phone number is at most 64 characters."))
        result.append({"name": name, "email": email and email.strip(), "phone": phone and phone.strip()})
    return result


def not_over(date_end, now):
    if not date_end or parse_utc(date_end, "date_end") <= now:
        raise RuleError("VALIDATION", "event_id", _("This event is over."))


def seats(event_free, ticket_free, count):
    """``event_free`` / ``ticket_free``: free seats, None when unlimited (or no ticket); else EVENT_FULL."""
    if event_free is not None and event_free < count:
        raise RuleError("EVENT_FULL", "event_id", _("Only %(seats)s seats are left."), seats=max(event_free, 0))
    if ticket_free is not None and ticket_free < count:
        raise RuleError("EVENT_FULL", "ticket_id", _("Only %(seats)s seats are left for this ticket."),
                        seats=max(ticket_free, 0))


def cancellable(date_begin, now):
    if not date_begin or parse_utc(date_begin, "date_begin") <= now:
        raise RuleError("TOO_LATE_TO_CANCEL", False, _("The event has already started."))
