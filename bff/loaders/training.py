"""What each GraphQL field of a training plan reads (``bff.specification``): a plan page is one call.

The plan is read through the viewer's plan scope (``bff.policy``); its tasks come nested in the same call,
which is safe because the task scope is exactly "tasks of a plan the viewer sees" for every role.

Dogs have a scope of their own, so a plan's dog is nested only in a read whose domain proves it is in the
viewer's dog scope (``plan_with_dog_domain``); otherwise it stays a pair and ``TrainingPlan.dog`` loads it
through the dog loader. ``trainingPlan(id:)`` reads the plan that way (one call) and, should that find
nothing (a plan whose dog the viewer may not see), reads it again without the dog (two calls, same answer).
"""

from __future__ import annotations

from dataclasses import replace

from bff.loaders.private import DOG_FIELDS, PLAN_FIELDS, TASK_FIELDS, TaskStageByIdLoader
from bff.policy import Domain, Scope
from bff.specification import Relation, Shape

TASK_ORDER = "sequence asc, id asc"  # as ``TasksByPlanLoader``
TASK_SHAPE = Shape("project.task", scalars={
    "name": ("name",), "description": ("description",), "stage": ("stage_id",), "deadline": ("date_deadline",),
    "isDone": ("state",)}, many2one=frozenset({"stage_id", "project_id"}), fallback=TASK_FIELDS)
PROGRESS_SHAPE = Shape("project.task", scalars={"done": ("state",), "total": ("state",), "percent": ("state",)},
                       fallback=("state",))
TASK_STAGE_SHAPE = Shape("project.task.type", scalars={"name": ("name",)}, fallback=TaskStageByIdLoader.fields)
PLAN_SHAPE = Shape("project.project", scalars={
    "name": ("name",), "startDate": ("date_start",), "endDate": ("date",), "trainer": ("user_id",),
    "dog": ("dog_id",),
}, relations={
    "stages": Relation("type_ids", TASK_STAGE_SHAPE, many=True, order="sequence asc, id asc"),
    "progress": Relation("tasks", PROGRESS_SHAPE, many=True, order=TASK_ORDER),
    "tasks": Relation("tasks", TASK_SHAPE, many=True, order=TASK_ORDER),
}, many2one=frozenset({"user_id", "dog_id", "partner_id"}), fallback=PLAN_FIELDS)
DOG_SHAPE = Shape("customk9.dog", scalars={
    "name": ("name",), "breed": ("breed",), "birthDate": ("birth_date",), "sex": ("sex",), "weightKg": ("weight_kg",),
    "notes": ("notes",), "trainingPlans": (), "sessions": ()}, fallback=DOG_FIELDS)
PLAN_WITH_DOG_SHAPE = replace(PLAN_SHAPE, relations={**PLAN_SHAPE.relations, "dog": Relation("dog_id", DOG_SHAPE)})


def plan_with_dog_domain(scope: Scope) -> Domain:
    """What a plan read with ``PLAN_WITH_DOG_SHAPE`` adds to its domain: the plan has no dog, or its dog is in
    the viewer's dog scope (an archived dog is in no scope, as for the dog loader)."""
    return ["|", ("dog_id", "=", False), ("dog_id", "any", scope.dogs())]
