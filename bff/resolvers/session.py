"""Trainer agenda: the sessions a trainer runs over a period."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from bff.context import Info
from bff.errors import BadUserInput
from bff.loaders.private import SESSION_FIELDS
from bff.permissions import IsStaff
from bff.schema.client import MAX_WINDOW, session_window
from bff.schema.session import Session


@strawberry.type
class SessionQueries:
    @strawberry.field(description="Staff: the viewer's sessions overlapping a period (at most 366 days).",
                      permission_classes=[IsStaff])
    async def trainer_agenda(
        self, info: Info,
        start: Annotated[datetime, strawberry.argument(
            name="from", description="Period start (inclusive; a date alone: 00:00 UTC that day).")],
        end: Annotated[datetime, strawberry.argument(
            name="to", description="Period end (exclusive; a date alone: 00:00 UTC that day).")],
    ) -> list[Session]:
        if end <= start or end - start > MAX_WINDOW:
            raise BadUserInput("`to` must be after `from`, at most 366 days later", field="to")
        viewer = info.context.viewer
        domain = ["|", ("user_id", "=", viewer.user_id), ("partner_ids", "in", [viewer.partner_id or 0]),
                  *session_window(start, end), *info.context.scope.sessions()]
        rows = await info.context.odoo.search_read("calendar.event", domain, fields=list(SESSION_FIELDS),
                                                   order="start asc, id asc")
        return [Session.from_row(row) for row in rows]
