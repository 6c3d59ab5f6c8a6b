"""Sorting of lists: typed ``orderBy`` inputs, each field mapped to a stored Odoo field.

| list        | field          | Odoo field (stored)                   | default order                 |
|-------------|----------------|---------------------------------------|-------------------------------|
| `events`    | `START`        | `event.event.date_begin`              | `START ASC`                   |
|             | `END`          | `date_end`                            |                               |
|             | `NAME`         | `name`                                |                               |
|             | `CREATED_AT`   | `create_date`                         |                               |
| `posts`     | `PUBLISHED_AT` | `blog.post.published_date`            | `PUBLISHED_AT DESC`           |
|             | `TITLE`        | `name`                                |                               |
|             | `VISITS`       | `visits`                              |                               |
|             | `CREATED_AT`   | `create_date`                         |                               |
| `equipment` | `NAME`         | `product.product.name` (its template) | `NAME ASC`                    |
|             | `DAILY_PRICE`  | `list_price` (its template)           |                               |
|             | `REFERENCE`    | `default_code`                        |                               |
|             | `CREATED_AT`   | `create_date`                         |                               |
| `clients`   | `NAME`         | `res.partner.name`                    | `NAME ASC`                    |
|             | `EMAIL`        | `email`                               |                               |
|             | `CREATED_AT`   | `create_date`                         |                               |

Odoo sorts in SQL, so only stored fields (or a product's template fields, which Odoo joins) can sort:
a computed field such as ``seats_available`` makes Odoo fail (``Cannot convert ... because it is not stored``).
Every order ends with ``id`` in the direction of its first key, so equal values always come in one order and
offset cursors do not skip or repeat items. Empty values come last going up and first going down
(PostgreSQL's rule, which Odoo keeps).

A cursor carries the order it was made for (``Order.key``, empty for the list's default order, so cursors of
the default order read as they always did): a cursor given with another ``orderBy`` is ``BAD_USER_INPUT``.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import strawberry

from bff.errors import BadUserInput


@strawberry.enum(description="Which way a list is sorted.")
class OrderDirection(enum.Enum):
    ASC = strawberry.enum_value("asc", description="Smallest, earliest or A first.")
    DESC = strawberry.enum_value("desc", description="Largest, latest or Z first.")


@strawberry.enum(description="What events can be sorted by.")
class EventOrderField(enum.Enum):
    START = strawberry.enum_value("date_begin", description="When the event begins.")
    END = strawberry.enum_value("date_end", description="When the event ends.")
    NAME = strawberry.enum_value("name", description="The event's title.")
    CREATED_AT = strawberry.enum_value("create_date", description="When the event was created in Odoo.")


@strawberry.enum(description="What posts can be sorted by.")
class PostOrderField(enum.Enum):
    PUBLISHED_AT = strawberry.enum_value("published_date", description="When the post was published.")
    TITLE = strawberry.enum_value("name", description="The post's title.")
    VISITS = strawberry.enum_value("visits", description="How often the post was read on Odoo's website.")
    CREATED_AT = strawberry.enum_value("create_date", description="When the post was created in Odoo.")


@strawberry.enum(description="What rental equipment can be sorted by.")
class EquipmentOrderField(enum.Enum):
    NAME = strawberry.enum_value("name", description="The equipment's name.")
    DAILY_PRICE = strawberry.enum_value("list_price", description="Rental price for one day.")
    REFERENCE = strawberry.enum_value("default_code", description="Internal reference (empty ones last going up).")
    CREATED_AT = strawberry.enum_value("create_date", description="When the product was created in Odoo.")


@strawberry.enum(description="What clients can be sorted by.")
class ClientOrderField(enum.Enum):
    NAME = strawberry.enum_value("name", description="The client's name.")
    EMAIL = strawberry.enum_value("email", description="The client's email (empty ones last going up).")
    CREATED_AT = strawberry.enum_value("create_date", description="When the client was created in Odoo.")


_DIRECTION = strawberry.field(default=OrderDirection.ASC, description="ASC (the default) or DESC.")


@strawberry.input(description="One sort key of `events`; ties are broken by later keys, then by id.")
class EventOrder:
    field: EventOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = _DIRECTION


@strawberry.input(description="One sort key of `posts`; ties are broken by later keys, then by id.")
class PostOrder:
    field: PostOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = _DIRECTION


@strawberry.input(description="One sort key of `equipment`; ties are broken by later keys, then by id.")
class EquipmentOrder:
    field: EquipmentOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = _DIRECTION


@strawberry.input(description="One sort key of `clients`; ties are broken by later keys, then by id.")
class ClientOrder:
    field: ClientOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = _DIRECTION


class OrderKey(Protocol):
    field: Any
    direction: OrderDirection


def order_by_help(default: str) -> str:
    """The description of an ``orderBy`` argument whose default order is ``default`` (``"START ASC"``)."""
    field, direction = default.split()
    return (f"Sort keys, most significant first, e.g. `{{field: {field}, direction: {direction}}}` (one key or a "
            f"list); default `{default}`. Ties end with the id, in the first key's direction. A cursor is only "
            "valid with the order it was made for.")


@dataclass(frozen=True)
class Order:
    """A resolved order: Odoo's ``order`` string and the key a cursor carries."""

    odoo: str
    key: str


def resolve_order(keys: Sequence[OrderKey] | None, default: Sequence[tuple[enum.Enum, OrderDirection]]) -> Order:
    """``orderBy`` (or the default) as an Odoo order with the id tie-break; a field given twice is refused."""
    terms = [(key.field, key.direction) for key in keys] if keys else list(default)
    names = [field.name for field, _ in terms]
    if len(set(names)) != len(names):
        raise BadUserInput("`orderBy` names a field more than once", field="orderBy")
    odoo = ", ".join(f"{field.value} {direction.value}" for field, direction in terms)
    odoo += f", id {terms[0][1].value}"
    key = "" if terms == list(default) else ".".join(f"{field.name}-{direction.name}" for field, direction in terms)
    return Order(odoo=odoo, key=key)
