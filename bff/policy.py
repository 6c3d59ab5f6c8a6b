"""The one policy layer: which Odoo records a viewer may reach.

The BFF reads and writes with one integration account that sees everything, so ownership is enforced
here and nowhere else. A ``Scope`` turns the viewer into an Odoo domain per resource; loaders and
resolvers AND it into every private read, so another client's id behaves exactly like an id that does
not exist. Resolvers never write ownership domains by hand.

| resource        | client (portal user)                      | trainer                              | manager, admin |
|-----------------|-------------------------------------------|--------------------------------------|----------------|
| dogs            | owner is the client's commercial partner  | dogs of the trainer's clients        | all            |
| plans, tasks    | plan customer is the client               | plans the trainer leads              | all            |
| plan templates  | none                                      | all                                  | all            |
| sessions        | the client is an attendee                 | the trainer organises or attends     | all            |
| registrations   | registered partner is the client          | none                                 | all            |
| rentals         | rental order of the client                | none                                 | all            |
| orders          | sale order of the client (any kind)       | none                                 | all            |
| invoices        | posted customer invoice of the client     | none                                 | all posted     |
| service requests| asked by the client                       | of their clients, unassigned, theirs | all            |
| client partners | the client's commercial partner, contacts | the trainer's clients (portal users) | all (portal)   |
| clients         | none                                      | the trainer's clients (portal users) | all (portal)   |
| documents       | on the partners, dogs, plans, rentals and invoices above, each as its row (``bff.documents``) |

**A trainer's clients** are defined once, in Odoo, by the addon's searchable field
``res.partner.customk9_trainer_ids`` (``odoo_addons/customk9/models/res_partner.py``; the emulator mirrors
it): the commercial partners of the customers of the (non-template) plans the trainer leads and of the
attendees (staff excluded) of the sessions the trainer organises; a partner or dog belongs to a client
when its commercial partner is one. The addon's record rule on dogs uses the same field, so Odoo and the
BFF cannot disagree, and a new plan or session widens the scope at once (nothing is cached).
**Managers** (the addon's "CustomK9 Manager" group, which implies Trainer) see every CustomK9 record, as an
administrator does, without being one. Staff-only writes follow the same scope: ``createTrainingPlan``
takes only a client and a dog the viewer sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bff.auth.viewer import Role, Viewer

Domain = list[Any]
NOTHING: Domain = [("id", "=", 0)]


@dataclass(frozen=True)
class Scope:
    """The viewer's reach: one Odoo domain per resource of the table above (``NOTHING`` for none)."""

    viewer: Viewer

    @property
    def _client(self) -> int | None:
        return self.viewer.commercial_partner_id if self.viewer.role is Role.CLIENT else None

    def _pick(self, *, client: Domain, trainer: Domain, admin: Domain | None = None) -> Domain:
        """The domain of the viewer's role; managers get the administrators' one ("all")."""
        role = self.viewer.role
        if role in (Role.ADMIN, Role.MANAGER):
            return list(admin if admin is not None else [])
        if role is Role.TRAINER:
            return list(trainer)
        if role is Role.CLIENT and self._client:
            return list(client)
        return list(NOTHING)

    def _trained(self, path: str = "") -> Domain:
        """Records of the trainer's clients: ``path`` leads from the model to their partner."""
        return [(f"{path}customk9_trainer_ids", "in", [self.viewer.user_id or 0])]

    def dogs(self) -> Domain:
        return self._pick(client=[("owner_id", "child_of", self._client)], trainer=self._trained("owner_id."))

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

    def orders(self) -> Domain:
        """Sale orders: what the client pays (tickets, rentals, memberships) or any order for managers."""
        return self._pick(client=[("partner_id", "child_of", self._client)], trainer=list(NOTHING))

    def invoices(self) -> Domain:
        """Customer invoices (and credit notes) once Odoo posted them: drafts are the accountant's."""
        posted = [("move_type", "in", ["out_invoice", "out_refund"]), ("state", "=", "posted")]
        return self._pick(client=[("partner_id", "child_of", self._client), *posted], trainer=list(NOTHING),
                          admin=posted)
    def service_requests(self) -> Domain:
        """Tasks of the "Service requests" project: a trainer's queue holds the requests of their clients, the
        unassigned ones (so a new client's request finds a trainer) and those assigned to them."""
        request = [("project_id.customk9_service_requests", "=", True)]
        uid = self.viewer.user_id or 0
        return self._pick(client=[("partner_id", "child_of", self._client), *request],
                          trainer=[*request, "|", "|", ("user_ids", "in", [uid]), ("user_ids", "=", False),
                                   ("partner_id.customk9_trainer_ids", "in", [uid])],
                          admin=request)

    def client_partners(self) -> Domain:
        """Partners whose profile the viewer may read: their own company and contacts, or their clients."""
        return self._pick(client=[("id", "child_of", self._client)], trainer=self.clients(),
                          admin=self.clients())

    def clients(self) -> Domain:
        """Partners a staff member may look up as clients (those with a portal account)."""
        portal = [("user_ids.share", "=", True)]
        return self._pick(client=list(NOTHING), admin=portal, trainer=[*portal, *self._trained()])


# --------------------------------------------------------------------------------------------------------------
# Public reads, which one viewer may share with another (``bff.public_reads`` caches and coalesces them).
#
# | public model                     | what anyone may read (the resolvers filter on publication)          |
# |----------------------------------|----------------------------------------------------------------------|
# | event.event, event.event.ticket  | published events and their tickets                                   |
# | event.type, event.tag            | event categories and tags                                            |
# | blog.post, blog.blog, blog.tag   | published posts, blogs, tags                                         |
# | product.product, .template, .category | rental equipment and the rental category                       |
# | res.lang                         | installed languages                                                  |
#
# A call on a public model is still a viewer's read when its domain ties it to a viewer: a leaf on one of
# ``SCOPE_FIELDS`` (the fields the ``Scope`` domains above filter on) or with ``child_of``. Such a call is never
# shared. ``tests/test_public_reads.py`` walks every ``Scope`` method for every role, so a new scope rule on a
# field missing here fails there instead of leaking through the cache.

