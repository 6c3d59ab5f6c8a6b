"""Small value types shared by several domains."""

from __future__ import annotations

from typing import Any

import strawberry

from bff.odoo_values import many2one_name, text
from bff.schema.money import Money

__all__ = ["Address", "Money"]


@strawberry.type(description="A postal address.")
class Address:
    name: str | None = strawberry.field(description="Name of the place, e.g. the venue.")
    street: str | None = strawberry.field(description="Street and number.")
    street2: str | None = strawberry.field(description="Second address line.")
    city: str | None = strawberry.field(description="City.")
    zip: str | None = strawberry.field(description="Postal code.")
    state: str | None = strawberry.field(description="State or region.")
    country: str | None = strawberry.field(description="Country name.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Address:
        return cls(name=text(row.get("name")), street=text(row.get("street")), street2=text(row.get("street2")),
                   city=text(row.get("city")), zip=text(row.get("zip")), state=many2one_name(row.get("state_id")),
                   country=many2one_name(row.get("country_id")))
