"""What each GraphQL subscription listens to, and how one change becomes its delivery.

| subscription              | models                             | delivers when                                   |
|---------------------------|------------------------------------|-------------------------------------------------|
| dashboardChanged          | the six dashboard models           | the viewer may see a changed row (``policy.sees``)|
| eventSeatsChanged(id)     | event.event (+ registrations when  | the event was written, or (polling) one of its  |
|                           | polling: the bus sends both)       | registrations changed                           |
| trainingPlanChanged(id)   | project.project, project.task      | the plan or one of its tasks changed            |
| sessionChanged(id)        | calendar.event                     | the session changed                             |

Ownership is checked here on rows read once per change (``ChangeReads``); what is delivered is read again by
the subscriber with its own scoped loaders, so a subscriber never receives a record its queries would not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bff.auth.viewer import Role
from bff.live.audience import ChangeReads
from bff.live.broker import Delivery, PublicLoaders
from bff.live.changes import Change
from bff.odoo_client import OdooClient
from bff.policy import AUDIENCE_FIELDS, Scope, partner_facts_domain, sees

DASHBOARD_MODELS = frozenset(AUDIENCE_FIELDS)


async def partner_facts(odoo: OdooClient, scope: Scope) -> frozenset[int]:
    """The partners ``policy.sees`` compares rows with, read now (one search; none for most roles)."""
    domain = partner_facts_domain(scope)
    return frozenset(await odoo.search("res.partner", domain)) if domain is not None else frozenset()


@dataclass
class DashboardInterest:
    """A client's partner set is read once, at subscribe time; a trainer's clients change with plans and
    sessions, so it is read again for each dog change (the only rule that uses it)."""

    scope: Scope
    partners: frozenset[int] = frozenset()
    models: frozenset[str] = field(default=DASHBOARD_MODELS)

    async def match(self, change: Change, reads: ChangeReads, public: PublicLoaders) -> Delivery | None:
        if change.model == "customk9.dog" and self.scope.viewer.role is Role.TRAINER:
            self.partners = await partner_facts(reads.odoo, self.scope)
        rows = await reads.rows()
        plans = await reads.plans() if change.model == "project.task" else {}
        visible = tuple(i for i in change.ids if i in rows and sees(self.scope, change.model, rows[i],
                                                                  partners=self.partners, plans=plans))
        sees_all = self.scope.viewer.role in (Role.ADMIN, Role.MANAGER)
        if change.op == "unlink" and len(rows) < len(change.ids) and not sees_all:
            # a deleted record the BFF never read: its owner cannot be known, so nobody may miss it silently
            return Delivery(resync=f"records of {change.model} were deleted")
        return Delivery(model=change.model, op=change.op, ids=visible) if visible else None


@dataclass
class EventSeatsInterest:
    event_id: int
    models: frozenset[str] = frozenset({"event.event", "event.registration"})

    async def match(self, change: Change, reads: ChangeReads, public: PublicLoaders) -> Delivery | None:
        if change.model == "event.event":
            hit = self.event_id in change.ids
        elif change.bus_id is not None:
            return None  # on the bus the addon also announces the event itself
        else:
            rows = await reads.rows()
            hit = any((row.get("event_id") or [None])[0] == self.event_id for row in rows.values())
        if not hit:
            return None
        return Delivery(model="event.event", op="write", ids=(self.event_id,), public_loaders=public.get())


@dataclass
class PlanInterest:
    plan_id: int
    models: frozenset[str] = frozenset({"project.project", "project.task"})

    async def match(self, change: Change, reads: ChangeReads, public: PublicLoaders) -> Delivery | None:
        if change.model == "project.project":
            hit = self.plan_id in change.ids
        else:
            rows = await reads.rows()
            hit = any((row.get("project_id") or [None])[0] == self.plan_id for row in rows.values())
            hit = hit or (change.op == "unlink" and len(rows) < len(change.ids))
        op = change.op if change.model == "project.project" else "write"
        return Delivery(model="project.project", op=op, ids=(self.plan_id,)) if hit else None


@dataclass
class SessionInterest:
    session_id: int
    models: frozenset[str] = frozenset({"calendar.event"})

    async def match(self, change: Change, reads: ChangeReads, public: PublicLoaders) -> Delivery | None:
        if self.session_id not in change.ids:
            return None
        return Delivery(model="calendar.event", op=change.op, ids=(self.session_id,))
