"""A client's dog (customk9.dog, from the CustomK9 Odoo addon)."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from bff.context import Info
from bff.odoo_values import parse_date, text
from bff.schema.mutation_error import MutationError
from bff.schema.node import Node
from bff.text_input import max_length

if TYPE_CHECKING:
    from bff.schema.session import Session
    from bff.schema.training import TrainingPlan

Row = dict[str, Any]


@strawberry.enum(description="Sex of a dog.")
class DogSex(enum.Enum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


@strawberry.type(description="A client's dog.")
class Dog(Node):
    row: strawberry.Private[Row]
    name: str = strawberry.field(description="The dog's name.")
    breed: str | None = strawberry.field(description="Breed, as the client gave it.")
    birth_date: date | None = strawberry.field(description="Date of birth, if known.")
    sex: DogSex = strawberry.field(description="Sex of the dog.")
    weight_kg: float | None = strawberry.field(description="Weight in kilograms, if known.")
    notes: str | None = strawberry.field(description="Notes for the trainers (health, habits).")

    @classmethod
    def from_row(cls, row: Row) -> Dog:
        sex = row.get("sex")
        return cls(odoo_id=row["id"], row=row, name=row.get("name") or "", breed=text(row.get("breed")),
                   birth_date=parse_date(row.get("birth_date")),
                   sex=DogSex(sex) if sex in {s.value for s in DogSex} else DogSex.UNKNOWN,
                   weight_kg=row.get("weight_kg") or None, notes=text(row.get("notes")))

    @strawberry.field(description="The dog's training plans, newest first.")
    async def training_plans(self, info: Info) -> list[Annotated[TrainingPlan, strawberry.lazy(
            "bff.schema.training")]]:
        from bff.schema.training import TrainingPlan

        rows = await info.context.loaders.plans_by_dog.load(self.odoo_id)
        return [TrainingPlan.from_row(row) for row in rows]

    @strawberry.field(description="The dog's training sessions, in time order.")
    async def sessions(self, info: Info) -> list[Annotated[Session, strawberry.lazy("bff.schema.session")]]:
        from bff.schema.session import Session

        rows = await info.context.loaders.sessions_by_dog.load(self.odoo_id)
        return [Session.from_row(row) for row in rows]


@strawberry.input(description="A new dog.")
class AddDogInput:
    name: str = strawberry.field(description="The dog's name (1 to 64 characters).")
    breed: str | None = strawberry.field(default=None, description="Breed (at most 64 characters).")
    birth_date: date | None = strawberry.field(default=None, description="Date of birth (not in the future).")
    sex: DogSex = strawberry.field(default=DogSex.UNKNOWN, description="Sex of the dog.")
    weight_kg: float | None = strawberry.field(default=None, description="Weight in kg (above 0, at most 120).")
    notes: str | None = strawberry.field(default=None, description="Notes for the trainers (at most 2000).",
                                         metadata=max_length(2000))


@strawberry.input(description="Changes to a dog; omitted fields stay as they are.")
class UpdateDogInput:
    name: str | None = strawberry.field(default=None, description="The dog's name (1 to 64 characters).")
    breed: str | None = strawberry.field(default=None, description="Breed (at most 64 characters).")
    birth_date: date | None = strawberry.field(default=None, description="Date of birth (not in the future).")
    sex: DogSex | None = strawberry.field(default=None, description="Sex of the dog.")
    weight_kg: float | None = strawberry.field(default=None, description="Weight in kg (above 0, at most 120).")
    notes: str | None = strawberry.field(default=None, description="Notes for the trainers (at most 2000).",
                                         metadata=max_length(2000))


@strawberry.type(description="The dog after `addDog`, `updateDog` or `archiveDog`.")
class DogPayload:
    dog: Dog | None = strawberry.field(default=None, description="The dog; null on failure.")
    errors: list[MutationError] = strawberry.field(default_factory=list,
                                                   description="Why it was not done; empty on success.")
