"""Adding, changing and archiving a client's dogs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry

from bff.booking import booking, client_partner, idempotency_key, own_id
from bff.context import Info
from bff.permissions import IsClient
from bff.schema.arguments import Arg
from bff.schema.dog import AddDogInput, Dog, DogPayload, UpdateDogInput
from bff.schema.mutation_error import Refused

LIMITS = {"name": 64, "breed": 64, "notes": 2000}



def dog_values(data: AddDogInput | UpdateDogInput) -> dict[str, Any]:
    """Odoo values of the given fields, checked here: Odoo would silently coerce bad values."""
    values: dict[str, Any] = {}
    for field, limit in LIMITS.items():
        value = getattr(data, field)
        if value is None:
            continue
        value = value.strip()
        if len(value) > limit or (field == "name" and not value):
            raise Refused("VALIDATION", f"`{field}` must be {'1' if field == 'name' else '0'} to {limit} "
                                        "characters", field)
        values[field] = value or False
    if data.birth_date is not None:
        if data.birth_date > date.today():
            raise Refused("VALIDATION", "The birth date cannot be in the future", "birthDate")
        values["birth_date"] = data.birth_date.isoformat()
    if data.weight_kg is not None:
        if not 0 < data.weight_kg <= 120:
            raise Refused("VALIDATION", "The weight must be above 0 and at most 120 kg", "weightKg")
        values["weight_kg"] = round(data.weight_kg, 2)
    if data.sex is not None:
        values["sex"] = data.sex.value
    return values


async def _dog_payload(info: Info, dog_id: int) -> DogPayload:
    info.context.loaders.dog.clear(dog_id)
    row = await info.context.loaders.dog.load(dog_id)
    return DogPayload(dog=Dog.from_row(row) if row else None)


async def _owned_dog(info: Info, global_id: str) -> int:
    dog_id = own_id(global_id, "Dog", "id") or 0
    if await info.context.loaders.dog.load(dog_id) is None:  # the policy scope: another client's dog too
        raise Refused("NOT_FOUND", "No such dog", "id")
    return dog_id


@strawberry.type
class DogMutations:
    @strawberry.mutation(description="Add a dog to the signed-in client's account.", permission_classes=[IsClient])
    async def add_dog(
        self, info: Info, input: AddDogInput,
        idempotency_key_: Annotated[str | None, Arg("Same key, same result: retries add one dog.",
                                                    name="idempotencyKey")] = None,
    ) -> DogPayload:
        try:
            values = dog_values(input)
            result = await booking(info, "create_dog", [client_partner(info), values],
                                   {"idempotency_key": idempotency_key(idempotency_key_)})
        except Refused as refused:
            return DogPayload(errors=[refused.error])
        return await _dog_payload(info, result["dog_id"])

    @strawberry.mutation(description="Change one of the client's dogs.", permission_classes=[IsClient])
    async def update_dog(self, info: Info, id: Annotated[strawberry.ID, Arg("The dog.")],
                         input: UpdateDogInput) -> DogPayload:
        try:
            dog_id = await _owned_dog(info, id)
            values = dog_values(input)
        except Refused as refused:
            return DogPayload(errors=[refused.error])
        if values:
            await info.context.odoo.write("customk9.dog", [dog_id], values)
        return await _dog_payload(info, dog_id)

    @strawberry.mutation(description="Archive one of the client's dogs: it leaves lists, its history stays. "
                                     "On success `dog` is null.", permission_classes=[IsClient])
    async def archive_dog(self, info: Info, id: Annotated[strawberry.ID, Arg("The dog.")]) -> DogPayload:
        try:
            dog_id = await _owned_dog(info, id)
        except Refused as refused:
            return DogPayload(errors=[refused.error])
        await info.context.odoo.write("customk9.dog", [dog_id], {"active": False})
        return DogPayload()
