"""Memberships on Odoo's ``membership`` module: plans (membership products) and a client's membership.

Capability-detected: without the module every membership field answers ``FEATURE_UNAVAILABLE``.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from bff.odoo_values import parse_date, text
from bff.schema.money import Money
from bff.schema.mutation_error import MutationError
from bff.schema.node import Node

if TYPE_CHECKING:
    from bff.schema.order import Order

Row = dict[str, Any]
PLAN_FIELDS = ("name", "list_price", "currency_id", "membership_date_from", "membership_date_to",
               "description_sale", "membership", "sale_ok", "active")


@strawberry.type(description="A membership plan the business sells (an Odoo membership product).")
class MembershipPlan(Node):
    name: str = strawberry.field(description="Name of the plan.")
    description: str | None = strawberry.field(description="What the plan offers, as on the product.")
    price: Money = strawberry.field(description="Price of the plan, before taxes.")
    valid_from: date | None = strawberry.field(description="First day of the membership period it gives.")
    valid_until: date | None = strawberry.field(description="Last day of the membership period it gives.")

    @classmethod
    def from_row(cls, row: Row) -> MembershipPlan:
        return cls(odoo_id=row["id"], name=row.get("name") or "", description=text(row.get("description_sale")),
                   price=Money.of(row.get("list_price"), row.get("currency_id")),
                   valid_from=parse_date(row.get("membership_date_from")),
                   valid_until=parse_date(row.get("membership_date_to")))


@strawberry.enum(description="A client's membership state, as Odoo's membership module computes it.")
class MembershipState(enum.Enum):
    NONE = "none"
    WAITING = "waiting"
    INVOICED = "invoiced"
    PAID = "paid"
    FREE = "free"
    OLD = "old"
    CANCELLED = "canceled"


@strawberry.type(description="A client's membership: whether they are a member, since and until when, of which plan.")
class Membership:
    state: MembershipState = strawberry.field(
        description="`PAID`, `INVOICED` (paid online, the invoice awaiting reconciliation) and `FREE` are "
                    "members; `NONE` never was, `OLD` was.")
    since: date | None = strawberry.field(description="Start of the client's first membership period.")
    until: date | None = strawberry.field(description="End of the client's last membership period.")
    plan: MembershipPlan | None = strawberry.field(description="The plan of the latest membership.")


@strawberry.type(description="The order to pay after `buyMembership`.")
class MembershipPayload:
    order: Annotated[Order, strawberry.lazy("bff.schema.order")] | None = strawberry.field(
        default=None, description="The order to pay (its `paymentUrl`); the membership starts once Odoo confirms it.")
    errors: list[MutationError] = strawberry.field(default_factory=list,
                                                   description="Why it was not done; empty on success.")
