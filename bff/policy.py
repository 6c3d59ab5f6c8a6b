"""The one policy layer: which Odoo records a viewer may reach.

The BFF reads and writes with one integration account that sees everything, so ownership is enforced
here and nowhere else. A ``Scope`` turns the viewer into an Odoo domain per resource; loaders and
resolvers AND it into every private read, so another client's id behaves exactly like an id that does
not exist. Resolvers never write ownership domains by hand.

| resource      | client (portal user)                        | trainer                          | admin |
|---------------|---------------------------------------------|----------------------------------|-------|
| dogs          | owner is the client's commercial partner    | every dog (as Odoo's addon rule) | all   |
| plans, tasks  | plan customer is the client                 | plans the trainer leads          | all   |
| sessions      | the client is an attendee                   | the trainer organises or attends | all   |
| registrations | registered partner is the client            | none                             | all   |
| rentals       | rental order of the client                  | none                             | all   |
| clients       | none                                        | customers of the trainer's plans | all   |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bff.auth.viewer import Role, Viewer

Domain = list[Any]
NOTHING: Domain = [("id", "=", 0)]


@dataclass(frozen=True)
class Scope:
    viewer: Viewer

    @property
    def _client(self) -> int | None:
        return self.viewer.commercial_partner_id if self.viewer.role is Role.CLIENT else None

    def _pick(self, *, client: Domain, trainer: Domain, admin: Domain | None = None) -> Domain:
        role = self.viewer.role
        if role is Role.ADMIN:
            return list(admin if admin is not None else [])
        if role is Role.TRAINER:
            return list(trainer)
        if role is Role.CLIENT and self._client:
            return list(client)
        return list(NOTHING)

    def dogs(self) -> Domain:
        return self._pick(client=[("owner_id", "child_of", self._client)], trainer=[])

    def plans(self) -> Domain:
        real = [("is_training_template", "=", False)]
        return self._pick(client=[("partner_id", "child_of", self._client), *real],
                          trainer=[("user_id", "=", self.viewer.user_id), *real], admin=real)

    def plan_templates(self) -> Domain:
        return self._pick(client=list(NOTHING), trainer=[("is_training_template", "=", True)],
                          admin=[("is_training_template", "=", True)])

    def tasks(self) -> Domain:
        return self._pick(client=[("project_id.partner_id", "child_of", self._client)],
                          trainer=[("project_id.user_id", "=", self.viewer.user_id)])

    def sessions(self) -> Domain:
        return self._pick(client=[("partner_ids", "child_of", self._client)],
                          trainer=["|", ("user_id", "=", self.viewer.user_id),
                                   ("partner_ids", "in", [self.viewer.partner_id or 0])])

    def registrations(self) -> Domain:
        return self._pick(client=[("partner_id", "child_of", self._client)], trainer=list(NOTHING))

    def rentals(self) -> Domain:
        rental = [("is_rental", "=", True)]
        return self._pick(client=[("partner_id", "child_of", self._client), *rental], trainer=list(NOTHING),
                          admin=rental)

    def client_partners(self) -> Domain:
        """Partners whose profile the viewer may read: their own company and contacts, or their clients."""
        return self._pick(client=[("id", "child_of", self._client)], trainer=self.clients(),
                          admin=self.clients())

    def clients(self) -> Domain:
        """Partners a staff member may look up as clients."""
        portal = [("user_ids.share", "=", True)]
        uid = self.viewer.user_id
        return self._pick(client=list(NOTHING), admin=portal, trainer=[
            *portal, "|", ("project_ids.user_id", "=", uid), ("meeting_ids.user_id", "=", uid)])
