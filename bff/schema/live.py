"""Types of the live subscriptions: what changed on a dashboard."""

from __future__ import annotations

import enum

import strawberry

from bff.schema.node import Node


@strawberry.enum(description="What kind of object a dashboard change is about; `RESYNC` means changes may have "
                             "been missed (the BFF lost Odoo for too long, or this subscriber fell behind): "
                             "re-read everything the dashboard shows.")
class DashboardChangeKind(enum.Enum):
    DOG = "DOG"
    TRAINING_PLAN = "TRAINING_PLAN"
    TASK = "TASK"
    SESSION = "SESSION"
    REGISTRATION = "REGISTRATION"
    RENTAL = "RENTAL"
    ORDER = "ORDER"
    RESYNC = "RESYNC"


@strawberry.enum(description="What happened to the objects of a change.")
class ChangeOperation(enum.Enum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    DELETED = "DELETED"


# A sale.order change is reported as ORDER (every order of the viewer) and, for the rentals among them, as
# RENTAL too: each kind carries the ids that read as that type for the viewer.
KINDS_BY_MODEL: dict[str, tuple[DashboardChangeKind, ...]] = {
    "customk9.dog": (DashboardChangeKind.DOG,),
    "project.project": (DashboardChangeKind.TRAINING_PLAN,),
    "project.task": (DashboardChangeKind.TASK,),
    "calendar.event": (DashboardChangeKind.SESSION,),
    "event.registration": (DashboardChangeKind.REGISTRATION,),
    "sale.order": (DashboardChangeKind.RENTAL, DashboardChangeKind.ORDER),
}
NODE_TYPE_BY_KIND: dict[DashboardChangeKind, str] = {
    DashboardChangeKind.DOG: "Dog",
    DashboardChangeKind.TRAINING_PLAN: "TrainingPlan",
    DashboardChangeKind.TASK: "TrainingTask",
    DashboardChangeKind.SESSION: "Session",
    DashboardChangeKind.REGISTRATION: "EventRegistration",
    DashboardChangeKind.RENTAL: "Rental",
    DashboardChangeKind.ORDER: "Order",
}
OPERATION_BY_ODOO: dict[str, ChangeOperation] = {
    "create": ChangeOperation.CREATED, "write": ChangeOperation.UPDATED, "unlink": ChangeOperation.DELETED}


@strawberry.type(description="Objects of the viewer's dashboard that changed in Odoo, or a `RESYNC` signal.")
class DashboardChange:
    kind: DashboardChangeKind = strawberry.field(description="What kind of object changed, or `RESYNC`.")
    operation: ChangeOperation | None = strawberry.field(
        description="Created, updated or deleted; null for `RESYNC`.")
    ids: list[strawberry.ID] = strawberry.field(
        description="Global IDs of the changed objects the viewer may see (empty for `RESYNC`).")
    nodes: list[Node] = strawberry.field(
        description="The changed objects, read fresh with the viewer's rights (empty for deletions and `RESYNC`).")
