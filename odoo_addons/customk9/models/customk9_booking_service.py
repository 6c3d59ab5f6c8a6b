# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Service requests of the booking API (the guide's helpdesk tickets on Community ``project`` + ``mail``).

A request is a task of the project flagged ``customk9_service_requests`` (``data/service_requests.xml``);
its chatter is the conversation. Every message is posted with ``message_post`` as a public comment
(``mail.mt_comment``) whose author is the acting user's partner, so Odoo's own portal chatter and the BFF
show the same thread. The body is ``Markup`` of the escaped text (a plain ``str`` body would be escaped once
more by ``message_post``). Staff notes posted in Odoo (``mail.mt_note``) stay internal. The client follows
the request, so Odoo mails them the replies staff write in the back office as well.

Who may act: the client who owns the request (its ``partner_id``'s commercial partner), or a staff member
(trainer or administrator, ``_staff``); the BFF narrows staff further with its policy scope before calling.
Another client's request answers exactly like a missing one (NOT_FOUND ``id``). The rules on the values and
the stages are ``..rules.service_requests``.
"""
from markupsafe import Markup

from odoo import api, fields, models

from ..rules import service_requests as rule
from .customk9_booking import Refusal, booking_method

STAGES = {key: "customk9.service_stage_" + key for key, _label, _seq, _fold in rule.STAGES}


class CustomK9BookingService(models.AbstractModel):
    _inherit = "customk9.booking"

    @api.model
    def _service_project(self):
        project = self.env["project.project"].search([("customk9_service_requests", "=", True)], limit=1)
        if not project:
            raise Refusal("NOT_FOUND", False, self.env._("The service requests project is missing."))
        return project

    @api.model
    def _service_request(self, request_id):
        task = self.env["project.task"].browse(self._int(request_id) or []).exists()
        if not task or not task.active or not task.project_id.customk9_service_requests:
            raise Refusal("NOT_FOUND", "id", self.env._("This service request does not exist."))
        return task

    @api.model
    def _request_actor(self, user_id, request_id):
        """(request, acting user) when the user is staff or the client who owns the request, else NOT_FOUND."""
        task = self._service_request(request_id)
        user = self.env["res.users"].browse(self._int(user_id) or []).exists()
        if not user or not user.active:
            raise Refusal("NOT_FOUND", "id", self.env._("This service request does not exist."))
        if user.share:
            if not self._owns(user.partner_id.commercial_partner_id, task.partner_id):
                raise Refusal("NOT_FOUND", "id", self.env._("This service request does not exist."))
        else:
            self._staff(user.id)
        return task, user

    @api.model
    def _post_public(self, task, author, text):
        return task.with_context(mail_create_nosubscribe=True).message_post(
            body=Markup(rule.html(text)), message_type="comment", subtype_xmlid="mail.mt_comment",
            author_id=author.id).id

    @api.model
    def _to_stage(self, task, key, state=None):
        vals = {"stage_id": self.env.ref(STAGES[key]).id}
        if state:
            vals["state"] = state
        task.write(vals)

    # ------------------------------------------------------------------ API

    @api.model
    @booking_method
    def request_service(self, partner_id, values, idempotency_key=False):
        """A client's new service request with its first message: ``{"ok": True, "request_id"}``."""
        return self._idempotent(idempotency_key, "request_service", partner_id,
                                lambda: self._request_service(partner_id, values),
                                {"partner_id": partner_id, "values": values})

    @api.model
    def _request_service(self, partner_id, values):
        partner = self._partner(partner_id)
        vals = rule.request_values(values, fields.Date.context_today(self))
        dog = self._dog(partner, values.get("dog_id")) if values.get("dog_id") else self.env["customk9.dog"]
        project = self._service_project()
        task = self.env["project.task"].with_context(mail_create_nosubscribe=True).create({
            "name": rule.task_name(vals["kind"], dog.name),
            "project_id": project.id,
            "partner_id": partner.id,
            "customk9_service_kind": vals["kind"],
            "customk9_dog_id": dog.id,
            "customk9_preferred_dates": ",".join(vals["preferred_dates"]) or False,
            "stage_id": self.env.ref(STAGES["new"]).id,
            "user_ids": [(6, 0, [])],
        })
        task.message_subscribe(partner_ids=partner.ids)
        self._post_public(task, partner, vals["message"])
        return {"ok": True, "request_id": task.id}

    @api.model
    @booking_method
    def post_service_request_message(self, user_id, request_id, body):
        """A public reply in the request's chatter, authored by the user: ``{"ok", "request_id", "message_id"}``."""
        task, user = self._request_actor(user_id, request_id)
        text = rule.body(body)
        rule.open_request(task.state)
        message = self._post_public(task, user.partner_id, text)
        return {"ok": True, "request_id": task.id, "message_id": message}

    @api.model
    @booking_method
    def assign_service_request(self, user_id, request_id, assignee_user_id):
        """Staff: give the request to a trainer (moves a new request to "In progress")."""
        self._staff(user_id)
        task = self._service_request(request_id)
        rule.open_request(task.state)
        assignee = self._trainer(assignee_user_id)
        vals = {"user_ids": [(6, 0, assignee.ids)]}
        if task.stage_id == self.env.ref(STAGES["new"]):
            vals["stage_id"] = self.env.ref(STAGES["progress"]).id
        task.write(vals)
        return {"ok": True, "request_id": task.id}

    @api.model
    @booking_method
    def close_service_request(self, user_id, request_id):
        """Staff: close the request (stage "Closed", state done)."""
        self._staff(user_id)
        task = self._service_request(request_id)
        rule.open_request(task.state)
        self._to_stage(task, "closed", rule.CLOSED_STATE)
        return {"ok": True, "request_id": task.id}

    @api.model
    @booking_method
    def convert_service_request(self, user_id, request_id, target, values):
        """Staff: turn the request into a training plan (``values``: template_id) or a session (trainer_user_id,
        start, duration_minutes), linked on the request, which is closed: ``{"ok", "request_id", "plan_id" |
        "session_id"}``."""
        staff, _admin = self._staff(user_id)
        task = self._service_request(request_id)
        rule.open_request(task.state)
        values = values if isinstance(values, dict) else {}
        partner = task.partner_id.commercial_partner_id
        if not task.customk9_dog_id:
            raise Refusal("VALIDATION", "dog_id", self.env._("The request names no dog."))
        if target == "training_plan":
            result = self._create_training_plan(values.get("trainer_user_id") or staff.id, partner.id,
                                                task.customk9_dog_id.id, values.get("template_id"))
            link = {"customk9_plan_id": result["plan_id"]}
        elif target == "session":
            result = self._book_session(partner.id, values.get("trainer_user_id") or staff.id,
                                        task.customk9_dog_id.id, values.get("start"),
                                        values.get("duration_minutes"), False)
            link = {"customk9_session_id": result["session_id"]}
        else:
            raise Refusal("VALIDATION", "to", self.env._("Convert to a training plan or a session."))
        task.write(link)
        self._to_stage(task, "closed", rule.CLOSED_STATE)
        return dict(result, request_id=task.id)
