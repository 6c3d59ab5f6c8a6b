"""Staff mutations: new training plans from templates, moving tasks, blog posts and tags."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from bff.booking import booking, idempotency_key, own_id
from bff.context import Info
from bff.loaders.post import POST_FIELDS
from bff.permissions import IsStaff
from bff.schema.arguments import Arg
from bff.schema.mutation_error import MutationError, Refused
from bff.schema.post import BlogTag, Post
from bff.schema.training import TrainingPlan, TrainingTask
from bff.text_input import max_length

KeyArg = Annotated[str | None, Arg("Same key, same result: retries create once.", name="idempotencyKey")]
_ERRORS = strawberry.field(default_factory=list, description="Why it was not done; empty on success.")


@strawberry.type(description="The plan after `createTrainingPlan`.")
class TrainingPlanPayload:
    training_plan: TrainingPlan | None = strawberry.field(default=None, description="The new plan.")
    errors: list[MutationError] = _ERRORS


@strawberry.type(description="The task after `moveTask`.")
class TaskPayload:
    task: TrainingTask | None = strawberry.field(default=None, description="The task in its new stage.")
    errors: list[MutationError] = _ERRORS


@strawberry.type(description="The post after `createPost`, `publishPost` or `unpublishPost`.")
class PostPayload:
    post: Post | None = strawberry.field(default=None, description="The post, published or not.")
    is_published: bool | None = strawberry.field(default=None, description="Whether it is public now.")
    errors: list[MutationError] = _ERRORS


@strawberry.type(description="The tag after `createBlogTag`.")
class BlogTagPayload:
    tag: BlogTag | None = strawberry.field(default=None, description="The new tag.")
    errors: list[MutationError] = _ERRORS


@strawberry.input(description="A new blog post (created unpublished).")
class CreatePostInput:
    blog_id: strawberry.ID = strawberry.field(description="The blog it belongs to.")
    title: str = strawberry.field(description="Title (1 to 128 characters).")
    subtitle: str | None = strawberry.field(default=None, description="Subtitle (at most 256 characters).")
    content: str | None = strawberry.field(default=None, description="Body, as HTML (at most 100 000).",
                                          metadata=max_length(100_000))
    tag_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Tags of the post.")


def post_values(data: CreatePostInput) -> dict[str, Any]:
    title = data.title.strip()
    if not 1 <= len(title) <= 128:
        raise Refused("VALIDATION", "The title must be 1 to 128 characters", "title")
    if data.subtitle and len(data.subtitle) > 256:
        raise Refused("VALIDATION", "The subtitle is at most 256 characters", "subtitle")
    if data.content and len(data.content) > 100_000:
        raise Refused("VALIDATION", "The body is at most 100 000 characters", "content")
    return {"name": title, "subtitle": (data.subtitle or "").strip() or False, "content": data.content or False,
            "blog_id": own_id(data.blog_id, "Blog", "blogId"),
            "tag_ids": [own_id(tag, "BlogTag", "tagIds") for tag in data.tag_ids or []]}


def _missing(what: str, field: str) -> Refused:
    return Refused("NOT_FOUND", f"This {what} does not exist.", field)


# The addon's answers for a client or dog it does not know, worded as the BFF's own scope check words them:
# an id outside the viewer's scope and an id that does not exist must read the same.
_MISSING = {("NOT_FOUND", None): ("client", "clientId"), ("NOT_FOUND", "dogId"): ("dog", "dogId")}


async def _check_scope(info: Info, client: int | None, dog: int | None) -> None:
    """A trainer starts plans only for their own clients and their dogs (``bff.policy``); managers for all."""
    if client is None or await info.context.loaders.client.load(client) is None:
        raise _missing("client", "clientId")
    if dog is None or await info.context.loaders.dog.load(dog) is None:
        raise _missing("dog", "dogId")


async def _post(info: Info, post_id: int) -> PostPayload:
    rows = await info.context.odoo.read("blog.post", [post_id], fields=list(POST_FIELDS))
    if not rows:
        return PostPayload()
    return PostPayload(post=Post.from_row(rows[0], info.context.settings.public_base_url),
                       is_published=bool(rows[0].get("is_published")))


@strawberry.type
class StaffMutations:
    @strawberry.mutation(description="Staff: a new training plan for a client's dog, copied from a template "
                                     "with its tasks; the signed-in trainer leads it. A trainer may start plans "
                                     "for their own clients only; a manager for any client.",
                         permission_classes=[IsStaff])
    async def create_training_plan(
        self, info: Info, client_id: Annotated[strawberry.ID, Arg("The client.")],
        dog_id: Annotated[strawberry.ID, Arg("The client's dog.")],
        template_id: Annotated[strawberry.ID, Arg("The template plan to copy.")], idempotency_key_: KeyArg = None,
    ) -> TrainingPlanPayload:
        try:
            client, dog = own_id(client_id, "Client", "clientId"), own_id(dog_id, "Dog", "dogId")
            await _check_scope(info, client, dog)
            try:
                result = await booking(info, "create_training_plan", [
                    info.context.viewer.user_id, client, dog, own_id(template_id, "TrainingPlan", "templateId")],
                    {"idempotency_key": idempotency_key(idempotency_key_)})
            except Refused as refused:
                missing = _MISSING.get((refused.error.code.value, refused.error.field))
                raise (_missing(*missing) if missing else refused) from None
        except Refused as refused:
            return TrainingPlanPayload(errors=[refused.error])
        row = await info.context.loaders.plan.load(result["plan_id"])
        return TrainingPlanPayload(training_plan=TrainingPlan.from_row(row) if row else None)

    @strawberry.mutation(description="Staff: move a task of a plan the trainer leads to another stage.",
                         permission_classes=[IsStaff])
    async def move_task(self, info: Info, task_id: Annotated[strawberry.ID, Arg("The task.")],
                        stage_id: Annotated[strawberry.ID, Arg("A stage of the task's plan.")]) -> TaskPayload:
        try:
            result = await booking(info, "move_task", [
                info.context.viewer.user_id, own_id(task_id, "TrainingTask", "taskId"),
                own_id(stage_id, "TaskStage", "stageId")])
        except Refused as refused:
            return TaskPayload(errors=[refused.error])
        info.context.loaders.task.clear(result["task_id"])
        row = await info.context.loaders.task.load(result["task_id"])
        return TaskPayload(task=TrainingTask.from_row(row) if row else None)

    @strawberry.mutation(description="Staff: a new blog post, unpublished.", permission_classes=[IsStaff])
    async def create_post(self, info: Info, input: CreatePostInput, idempotency_key_: KeyArg = None) -> PostPayload:
        try:
            result = await booking(info, "create_post", [info.context.viewer.user_id, post_values(input)],
                                   {"idempotency_key": idempotency_key(idempotency_key_)})
        except Refused as refused:
            return PostPayload(errors=[refused.error])
        return await _post(info, result["post_id"])

    @strawberry.mutation(description="Staff: make a post public.", permission_classes=[IsStaff])
    async def publish_post(self, info: Info, id: Annotated[strawberry.ID, Arg("The post.")]) -> PostPayload:
        return await _set_published(info, id, True)

    @strawberry.mutation(description="Staff: take a post off the public blog.", permission_classes=[IsStaff])
    async def unpublish_post(self, info: Info, id: Annotated[strawberry.ID, Arg("The post.")]) -> PostPayload:
        return await _set_published(info, id, False)

    @strawberry.mutation(description="Staff: a new blog tag.", permission_classes=[IsStaff])
    async def create_blog_tag(self, info: Info, name: Annotated[str, Arg("Name (1 to 64 characters).")],
                              idempotency_key_: KeyArg = None) -> BlogTagPayload:
        try:
            result = await booking(info, "create_blog_tag", [info.context.viewer.user_id, name.strip()],
                                   {"idempotency_key": idempotency_key(idempotency_key_)})
        except Refused as refused:
            return BlogTagPayload(errors=[refused.error])
        rows = await info.context.odoo.read("blog.tag", [result["tag_id"]], fields=["name"])
        return BlogTagPayload(tag=BlogTag.from_row(rows[0]) if rows else None)


async def _set_published(info: Info, post_id: str, published: bool) -> PostPayload:
    try:
        result = await booking(info, "set_post_published", [
            info.context.viewer.user_id, own_id(post_id, "Post", "id"), published])
    except Refused as refused:
        return PostPayload(errors=[refused.error])
    return await _post(info, result["post_id"])


@strawberry.type
class StaffQueries:
    @strawberry.field(description="Staff: template plans to copy with `createTrainingPlan`.",
                      permission_classes=[IsStaff])
    async def training_plan_templates(self, info: Info) -> list[TrainingPlan]:
        from bff.loaders.private import PLAN_FIELDS

        rows = await info.context.odoo.search_read("project.project", info.context.scope.plan_templates(),
                                                   fields=list(PLAN_FIELDS), order="name asc, id asc")
        return [TrainingPlan.from_row(row) for row in rows]
