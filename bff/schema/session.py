"""Training sessions: calendar.event with the client, the trainer and (through the addon) the dog."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from bff.context import Info
from bff.odoo_values import many2one_id, required_datetime, text
from bff.schema.mutation_error import MutationError
from bff.schema.node import Node
from bff.schema.training import Trainer, TrainingPlan

if TYPE_CHECKING:
    from bff.schema.dog import Dog

Row = dict[str, Any]


@strawberry.type(description="A training session with a trainer.")
class Session(Node):
    row: strawberry.Private[Row]
    title: str = strawberry.field(description="Title of the session.")
    start: datetime = strawberry.field(description="When it starts (UTC).")
    end: datetime = strawberry.field(description="When it ends (UTC).")
    duration_minutes: int = strawberry.field(description="Length in minutes.")
    location: str | None = strawberry.field(description="Where it takes place.")
    notes: str | None = strawberry.field(description="Notes from the trainer, as HTML.")
    trainer: Trainer | None = strawberry.field(description="The trainer running the session.")

    @classmethod
    def from_row(cls, row: Row) -> Session:
        start, end = required_datetime(row.get("start")), required_datetime(row.get("stop"))
        minutes = int((end - start).total_seconds() // 60)
        return cls(odoo_id=row["id"], row=row, title=row.get("name") or "", start=start, end=end,
                   duration_minutes=minutes, location=text(row.get("location")),
                   notes=text(row.get("description")), trainer=Trainer.from_pair(row.get("user_id")))

    @strawberry.field(description="IANA time zone of the trainer's working hours, where the session takes "
                                  "place (e.g. `America/Los_Angeles`): show `start` and `end` in it. UTC when "
                                  "the session has no organiser.")
    async def time_zone(self, info: Info) -> str:
        trainer = many2one_id(self.row.get("user_id"))
        return await info.context.loaders.working_time_zone.load(trainer) if trainer else "UTC"

    @strawberry.field(description="Whether the session is over.")
    def is_past(self) -> bool:
        from datetime import UTC

        return self.end < datetime.now(UTC)

    @strawberry.field(description="The dog the session is for.")
    async def dog(self, info: Info) -> Annotated[Dog, strawberry.lazy("bff.schema.dog")] | None:
        from bff.schema.dog import Dog

        dog_id = many2one_id(self.row.get("dog_id"))
        row = await info.context.loaders.dog.load(dog_id) if dog_id else None
        return Dog.from_row(row) if row else None

    @strawberry.field(description="The training plan the session belongs to, if any.")
    async def training_plan(self, info: Info) -> TrainingPlan | None:
        plan_id = many2one_id(self.row.get("training_plan_id"))
        row = await info.context.loaders.plan.load(plan_id) if plan_id else None
        return TrainingPlan.from_row(row) if row else None


@strawberry.type(description="A free time a trainer can be booked for.")
class TimeSlot:
    start: datetime = strawberry.field(description="Start of the slot (UTC).")
    end: datetime = strawberry.field(description="End of the slot (UTC).")
    time_zone: str = strawberry.field(description="IANA time zone of the trainer's working hours (e.g. "
                                                  "`America/Los_Angeles`): slots start on its whole and half "
                                                  "hours, within the working hours there.")


@strawberry.type(description="The session after `bookSession`, `rescheduleSession` or `cancelSession`.")
class SessionPayload:
    session: Session | None = strawberry.field(default=None, description="The session; null on failure.")
    errors: list[MutationError] = strawberry.field(default_factory=list,
                                                   description="Why it was not done; empty on success.")
