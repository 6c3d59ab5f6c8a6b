"""Memberships: ``membershipPlans`` (public), ``Client.membership`` and ``buyMembership``, all through Odoo's
``membership`` module when it is installed (else ``FEATURE_UNAVAILABLE``)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.booking import booking, client_partner, idempotency_key, own_id
from bff.context import Info
from bff.errors import FeatureUnavailable
from bff.odoo_values import parse_date
from bff.permissions import IsClient, IsPublic
from bff.resolvers.node import node_resolver
from bff.resolvers.order import payload_order
from bff.schema.arguments import Arg
from bff.schema.membership import PLAN_FIELDS, Membership, MembershipPayload, MembershipPlan, MembershipState
from bff.schema.mutation_error import Refused

PLAN_DOMAIN = [("membership", "=", True), ("sale_ok", "=", True)]


async def require_membership(info: Info, field: str) -> None:
    if not (await info.context.odoo.detect()).has("membership"):
        raise FeatureUnavailable("Memberships need Odoo's membership module", field=field)


async def plan_rows(info: Info, ids: list[int] | None = None) -> list[dict]:
    domain = [*PLAN_DOMAIN, *([("id", "in", ids)] if ids is not None else [])]
    return await info.context.odoo.search_read("product.product", domain, fields=list(PLAN_FIELDS),
                                               order="list_price asc, id asc")


async def client_membership(info: Info, partner_id: int) -> Membership:
    """The membership of a client the viewer reached through their scope (one addon call, one plan read)."""
    await require_membership(info, "membership")
    status = await booking(info, "membership_status", [partner_id])
    plan = None
    if status.get("plan_id"):
        rows = await info.context.odoo.search_read("product.product", [("id", "=", status["plan_id"])],
                                                   fields=list(PLAN_FIELDS))
        plan = MembershipPlan.from_row(rows[0]) if rows else None
    return Membership(state=MembershipState(status.get("state") or "none"), since=parse_date(status.get("since")),
                      until=parse_date(status.get("until")), plan=plan)


@node_resolver("MembershipPlan")
async def plan_by_id(info: Info, odoo_id: int) -> MembershipPlan | None:
    await require_membership(info, "node")
    rows = await plan_rows(info, [odoo_id])
    return MembershipPlan.from_row(rows[0]) if rows else None


@strawberry.type
class MembershipQueries:
    @strawberry.field(description="The membership plans on sale, cheapest first. Public. FEATURE_UNAVAILABLE "
                                  "when Odoo has no membership module.", permission_classes=[IsPublic])
    async def membership_plans(self, info: Info) -> list[MembershipPlan]:
        await require_membership(info, "membershipPlans")
        return [MembershipPlan.from_row(row) for row in await plan_rows(info)]


@strawberry.type
class MembershipMutations:
    @strawberry.mutation(description="Buy a membership plan: returns the order to pay on Odoo's page; the "
                                     "membership starts when Odoo confirms it. FEATURE_UNAVAILABLE without "
                                     "Odoo's membership module.", permission_classes=[IsClient])
    async def buy_membership(
        self, info: Info, plan_id: Annotated[strawberry.ID, Arg("The membership plan.")],
        idempotency_key_: Annotated[str | None, Arg("Same key, same result: retries buy once.",
                                                    name="idempotencyKey")] = None,
    ) -> MembershipPayload:
        await require_membership(info, "buyMembership")
        try:
            result = await booking(info, "buy_membership", [
                client_partner(info), own_id(plan_id, "MembershipPlan", "planId")],
                {"idempotency_key": idempotency_key(idempotency_key_)})
        except Refused as refused:
            return MembershipPayload(errors=[refused.error])
        return MembershipPayload(order=await payload_order(info, result))
