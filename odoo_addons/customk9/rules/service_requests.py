# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Service requests (the guide's helpdesk tickets, on Community ``project``): what a request and a message are.

A service request is a ``project.task`` of the project flagged ``customk9_service_requests`` (the addon's
data file creates it with the stages below). Its chatter is the conversation: the client's first message
and every reply are public comments (``mail.mt_comment``); staff notes (``mail.mt_note``) stay internal.

| stage (sequence) | task ``state``  | reached by                         |
|------------------|-----------------|------------------------------------|
| New (1)          | 01_in_progress  | ``request_service``                |
| In progress (2)  | 01_in_progress  | ``assign_service_request``         |
| Closed (3, fold) | 1_done          | ``close_service_request``, convert |
"""
from datetime import date

from .common import RuleError, _

KINDS = ("training", "behaviour", "boarding", "grooming", "equipment", "other")
KIND_LABELS = {"training": "Training", "behaviour": "Behaviour consultation", "boarding": "Boarding",
               "grooming": "Grooming", "equipment": "Equipment", "other": "Other"}
STAGES = (("new", "New", 1, False), ("progress", "In progress", 2, False), ("closed", "Closed", 3, True))
MAX_MESSAGE = 5000
MAX_DATES = 5
OPEN_STATE = "01_in_progress"
CLOSED_STATE = "1_done"


def kind(value):
    if value not in KINDS:
        raise RuleError("VALIDATION", "kind", _("Choose one of the service kinds."))
    return value


def body(value, field="body"):
    """A message's plain text, stripped: 1 to 5000 characters."""
    text = value.strip() if isinstance(value, str) else ""
    if not 1 <= len(text) <= MAX_MESSAGE:
        raise RuleError("VALIDATION", field, _("A message is 1 to %(count)s characters."), count=MAX_MESSAGE)
    return text


def preferred_dates(value, today):
    """Up to 5 distinct ISO dates (``YYYY-MM-DD``), today or later, sorted; stored comma-separated."""
    if value in (None, False):
        return []
    if not isinstance(value, list) or len(value) > MAX_DATES:
        raise RuleError("VALIDATION", "preferredDates", _("Give at most %(count)s dates."), count=MAX_DATES)
    out = set()
    for item in value:
        try:
            day = date.fromisoformat(item) if isinstance(item, str) and len(item) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise RuleError("VALIDATION", "preferredDates", _("Give dates as YYYY-MM-DD."))
        if day < today:
            raise RuleError("VALIDATION", "preferredDates", _("Preferred dates cannot be in the past."))
        out.add(day.isoformat())
    return sorted(out)


def request_values(values, today):
    """``{kind, message, preferred_dates: [iso]}`` of a new request, else VALIDATION (dog checked by the caller)."""
    if not isinstance(values, dict):
        raise RuleError("VALIDATION", False, _("The request has a kind and a message."))
    return {"kind": kind(values.get("kind")), "message": body(values.get("message"), "message"),
            "preferred_dates": preferred_dates(values.get("preferred_dates"), today)}


def task_name(kind_key, dog_name):
    label = KIND_LABELS[kind_key]
    return "%s: %s" % (label, dog_name) if dog_name else label


def html(text):
    """Plain text as the HTML body of a message (escaped, line breaks kept)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return "<p>%s</p>" % escaped.replace("\n", "<br>")


def open_request(state):
    if state == CLOSED_STATE:
        raise RuleError("ALREADY_CLOSED", "id", _("This service request is closed."))
