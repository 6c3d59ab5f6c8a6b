"""Training plans (project.project with the addon's dog link) and their tasks (project.task)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from bff.context import Info
from bff.loaders.private import CANCELLED_STATES, DONE_STATES
from bff.odoo_values import ids, many2one_id, many2one_name, parse_date, parse_datetime, text
from bff.schema.node import Node
from bff.specification import later, nested, nested_rows

if TYPE_CHECKING:
    from bff.schema.dog import Dog

Row = dict[str, Any]


@strawberry.type(description="A CustomK9 trainer, as clients see them (its ID is what `bookSession` takes).")
class Trainer(Node):
    name: str = strawberry.field(description="The trainer's name.")

    @classmethod
    def from_pair(cls, pair: Any) -> Trainer | None:
        user_id = many2one_id(pair)
        if user_id is None:
            return None
        return cls(odoo_id=user_id, name=many2one_name(pair) or "")


@strawberry.type(description="A stage a training task can be in (To do, In progress, Done).")
class TaskStage(Node):
    name: str = strawberry.field(description="Name of the stage.")

    @classmethod
    def from_row(cls, row: Row) -> TaskStage:
        return cls(odoo_id=row["id"], name=row.get("name") or "")


@strawberry.type(description="One step of a training plan.")
class TrainingTask(Node):
    name: str = strawberry.field(description="What to work on.")
    description: str | None = strawberry.field(description="Details, as HTML from Odoo.")
    stage: TaskStage | None = strawberry.field(description="Where the task stands.")
    deadline: datetime | None = strawberry.field(description="When it should be done (UTC).")
    is_done: bool = strawberry.field(description="Whether the task is done.")

    @classmethod
    def from_row(cls, row: Row) -> TrainingTask:
        stage_id = many2one_id(row.get("stage_id"))
        stage = TaskStage(odoo_id=stage_id, name=many2one_name(row.get("stage_id")) or "") if stage_id else None
        return cls(odoo_id=row["id"], name=row.get("name") or "", description=text(row.get("description")),
                   stage=stage, deadline=parse_datetime(row.get("date_deadline")),
                   is_done=row.get("state") in DONE_STATES)


@strawberry.type(description="How far a plan has come: tasks done out of all tasks (cancelled ones left out).")
class Progress:
    done: int = strawberry.field(description="Tasks done.")
    total: int = strawberry.field(description="Tasks in the plan.")
    percent: int = strawberry.field(description="done / total as a whole percentage (0 when there are none).")

    @classmethod
    def of(cls, done: int, total: int) -> Progress:
        return cls(done=done, total=total, percent=round(done * 100 / total) if total else 0)


@strawberry.type(description="A training plan for one dog, led by a trainer.")
class TrainingPlan(Node):
    row: strawberry.Private[Row]
    name: str = strawberry.field(description="Name of the plan.")
    start_date: date | None = strawberry.field(description="First day of the plan.")
    end_date: date | None = strawberry.field(description="Planned last day.")
    trainer: Trainer | None = strawberry.field(description="The trainer who leads the plan.")

    @classmethod
    def from_row(cls, row: Row) -> TrainingPlan:
        return cls(odoo_id=row["id"], row=row, name=row.get("name") or "",
                   start_date=parse_date(row.get("date_start")), end_date=parse_date(row.get("date")),
                   trainer=Trainer.from_pair(row.get("user_id")))

    @strawberry.field(description="The dog the plan is for.")
    def dog(self, info: Info) -> Annotated[Dog, strawberry.lazy("bff.schema.dog")] | None:
        from bff.schema.dog import Dog

        value = self.row.get("dog_id")
        if (row := nested(value)) is not None:  # read in a domain that proved it in the dog scope
            return Dog.from_row(row)
        return later(self._dog(info, many2one_id(value)))

    async def _dog(self, info: Info, dog_id: int | None) -> Dog | None:
        from bff.schema.dog import Dog

        row = await info.context.loaders.dog.load(dog_id) if dog_id else None
        return Dog.from_row(row) if row else None

    @strawberry.field(description="The stages the plan's tasks move through (for `moveTask`), in order.")
    def stages(self, info: Info) -> list[TaskStage]:
        value = self.row.get("type_ids")
        if (rows := nested_rows(value)) is not None:  # read in stage order
            return [TaskStage.from_row(row) for row in rows]
        return later(self._stages(info, ids(value)))

    async def _stages(self, info: Info, stage_ids: list[int]) -> list[TaskStage]:
        rows = await info.context.loaders.task_stage.load_existing(stage_ids)
        rows.sort(key=lambda row: (row.get("sequence") or 0, row["id"]))
        return [TaskStage.from_row(row) for row in rows]

    @strawberry.field(description="The plan's tasks, in plan order.")
    def tasks(self, info: Info) -> list[TrainingTask]:
        if (rows := nested_rows(self.row.get("tasks"))) is not None:  # read through the plan's scope
            return [TrainingTask.from_row(row) for row in rows]
        return later(self._tasks(info))

    async def _tasks(self, info: Info) -> list[TrainingTask]:
        rows = await info.context.loaders.tasks_by_plan.load(self.odoo_id)
        return [TrainingTask.from_row(row) for row in rows]

    @strawberry.field(description="Tasks done out of all tasks.")
    def progress(self, info: Info) -> Progress:
        if (rows := nested_rows(self.row.get("tasks"))) is not None:
            states = [row.get("state") for row in rows]
            total = sum(1 for state in states if state not in CANCELLED_STATES)
            return Progress.of(sum(1 for state in states if state in DONE_STATES), total)
        return later(self._progress(info))

    async def _progress(self, info: Info) -> Progress:
        return Progress.of(*await info.context.loaders.plan_progress.load(self.odoo_id))
