"""The client dashboard: what is next and what is open, in one query with a fixed Odoo cost."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Annotated, Any

import strawberry

from bff.context import Info
from bff.errors import BadUserInput
from bff.loaders.private import REGISTRATION_FIELDS, RENTAL_FIELDS, SESSION_FIELDS
from bff.loaders.shaped import search_shaped
from bff.loaders.training import PLAN_SHAPE
from bff.odoo_values import format_datetime
from bff.schema.node import Node
from bff.schema.registration import EventRegistration
from bff.schema.rental import Rental
from bff.schema.session import Session
from bff.schema.training import TrainingPlan
from bff.specification import page_selections

OPEN_RENTAL_STATES = ["draft", "sent", "sale"]


@strawberry.type(description="How many of each thing the dashboard covers.")
class DashboardCounts:
    dogs: int = strawberry.field(description="Dogs (not archived).")
    active_plans: int = strawberry.field(description="Training plans that have not ended.")
    upcoming_sessions: int = strawberry.field(description="Sessions that have not ended.")
    open_rentals: int = strawberry.field(description="Rentals not cancelled nor returned whose period has not "
                                                        "ended, and late ones (picked up, overdue).")
    upcoming_registrations: int = strawberry.field(description="Confirmed registrations for coming events.")


@strawberry.type(description="The signed-in client's overview. Its ID is the same in every query of one "
                               "viewer, so Apollo merges the parts that different queries select.")
class Dashboard(Node):
    """``odoo_id`` is the partner whose data it covers (the viewer's commercial partner)."""

    def _domains(self, info: Info) -> dict[str, list[Any]]:
        scope, now = info.context.scope, format_datetime(datetime.now(UTC))
        today = date.today().isoformat()
        owner = self.odoo_id
        return {
            "dogs": [("owner_id", "child_of", owner), *scope.dogs()],
            "plans": [("partner_id", "child_of", owner), "|", ("date", "=", False), ("date", ">=", today),
                      *scope.plans()],
            "sessions": [("partner_ids", "child_of", owner), ("stop", ">", now), *scope.sessions()],
            "rentals": [("partner_id", "child_of", owner), ("state", "in", OPEN_RENTAL_STATES),
                        ("customk9_returned_at", "=", False),  # returned: done; picked up and overdue: still open
                        "|", ("rental_end", ">", now), ("customk9_picked_up_at", "!=", False), *scope.rentals()],
            "registrations": [("partner_id", "child_of", owner), ("state", "=", "open"),
                              ("event_id.date_end", ">", now), *scope.registrations()],
        }

    @strawberry.field(description="The next sessions, soonest first.")
    async def next_sessions(
        self, info: Info, first: Annotated[int, strawberry.argument(description="How many (at most 20).")] = 3,
    ) -> list[Session]:
        if not 0 <= first <= 20:
            raise BadUserInput("`first` must be between 0 and 20", field="first")
        rows = await info.context.odoo.search_read("calendar.event", self._domains(info)["sessions"],
                                                   fields=list(SESSION_FIELDS), limit=first or 1,
                                                   order="start asc, id asc")
        return [Session.from_row(row) for row in rows[:first]]

    @strawberry.field(description="Training plans that have not ended, with their progress.")
    async def active_plans(self, info: Info) -> list[TrainingPlan]:
        """One call with the selected fields, tasks and progress nested (``bff.loaders.training``)."""
        spec = PLAN_SHAPE.compile(page_selections(info.selected_fields))
        rows = await search_shaped(info.context.odoo, PLAN_SHAPE, spec, self._domains(info)["plans"],
                                   order="date_start desc, id desc")
        return [TrainingPlan.from_row(row) for row in rows]

    @strawberry.field(description="Rentals not returned whose period has not ended, and late ones (picked up and "
                                  "overdue, `isLate`), soonest first.")
    async def open_rentals(self, info: Info) -> list[Rental]:
        rows = await info.context.odoo.search_read("sale.order", self._domains(info)["rentals"],
                                                   fields=list(RENTAL_FIELDS), order="rental_start asc, id asc")
        return [Rental.from_row(row) for row in rows]

    @strawberry.field(description="Confirmed registrations for events still to come.")
    async def upcoming_registrations(self, info: Info) -> list[EventRegistration]:
        rows = await info.context.odoo.search_read("event.registration", self._domains(info)["registrations"],
                                                   fields=list(REGISTRATION_FIELDS), order="id desc")
        return [EventRegistration.from_row(row) for row in rows]

    @strawberry.field(description="Counts of dogs, active plans, upcoming sessions, open rentals, registrations.")
    async def counts(self, info: Info) -> DashboardCounts:
        models = {"dogs": "customk9.dog", "plans": "project.project", "sessions": "calendar.event",
                  "rentals": "sale.order", "registrations": "event.registration"}
        domains = self._domains(info)
        dogs, plans, sessions, rentals, registrations = await asyncio.gather(
            *(info.context.odoo.search_count(model, domains[key]) for key, model in models.items()))
        return DashboardCounts(dogs=dogs, active_plans=plans, upcoming_sessions=sessions, open_rentals=rentals,
                               upcoming_registrations=registrations)