PUBLIC_MODELS = frozenset({
    "event.event", "event.event.ticket", "event.type", "event.tag", "blog.post", "blog.blog", "blog.tag",
    "product.product", "product.template", "product.category", "res.lang",
})
SCOPE_FIELDS = frozenset({"owner_id", "partner_id", "partner_ids", "user_id", "user_ids", "project_id",
                          "customk9_trainer_ids", "registration_ids", "message_partner_ids", "commercial_partner_id"})


def viewer_bound(domain: Any) -> bool:
    """Whether an Odoo domain (any nesting, as sent on the wire) filters on a viewer: see the table above."""
    if not isinstance(domain, list | tuple):
        return False
    if len(domain) == 3 and isinstance(domain[0], str) and isinstance(domain[1], str) and domain[1] in OPERATORS:
        return domain[0].split(".")[0] in SCOPE_FIELDS or domain[1] == "child_of" or viewer_bound(domain[2])
    return any(viewer_bound(leaf) for leaf in domain)


OPERATORS = frozenset({"=", "!=", "<", ">", "<=", ">=", "=?", "=like", "like", "not like", "ilike", "not ilike",
                       "=ilike", "in", "not in", "child_of", "parent_of", "any", "not any"})

# --------------------------------------------------------------------------------------------------------------
# The same rules, evaluated on rows that were already read: live updates check one change against many
# subscribers with one shared read (``bff.live.audience``) instead of one scoped search per subscriber.
# ``tests/live/test_policy_rows.py`` proves, for every demo viewer and every watched record, that ``sees``
# agrees with the domains above; change both together.
#
# Managers and administrators see every row (but templates, as above). A sale.order row is seen as an order
# (``orders``); whether it is also a rental the viewer sees is decided when it is read as one. ``partners`` is
# the partner set of ``partner_facts_domain``: a client's company and contacts, or a trainer's clients.
#
# | model              | fields read          | client: partner in the client's company | trainer             |
# |--------------------|----------------------|------------------------------------------|---------------------|
# | customk9.dog       | owner_id             | owner                                    | owner is a client   |
# | project.project    | partner_id, user_id  | customer, not a template                 | leads it, not tmpl. |
# | project.task       | project_id (+ plan)  | the plan's customer                      | leads the plan      |
# | calendar.event     | partner_ids, user_id | any attendee                             | organiser/attendee  |
# | event.registration | partner_id           | registered partner                       | none                |
# | sale.order         | partner_id, is_rental| customer (rentals and other orders)      | none                |

AUDIENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "customk9.dog": ("owner_id",),
    "project.project": ("partner_id", "user_id", "is_training_template"),
    "project.task": ("project_id",),
    "calendar.event": ("partner_ids", "user_id"),
    "event.registration": ("partner_id",),
    "sale.order": ("partner_id", "is_rental"),
}


def _ref(value: Any) -> int | None:
    """The id of a many2one value as Odoo sends it (``[id, name]`` or ``False``)."""
    return value[0] if isinstance(value, list | tuple) and value else None


def partner_facts_domain(scope: Scope) -> Domain | None:
    """The res.partner domain of the partners rows are compared with: a client's company and its contacts, a
    trainer's clients (which change with plans and sessions: re-read it per change), or None (no set needed)."""
    if scope.viewer.role is Role.CLIENT and scope._client:
        return [("id", "child_of", scope._client)]
    return scope._trained() if scope.viewer.role is Role.TRAINER else None


def sees(scope: Scope, model: str, row: dict[str, Any], *, partners: frozenset[int],
         plans: dict[int, dict[str, Any]]) -> bool:
    """Whether ``scope`` may see ``row`` of ``model`` (read with ``AUDIENCE_FIELDS``). ``partners`` comes from
    ``partner_facts_domain``; ``plans`` holds the plan rows of tasks, by id."""
    role, uid = scope.viewer.role, scope.viewer.user_id
    if model == "project.task":
        plan = plans.get(_ref(row.get("project_id")) or 0)
        return plan is not None and _sees_plan(scope, plan, partners, check_template=False)
    if model == "project.project":
        return _sees_plan(scope, row, partners, check_template=True)
    if role in (Role.ADMIN, Role.MANAGER):
        return True
    if role is Role.TRAINER:
        if model == "customk9.dog":
            return _ref(row.get("owner_id")) in partners
        if model == "calendar.event":
            return _ref(row.get("user_id")) == uid or (scope.viewer.partner_id or 0) in (row.get("partner_ids") or [])
        return False
    if role is not Role.CLIENT or not scope._client:
        return False
    if model == "customk9.dog":
        return _ref(row.get("owner_id")) in partners
    if model == "calendar.event":
        return bool(partners.intersection(row.get("partner_ids") or []))
    if model == "event.registration":
        return _ref(row.get("partner_id")) in partners
    if model == "sale.order":
        return _ref(row.get("partner_id")) in partners
    return False


def _sees_plan(scope: Scope, plan: dict[str, Any], partners: frozenset[int], *, check_template: bool) -> bool:
    if check_template and plan.get("is_training_template"):
        return False
    role = scope.viewer.role
    if role in (Role.ADMIN, Role.MANAGER):
        return True
    if role is Role.TRAINER:
        return _ref(plan.get("user_id")) == scope.viewer.user_id
    return role is Role.CLIENT and _ref(plan.get("partner_id")) in partners
