"""What each GraphQL field of a training plan reads (``bff.specification``): a plan page is one call.

The plan is read through the viewer's plan scope (``bff.policy``); its tasks come nested in the same call,
which is safe because the task scope is exactly "tasks of a plan the viewer sees" for every role. Its dog
stays a pair: dogs have a scope of their own, so ``TrainingPlan.dog`` loads it through the dog loader.
"""

from __future__ import annotations

from bff.loaders.private import PLAN_FIELDS, TASK_FIELDS, TaskStageByIdLoader
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
