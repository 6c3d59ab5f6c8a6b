"""Booking, moving and cancelling training sessions; free slots of a trainer; the trainer list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from bff.booking import booking, client_partner, idempotency_key, odoo_time, own_id
from bff.context import Info
from bff.errors import BadUserInput, FeatureUnavailable
from bff.odoo_values import required_datetime
from bff.permissions import IsAuthenticated, IsClient
from bff.resolvers.node import node_resolver
from bff.schema.arguments import Arg
from bff.schema.mutation_error import Refused
from bff.schema.session import Session, SessionPayload, TimeSlot
from bff.schema.training import Trainer

TRAINER_GROUP_NAME = "CustomK9 Trainer"  # group names are not translated here: the addon defines it in English
TRAINERS = [("groups_id.name", "=", TRAINER_GROUP_NAME), ("share", "=", False)]


@node_resolver("Trainer")
async def trainer_by_id(info: Info, odoo_id: int) -> Trainer | None:
    """A trainer's public profile, for signed-in users (as `trainers`); null for anyone else."""
    if not info.context.viewer.is_authenticated:
        return None
    rows = await info.context.odoo.search_read("res.users", [("id", "=", odoo_id), *TRAINERS], fields=["name"],
                                               limit=1)
    return Trainer.from_pair([rows[0]["id"], rows[0]["name"]]) if rows else None


async def _session(info: Info, session_id: int) -> SessionPayload:
    row = await info.context.loaders.session.load(session_id)
    return SessionPayload(session=Session.from_row(row) if row else None)


@strawberry.type
class SessionBookingQueries:
    @strawberry.field(description="CustomK9's trainers, by name (their IDs are what `bookSession` takes).",
                      permission_classes=[IsAuthenticated])
    async def trainers(self, info: Info) -> list[Trainer]:
        rows = await info.context.odoo.search_read(
            "res.users", TRAINERS, fields=["name"], order="name asc, id asc")
        return [t for t in (Trainer.from_pair([row["id"], row["name"]]) for row in rows) if t]

    @strawberry.field(description="Free slots of a trainer in a period (at most 31 days), within their "
                                  "working hours in the time zone Odoo keeps them in (each slot's `timeZone`), "
                                  "every 30 minutes.", permission_classes=[IsAuthenticated])
    async def available_slots(
        self, info: Info, trainer_id: Annotated[strawberry.ID, Arg("Global ID of the trainer.")],
        start: Annotated[datetime, Arg("Period start (a date alone: 00:00 UTC that day).", name="from")],
        end: Annotated[datetime, Arg("Period end (a date alone: 00:00 UTC that day).", name="to")],
        duration_minutes: Annotated[int, Arg("Length of the session (15 to 240, a multiple of 15).")] = 60,
    ) -> list[TimeSlot]:
        try:
            trainer = own_id(trainer_id, "Trainer", "trainerId")
            result = await booking(info, "available_slots", [trainer, odoo_time(start, "from"),
                                                             odoo_time(end, "to"), duration_minutes])
        except Refused as refused:
            raise BadUserInput(refused.error.message, field=refused.error.field) from refused
        zone = result.get("time_zone")
        if not isinstance(zone, str):
            raise FeatureUnavailable("The CustomK9 Odoo addon is too old to name working time zones: upgrade it")
        return [TimeSlot(start=required_datetime(a), end=required_datetime(b), time_zone=zone)
                for a, b in result["slots"]]


@strawberry.type
class SessionBookingMutations:
    @strawberry.mutation(description="Book a session with a trainer for one of the client's dogs.",
                         permission_classes=[IsClient])
    async def book_session(
        self, info: Info, dog_id: Annotated[strawberry.ID, Arg("The client's dog.")],
        trainer_id: Annotated[strawberry.ID, Arg("The trainer (see `trainers`).")],
        start: Annotated[datetime, Arg("Start time, with a time zone.")],
        duration_minutes: Annotated[int, Arg("Length (15 to 240, a multiple of 15).")] = 60,
        plan_id: Annotated[strawberry.ID | None, Arg("The training plan it belongs to, if any.")] = None,
        idempotency_key_: Annotated[str | None, Arg("Same key, same result: retries book once.",
                                                    name="idempotencyKey")] = None,
    ) -> SessionPayload:
        try:
            result = await booking(info, "book_session", [
                client_partner(info), own_id(trainer_id, "Trainer", "trainerId"), own_id(dog_id, "Dog", "dogId"),
                odoo_time(start, "start"), duration_minutes], {
                "plan_id": own_id(plan_id, "TrainingPlan", "planId") or False,
                "idempotency_key": idempotency_key(idempotency_key_)})
        except Refused as refused:
            return SessionPayload(errors=[refused.error])
        return await _session(info, result["session_id"])

    @strawberry.mutation(description="Move one of the client's sessions (not within the notice period).",
                         permission_classes=[IsClient])
    async def reschedule_session(
        self, info: Info, id: Annotated[strawberry.ID, Arg("The session.")],
        start: Annotated[datetime, Arg("New start time, with a time zone.")],
        duration_minutes: Annotated[int | None, Arg("New length; unchanged when omitted.")] = None,
    ) -> SessionPayload:
        try:
            session_id = own_id(id, "Session", "id")
            current = await info.context.loaders.session.load(session_id or 0)
            if current is None:
                raise Refused("NOT_FOUND", "No such session", "id")
            minutes = duration_minutes or Session.from_row(current).duration_minutes
            result = await booking(info, "reschedule_session", [
                client_partner(info), session_id, odoo_time(start, "start"), minutes,
                info.context.settings.cancel_notice_hours])
        except Refused as refused:
            return SessionPayload(errors=[refused.error])
        info.context.loaders.session.clear(result["session_id"])
        return await _session(info, result["session_id"])

    @strawberry.mutation(description="Cancel one of the client's sessions (not within the notice period). "
                                     "On success `errors` is empty and `session` is null: it is gone.",
                         permission_classes=[IsClient])
    async def cancel_session(self, info: Info, id: Annotated[strawberry.ID, Arg("The session.")]) -> SessionPayload:
        try:
            await booking(info, "cancel_session", [
                client_partner(info), own_id(id, "Session", "id"), info.context.settings.cancel_notice_hours])
        except Refused as refused:
            return SessionPayload(errors=[refused.error])
        return SessionPayload()
