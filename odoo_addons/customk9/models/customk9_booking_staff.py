# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Staff methods of the booking API (docs/booking-api.md, "Staff methods"): tasks, blog posts and tags.

The acting staff member (``trainer_user_id`` / ``user_id``, the signed-in user the BFF names) must be an
active trainer (``customk9.group_customk9_trainer``) or administrator (``base.group_erp_manager``), else
NOT_FOUND. A trainer moves only the tasks of plans it leads (``project.project.user_id``), an administrator
any; another plan's task, an archived task or a task without plan answers exactly like a missing one. The
stage must be one of the plan's ``type_ids`` (else VALIDATION). Posts are created unpublished with the
staff member's partner as author; publishing stamps ``published_date`` (so ``post_date``, computed from it)
with now, unpublishing clears it (``blog.post.write``). Tag names are 1 to 64 characters and unique,
case-insensitively. The creates take ``idempotency_key`` with the owner ``"user:<user_id>"``.

Concurrency: a stage move or a publication is a plain write (last writer wins). The name check of
``create_blog_tag`` has no record of its own to lock, so it locks the ``ir_model`` row of ``blog.tag``
(``_lock``) and touches it on the success path (``_touch``), like the other methods lock their event,
trainer or products: a concurrent create waits, fails to serialize when the first commits and is retried by
Odoo with a fresh snapshot that sees the new tag (VALIDATION). A tag created meanwhile outside this API with
the very same name meets Odoo's ``blog_tag_name_uniq`` constraint instead; that unique violation is also
answered with VALIDATION (the insert runs in a savepoint, so the refusal writes nothing).
The rules on the values (post texts, tag names) are ``..rules.records``.
"""
import psycopg2.errors

from odoo import api, models

from ..rules import records
from .customk9_booking import TRAINER_GROUP, Refusal, booking_method

ADMIN_GROUP = "base.group_erp_manager"


class CustomK9BookingStaff(models.AbstractModel):
    _inherit = "customk9.booking"

    # ------------------------------------------------------------------ helpers

    @api.model
    def _staff(self, user_id, field="user_id"):
        """(user, is administrator) of an active trainer or administrator, else NOT_FOUND ``field``."""
        user = self.env["res.users"].browse(self._int(user_id) or []).exists()
        if user and user.active:
            if user.has_group(ADMIN_GROUP):
                return user, True
            if user.has_group(TRAINER_GROUP):
                return user, False
        if field == "trainerId":
            raise Refusal("NOT_FOUND", field, self.env._("This trainer does not exist."))
        raise Refusal("NOT_FOUND", field, self.env._("This staff member does not exist."))

    @api.model
    def _staff_idempotent(self, key, operation, user_id, func, request):
        return self.env["customk9.idempotency"]._run(key, operation, "user:%s" % user_id, func, request)

    @api.model
    def _post_values(self, values):
        vals = records.post_texts(values)
        blog = self.env["blog.blog"].browse(self._int(values.get("blog_id")) or []).exists()
        if not blog or not blog.active:
            raise Refusal("NOT_FOUND", "blog_id", self.env._("This blog does not exist."))
        vals["blog_id"] = blog.id
        tag_ids = values.get("tag_ids") or []
        ids = [self._int(tag) for tag in tag_ids] if isinstance(tag_ids, list) else [None]
        ids = list(dict.fromkeys(ids))
        if None in ids or len(self.env["blog.tag"].browse(ids).exists()) != len(ids):
            raise Refusal("NOT_FOUND", "tag_ids", self.env._("This tag does not exist."))
        vals["tag_ids"] = [(6, 0, ids)]
        return vals

    # ------------------------------------------------------------------ API

    @api.model
    @booking_method
    def move_task(self, trainer_user_id, task_id, stage_id):
        """Move a task of a plan the trainer leads to another of the plan's stages: ``{"ok", "task_id"}``."""
        user, admin = self._staff(trainer_user_id, field="trainerId")
        task = self.env["project.task"].browse(self._int(task_id) or []).exists()
        plan = task.project_id
        if not task or not task.active or not plan or not plan.active or not (admin or plan.user_id == user):
            raise Refusal("NOT_FOUND", "task_id", self.env._("This task does not exist."))
        stage = self._int(stage_id)
        if not stage or stage not in plan.type_ids.ids:
            raise Refusal("VALIDATION", "stage_id", self.env._("This stage is not one of the plan's stages."))
        if task.stage_id.id != stage:
            task.write({"stage_id": stage})
        return {"ok": True, "task_id": task.id}

    @api.model
    @booking_method
    def create_post(self, user_id, values, idempotency_key=False):
        """Create an unpublished blog post written by the staff member: ``{"ok": True, "post_id"}``."""
        return self._staff_idempotent(idempotency_key, "create_post", user_id,
                                      lambda: self._create_post(user_id, values),
                                      {"user_id": user_id, "values": values})

    @api.model
    def _create_post(self, user_id, values):
        user, _admin = self._staff(user_id)
        vals = self._post_values(values)
        post = self.env["blog.post"].create(dict(vals, is_published=False, author_id=user.partner_id.id))
        return {"ok": True, "post_id": post.id}

    @api.model
    @booking_method
    def set_post_published(self, user_id, post_id, published):
        """Publish (stamping ``published_date`` with now) or unpublish a post: ``{"ok": True, "post_id"}``."""
        self._staff(user_id)
        post = self.env["blog.post"].browse(self._int(post_id) or []).exists()
        if not post or not post.active:
            raise Refusal("NOT_FOUND", "post_id", self.env._("This post does not exist."))
        vals = {"is_published": bool(published)}
        if published:
            vals["published_date"] = self._now()
        post.write(vals)
        return {"ok": True, "post_id": post.id}

    @api.model
    @booking_method
    def create_blog_tag(self, user_id, name, idempotency_key=False):
        """Create a blog tag with a new name: ``{"ok": True, "tag_id"}``."""
        return self._staff_idempotent(idempotency_key, "create_blog_tag", user_id,
                                      lambda: self._create_blog_tag(user_id, name),
                                      {"user_id": user_id, "name": name})

    @api.model
    def _create_blog_tag(self, user_id, name):
        self._staff(user_id)
        name = records.tag_name(name)
        pattern = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        tags_model = self.env["ir.model"]._get("blog.tag")
        self._lock("ir_model", tags_model.ids)
        if self.env["blog.tag"].search_count([("name", "=ilike", pattern)], limit=1):
            raise records.tag_taken()
        self._touch("ir.model", tags_model.ids)
        try:
            with self.env.cr.savepoint():
                tag = self.env["blog.tag"].create({"name": name})
        except psycopg2.errors.UniqueViolation:  # the same name committed meanwhile by another request
            raise records.tag_taken() from None
        return {"ok": True, "tag_id": tag.id}
