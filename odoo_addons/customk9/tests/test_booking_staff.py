# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Booking API, staff methods: moving tasks, blog posts and blog tags."""
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .booking_common import BookingCase


@tagged("post_install", "-at_install")
class TestBookingStaff(BookingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Stage = env["project.task.type"]
        cls.todo, cls.doing, cls.done = (Stage.create({"name": name, "sequence": seq})
                                         for seq, name in enumerate(("To do", "Doing", "Done")))
        cls.foreign_stage = Stage.create({"name": "Elsewhere", "sequence": 9})
        stages = [(6, 0, (cls.todo | cls.doing | cls.done).ids)]
        cls.plan = env["project.project"].create({"name": "Rex: basics", "user_id": cls.trainer.id,
                                                  "type_ids": stages, "partner_id": cls.client_a.id})
        cls.plan2 = env["project.project"].create({"name": "Max: basics", "user_id": cls.trainer2.id,
                                                   "type_ids": stages, "partner_id": cls.client_b.id})
        cls.task = env["project.task"].create({"name": "Recall", "project_id": cls.plan.id,
                                               "stage_id": cls.todo.id})
        cls.task2 = env["project.task"].create({"name": "Heel", "project_id": cls.plan2.id,
                                                "stage_id": cls.todo.id})
        cls.blog = env["blog.blog"].create({"name": "CustomK9 staff blog"})
        cls.tag = env["blog.tag"].create({"name": "ck9-recall"})
        cls.admin_user = new_test_user(env, login="ck9_admin", groups="base.group_erp_manager,base.group_user",
                                       name="CustomK9 admin")
        cls.archived_trainer = new_test_user(env, login="ck9_old_trainer",
                                             groups="customk9.group_customk9_trainer", name="Old trainer")
        cls.archived_trainer.active = False

    def post(self, **values):
        return self.call("create_post", self.trainer.id, dict({"name": "Recall in 5 steps",
                                                               "blog_id": self.blog.id}, **values))

    # ------------------------------------------------------------------ access and the acting user

    def test_caller_check(self):
        for user in (self.portal_a, self.trainer, self.staff):
            Booking = self.env["customk9.booking"].with_user(user)
            with self.assertRaises(AccessError):
                Booking.move_task(self.trainer.id, self.task.id, self.doing.id)
            with self.assertRaises(AccessError):
                Booking.create_post(self.trainer.id, {"name": "x", "blog_id": self.blog.id})
            with self.assertRaises(AccessError):
                Booking.set_post_published(self.trainer.id, 1, True)
            with self.assertRaises(AccessError):
                Booking.create_blog_tag(self.trainer.id, "sneaky")

    def test_acting_user_must_be_staff(self):
        post = self.post()["post_id"]
        for user_id in (self.integration.id, self.staff.id, self.portal_a.id, self.archived_trainer.id,
                        999999999, False, "7", True):
            self.assertRefused(self.call("move_task", user_id, self.task.id, self.doing.id), "NOT_FOUND",
                               "trainerId")
            self.assertRefused(self.call("create_post", user_id, {"name": "x", "blog_id": self.blog.id}),
                               "NOT_FOUND", "user_id")
            self.assertRefused(self.call("set_post_published", user_id, post, True), "NOT_FOUND", "user_id")
            self.assertRefused(self.call("create_blog_tag", user_id, "fresh-tag"), "NOT_FOUND", "user_id")
        self.assertEqual(self.task.stage_id, self.todo)
        self.assertFalse(self.env["blog.post"].browse(post).is_published)
        self.assertFalse(self.env["blog.tag"].search_count([("name", "=", "fresh-tag")]))

    # ------------------------------------------------------------------ move_task

    def test_move_task(self):
        result = self.call("move_task", self.trainer.id, self.task.id, self.doing.id)
        self.assertEqual(result, {"ok": True, "task_id": self.task.id})
        self.assertEqual(self.task.stage_id, self.doing)
        # same stage again: ok, nothing to write
        self.env.flush_all()
        before = self.task.date_last_stage_update
        self.assertEqual(self.call("move_task", self.trainer.id, self.task.id, self.doing.id)["ok"], True)
        self.assertEqual(self.task.date_last_stage_update, before)
        # an administrator moves any plan's task
        result = self.call("move_task", self.admin_user.id, self.task2.id, self.done.id)
        self.assertEqual(result, {"ok": True, "task_id": self.task2.id})
        self.assertEqual(self.task2.stage_id, self.done)

    def test_move_task_resets_review_state(self):
        """Real Odoo: a stage change recomputes ``state``; an open task goes back to in progress."""
        self.task.state = "02_changes_requested"
        self.call("move_task", self.trainer.id, self.task.id, self.doing.id)
        self.assertEqual(self.task.state, "01_in_progress")
        self.task.state = "1_done"  # closed states are kept
        self.call("move_task", self.trainer.id, self.task.id, self.done.id)
        self.assertEqual(self.task.state, "1_done")

    def test_move_task_refusals(self):
        other = self.call("move_task", self.trainer.id, self.task2.id, self.doing.id)
        missing = self.call("move_task", self.trainer.id, 999999999, self.doing.id)
        self.assertRefused(other, "NOT_FOUND", "task_id")
        self.assertEqual(other, missing)  # another trainer's task answers exactly like a missing one
        private = self.env["project.task"].create({"name": "Private", "user_ids": [(6, 0, self.trainer.ids)]})
        archived = self.env["project.task"].create({"name": "Old", "project_id": self.plan.id, "active": False})
        for task_id in (private.id, archived.id, False, "1", -1):
            self.assertRefused(self.call("move_task", self.trainer.id, task_id, self.doing.id), "NOT_FOUND",
                               "task_id")
        for stage_id in (self.foreign_stage.id, 999999999, False, str(self.doing.id)):
            self.assertRefused(self.call("move_task", self.trainer.id, self.task.id, stage_id), "VALIDATION",
                               "stage_id")
        self.assertEqual(self.task.stage_id, self.todo)
        self.assertEqual(self.task2.stage_id, self.todo)
        self.assertEqual(self.task.write_uid, self.env.user)  # nothing written by the refusals

    # ------------------------------------------------------------------ posts

    def test_create_post(self):
        result = self.post(subtitle=" Short ", content="<p>Call, reward.</p>", tag_ids=[self.tag.id, self.tag.id])
        self.assertEqual(set(result), {"ok", "post_id"})
        post = self.env["blog.post"].browse(result["post_id"])
        self.assertEqual((post.name, post.subtitle, post.blog_id, post.tag_ids, post.author_id),
                         ("Recall in 5 steps", "Short", self.blog, self.tag, self.trainer.partner_id))
        self.assertIn("Call, reward.", post.content)
        self.assertFalse(post.is_published)
        self.assertFalse(post.published_date)
        self.assertEqual(post.create_uid, self.integration)
        # an administrator may write posts too
        post = self.env["blog.post"].browse(self.call("create_post", self.admin_user.id, {
            "name": "News", "blog_id": self.blog.id})["post_id"])
        self.assertEqual((post.author_id, post.tag_ids, post.is_published),
                         (self.admin_user.partner_id, self.env["blog.tag"], False))

    def test_create_post_refusals(self):
        archived_blog = self.env["blog.blog"].create({"name": "Old blog", "active": False})
        before = self.env["blog.post"].search_count([])
        for values, code, field in (
            ("Title", "VALIDATION", "values"),
            ({"name": "x", "blog_id": self.blog.id, "is_published": True}, "VALIDATION", "is_published"),
            ({"blog_id": self.blog.id}, "VALIDATION", "name"),
            ({"name": "   ", "blog_id": self.blog.id}, "VALIDATION", "name"),
            ({"name": "x" * 129, "blog_id": self.blog.id}, "VALIDATION", "name"),
            ({"name": 12, "blog_id": self.blog.id}, "VALIDATION", "name"),
            ({"name": "x", "subtitle": "s" * 257, "blog_id": self.blog.id}, "VALIDATION", "subtitle"),
            ({"name": "x", "content": "c" * 100_001, "blog_id": self.blog.id}, "VALIDATION", "content"),
            ({"name": "x"}, "NOT_FOUND", "blog_id"),
            ({"name": "x", "blog_id": 999999999}, "NOT_FOUND", "blog_id"),
            ({"name": "x", "blog_id": archived_blog.id}, "NOT_FOUND", "blog_id"),
            ({"name": "x", "blog_id": self.blog.id, "tag_ids": [999999999]}, "NOT_FOUND", "tag_ids"),
            ({"name": "x", "blog_id": self.blog.id, "tag_ids": self.tag.id}, "NOT_FOUND", "tag_ids"),
            ({"name": "x", "blog_id": self.blog.id, "tag_ids": [str(self.tag.id)]}, "NOT_FOUND", "tag_ids"),
        ):
            self.assertRefused(self.call("create_post", self.trainer.id, values), code, field)
        self.assertEqual(self.env["blog.post"].search_count([]), before)
        # the longest values are accepted
        self.assertTrue(self.post(name="x" * 128, subtitle="s" * 256, content="c" * 100_000)["ok"])

    def test_create_post_idempotency(self):
        Key = self.env["customk9.idempotency"]
        values = {"name": "Once", "blog_id": self.blog.id}
        first = self.call("create_post", self.trainer.id, values, idempotency_key="post-key-0001")
        again = self.call("create_post", self.trainer.id, values, idempotency_key="post-key-0001")
        self.assertEqual(first, again)
        self.assertEqual(self.env["blog.post"].search_count([("name", "=", "Once")]), 1)
        row = Key.search([("key", "=", "post-key-0001")])
        self.assertEqual((row.operation, row.owner), ("create_post", "user:%s" % self.trainer.id))
        self.assertRefused(self.call("create_post", self.trainer2.id, values, idempotency_key="post-key-0001"),
                           "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
        self.assertRefused(self.call("create_blog_tag", self.trainer.id, "x", idempotency_key="post-key-0001"),
                           "IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
        self.assertRefused(self.call("create_post", self.trainer.id, values, idempotency_key="short"),
                           "VALIDATION", "idempotencyKey")
        # a refusal is not stored
        self.assertRefused(self.call("create_post", self.trainer.id, {"name": "x"}, idempotency_key="post-key-0002"),
                           "NOT_FOUND", "blog_id")
        self.assertFalse(Key.search_count([("key", "=", "post-key-0002")]))

    def test_set_post_published(self):
        post = self.env["blog.post"].browse(self.post()["post_id"])
        self.assertEqual(post.post_date, post.create_date)
        start = fields.Datetime.now()
        result = self.call("set_post_published", self.trainer2.id, post.id, True)  # any trainer
        self.assertEqual(result, {"ok": True, "post_id": post.id})
        self.assertTrue(post.is_published)
        self.assertTrue(start <= post.published_date <= fields.Datetime.now())
        self.assertEqual(post.post_date, post.published_date)
        result = self.call("set_post_published", self.trainer.id, post.id, False)
        self.assertEqual(result, {"ok": True, "post_id": post.id})
        self.assertFalse(post.is_published)
        self.assertFalse(post.published_date)  # blog.post.write clears it when unpublishing
        self.assertEqual(post.post_date, post.create_date)
        # a post scheduled for later is published now
        post.published_date = "2099-01-01 00:00:00"
        self.call("set_post_published", self.admin_user.id, post.id, True)
        self.assertTrue(post.published_date <= fields.Datetime.now())

    def test_set_post_published_refusals(self):
        post = self.env["blog.post"].browse(self.post()["post_id"])
        archived = self.env["blog.post"].browse(self.post(name="Old")["post_id"])
        archived.active = False
        for post_id in (999999999, archived.id, False, str(post.id)):
            self.assertRefused(self.call("set_post_published", self.trainer.id, post_id, True), "NOT_FOUND",
                               "post_id")
        self.assertFalse(archived.is_published)
        self.assertFalse(post.is_published)

    # ------------------------------------------------------------------ tags

    def test_create_blog_tag(self):
        result = self.call("create_blog_tag", self.trainer.id, "  ck9-puppies ")
        self.assertEqual(set(result), {"ok", "tag_id"})
        self.assertEqual(self.env["blog.tag"].browse(result["tag_id"]).name, "ck9-puppies")
        self.assertTrue(self.call("create_blog_tag", self.admin_user.id, "t" * 64)["ok"])
        # LIKE wildcards are plain characters
        self.assertTrue(self.call("create_blog_tag", self.trainer.id, "ck9_50%")["ok"])
        self.assertTrue(self.call("create_blog_tag", self.trainer.id, "ck9x50x")["ok"])

    def test_create_blog_tag_refusals(self):
        before = self.env["blog.tag"].search_count([])
        for name in ("", "   ", "t" * 65, False, 7, "ck9-recall", "CK9-Recall", " ck9-RECALL "):
            self.assertRefused(self.call("create_blog_tag", self.trainer.id, name), "VALIDATION", "name")
        self.assertEqual(self.env["blog.tag"].search_count([]), before)

    def test_create_blog_tag_idempotency(self):
        first = self.call("create_blog_tag", self.trainer.id, "ck9-agility", idempotency_key="tag-key-0001")
        again = self.call("create_blog_tag", self.trainer.id, "ck9-agility", idempotency_key="tag-key-0001")
        self.assertEqual(first, again)  # not "exists already": the stored answer
        self.assertEqual(self.env["customk9.idempotency"].search([("key", "=", "tag-key-0001")]).owner,
                         "user:%s" % self.trainer.id)
        self.assertRefused(self.call("create_blog_tag", self.trainer.id, "ck9-agility",
                                     idempotency_key="tag-key-0002"), "VALIDATION", "name")
        self.assertFalse(self.env["customk9.idempotency"].search_count([("key", "=", "tag-key-0002")]))
