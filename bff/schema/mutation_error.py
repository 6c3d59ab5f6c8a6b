"""Errors as data: what every booking and editing mutation returns when it could not be done."""

from __future__ import annotations

import enum
from typing import Any

import strawberry


@strawberry.enum(description="Why a mutation was not done. Nothing was changed when one is returned.")
class MutationErrorCode(enum.Enum):
    NOT_FOUND = "NOT_FOUND"
    VALIDATION = "VALIDATION"
    EVENT_FULL = "EVENT_FULL"
    SLOT_TAKEN = "SLOT_TAKEN"
    OUTSIDE_WORKING_HOURS = "OUTSIDE_WORKING_HOURS"
    TOO_LATE_TO_CANCEL = "TOO_LATE_TO_CANCEL"
    EQUIPMENT_UNAVAILABLE = "EQUIPMENT_UNAVAILABLE"
    INVALID_PERIOD = "INVALID_PERIOD"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    ALREADY_CLOSED = "ALREADY_CLOSED"
    ALREADY_DONE = "ALREADY_DONE"
    NOT_PICKED_UP = "NOT_PICKED_UP"
    RATE_LIMITED = "RATE_LIMITED"
    FEATURE_UNAVAILABLE = "FEATURE_UNAVAILABLE"


@strawberry.type(description="An expected failure of a mutation, to show next to the field at fault.")
class MutationError:
    code: MutationErrorCode = strawberry.field(description="What went wrong, to switch on.")
    field: str | None = strawberry.field(description="The argument at fault (GraphQL name), if one is.")
    message: str = strawberry.field(description="A sentence to show the user.")


class Refused(Exception):
    """Raised inside a resolver for an expected failure; the resolver turns it into ``errors``."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.error = MutationError(code=MutationErrorCode(code), field=field, message=message)


_FIELD_NAMES = {"partner_id": None, "dog_id": "dogId", "trainer_user_id": "trainerId", "plan_id": "planId",
                "event_id": "eventId", "ticket_id": "ticketId", "session_id": "id", "rental_id": "id",
                "registration_id": "id", "product_id": "equipmentId", "template_id": "templateId",
                "idempotency_key": "idempotencyKey", "duration_minutes": "durationMinutes",
                "request_id": "id", "user_id": None}


def refused_from_odoo(result: dict[str, Any]) -> Refused:
    """The addon's ``{"ok": false, "code", "field", "message"}`` as a ``Refused``."""
    field = result.get("field") or None
    if isinstance(field, str):
        field = _FIELD_NAMES.get(field, field)
    code = result.get("code") if result.get("code") in MutationErrorCode.__members__ else "VALIDATION"
    return Refused(str(code), str(result.get("message") or code), field)
