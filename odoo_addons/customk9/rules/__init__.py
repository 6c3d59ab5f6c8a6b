# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The booking API's decisions, in plain Python (stdlib and zoneinfo only, no Odoo import).

The addon's models (``models/customk9_booking*.py``) and the BFF's Odoo emulator both call these functions,
so that a rule (seat arithmetic, working hours and slots in a time zone, stock over a period, notice,
idempotency keys) is written once. What stays per side is glue: the addon reads and writes through the ORM
and locks rows; the emulator reads and writes its in-memory tables. The emulator loads this folder as a
package of its own (``odoo_emulator.rules``), without importing ``odoo``: keep every import here relative
or from the standard library.

A refused request raises ``RuleError(code, field, message, params)``; each side turns it into the API's
``{"ok": False, "code", "field", "message"}`` (the addon translates ``message`` with ``env._`` first).
Datetimes are naive UTC, as Odoo stores them.
"""
from . import (  # noqa: F401
    contact, events, holds, hours, idempotency, records, rental_tracking, rentals, service_requests, sessions,
)
from .common import RuleError, parse_utc, wire_int  # noqa: F401
