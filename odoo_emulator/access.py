"""Who may read and write what: Odoo 18's ACLs, record rules and field restrictions, as observed (access.md).

The Database calls ``OdooAccessPolicy`` on every ORM operation of every uid but the superuser (1):

* ``check_model``  - the model ACL (read/write/create/unlink); refusal is an AccessError in ACL style;
* ``rule_domain``  - record rules, a domain the Database ANDs into searches; an existing id outside it gives an
  AccessError on read/write (record-rule style, see ``record_rule_error``), a missing id reads as ``[]``;
* ``check_fields`` - field-level checks on the fields actually read or written.

Three kinds of users:

* internal (``base.group_user``, admin included): everything, no rules - except ``bus.bus``, which no group may
  read over RPC (AccessError even for admin);
* share users (``base.group_portal``; ``base.group_public`` and group-less users get the same table, though
  the public user cannot log in): read-only ACLs, no ACL at all on the models of ``NO_SHARE_ACCESS``, and the
  record rules of ``_share_rule``. Followers decide visibility, not ``partner_id``: project, task, sale.order;
* ``calendar.event`` is found by a share user's search (attendee rule) but reading it fails on the organiser
  (``res.users``), and reading an x2many towards a model without ACL (``event.event.registration_ids``) fails
  the whole read, as recorded.

Exceptions to "internal users may do everything" (``GROUP_ACL``, ``_internal_rule``), as on a real Odoo 18:
the models of ``GROUP_ACL`` grant each operation to the listed groups only (``customk9.dog`` of the
CustomK9 addon; ``ir.config_parameter`` is for Settings; creating or deleting users needs Access Rights
(``base.group_erp_manager``), other users write themselves only; API keys and the security wizards
belong to their user; the CustomK9 booking API's ``customk9.idempotency`` is for Settings, its methods
check their caller themselves; Odoo's ``resource`` models are read-only but for Settings); the global
"private events" rule lets only the organiser and the attendees write, create or delete a private
``calendar.event`` (even admin); the CustomK9 portal rule shows a portal user the dogs of its commercial
partner and its contacts; the CustomK9 group rules (``GROUP_RULES``) show a trainer the dogs of their own
clients (``res.partner.customk9_trainer_ids``) and managers and the integration account every dog. As on
Odoo, the rules of the groups a user is in are ORed, and a user in none of them is not restricted.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from odoo_emulator.exceptions import AccessError
from odoo_emulator.models.registry import DESCRIPTIONS

if TYPE_CHECKING:
    from odoo_emulator.database import Database

INTERNAL_GROUP = "base.group_user"

PORTAL_GROUP = "base.group_portal"
OPERATIONS = ("read", "write", "create", "unlink")

# Models the recorded set lacks; the recorded ones take their label from the registry.
MODEL_LABELS = {
    **DESCRIPTIONS,
    "customk9.dog": "Dog",
    "ir.config_parameter": "System Parameter",
    "ir.cron": "Scheduled Actions",
    "ir.model.data": "Model Data",
    "res.users.apikeys": "Users API Keys",
    "res.users.apikeys.description": "API Key Description",
    "res.users.identitycheck": "Password Check Wizard",
    "customk9.booking": "CustomK9 booking API",
    "customk9.idempotency": "CustomK9 idempotency key",
    "resource.calendar": "Resource Working Time",
    "resource.calendar.attendance": "Work Detail",
    "resource.resource": "Resources",
}

# Models a portal/public user has no ACL on at all: even search and search_count are refused.
NO_SHARE_ACCESS = frozenset(
    {
        "calendar.attendee",
        "event.type",
        "event.registration",
        "stock.quant",
        "stock.lot",
        "ir.attachment",
        "membership.membership_line",
        "bus.bus",
    }
)
NO_ACCESS_AT_ALL = frozenset({"bus.bus"})
# Operations beyond "read" that share users hold an ACL for (they can post messages on what they see).
SHARE_EXTRA_OPERATIONS = {"mail.message": frozenset({"create"})}
# Fields a share user may not read (field-level restriction of project sharing).
SHARE_FORBIDDEN_FIELDS = {"project.task": frozenset({"allocated_hours"})}
# Groups named in an ACL refusal, for the message only.
_ALLOWED_GROUPS = {
    "stock.quant": ("Inventory/User", "User types/Internal User"),
    "stock.lot": ("Inventory/User", "User types/Internal User"),
    "res.partner": ("Extra Rights/Contact Creation", "Sales/User: Own Documents Only"),
    "bus.bus": (),
}
_VERBS = {"read": "read", "write": "modify", "create": "create", "unlink": "delete"}
# Models whose ACL is explicit: model -> {group xmlid: operations (r, w, c, u)}; no listed group, no access.
GROUP_ACL: dict[str, dict[str, str]] = {
    "customk9.dog": {
        "base.group_portal": "r",
        "customk9.group_customk9_trainer": "rwc",
        "customk9.group_customk9_integration": "rwcu",
        "base.group_system": "rwcu",
    },
    "ir.config_parameter": {"base.group_system": "rwcu"},
    "ir.cron": {"base.group_system": "rwcu"},
    # languages: everyone reads them (group-less ACL), Settings changes them
    "res.lang": {"base.group_user": "r", "base.group_portal": "r", "base.group_public": "r",
                 "base.group_system": "rwcu"},
    # seen on Odoo 18: the BFF integration account (an internal user) gets AccessError reading Model Data
    "ir.model.data": {"base.group_system": "rwcu", "base.group_erp_manager": "r"},
    "res.users": {
        "base.group_erp_manager": "rwcu",
        "base.group_user": "rw",
        "base.group_portal": "r",
        "base.group_public": "r",
    },
    "res.users.apikeys": {"base.group_user": "r", "base.group_portal": "r"},
    "res.users.apikeys.description": {"base.group_user": "rc", "base.group_portal": "rc"},
    "res.users.identitycheck": {"base.group_user": "rwc", "base.group_portal": "rwc"},
    # the booking API is an abstract model (methods only, each checks its caller); its idempotency keys are
    # written by those methods at the superuser level, and only Settings may look at them
    "customk9.booking": {},
    "customk9.idempotency": {"base.group_system": "rwcu"},
    # Odoo's resource module, as recorded on the real server (working hours are read by internal users)
    "resource.calendar": {"base.group_user": "r", "project.group_project_user": "r", "base.group_system": "rwcu"},
    "resource.calendar.attendance": {
        "base.group_user": "r",
        "project.group_project_user": "r",
        "base.group_system": "rwcu",
    },
    "resource.resource": {"base.group_user": "r", "base.group_system": "r"},
}
# Record rules that apply to the members of a group (customk9_rules.xml): model -> {group: domain for uid};
# one leaf each (they are ORed as they stand); an empty domain lets the group see every record.
GROUP_RULES: dict[str, dict[str, Any]] = {
    "customk9.dog": {
        "customk9.group_customk9_trainer": lambda uid: [("owner_id.customk9_trainer_ids", "in", [uid])],
        "customk9.group_customk9_manager": lambda uid: [],
        "customk9.group_customk9_integration": lambda uid: [],
    },
}
_OPERATION_LETTER = {"read": "r", "write": "w", "create": "c", "unlink": "u"}
_GROUP_LABELS = {
    "customk9.group_customk9_trainer": "CustomK9/CustomK9 Trainer",
    "customk9.group_customk9_integration": "CustomK9/CustomK9 BFF integration",
    "base.group_system": "Administration/Settings",
    "base.group_erp_manager": "Administration/Access Rights",
    "base.group_portal": "User types/Portal",
    "base.group_public": "User types/Public",
    "base.group_user": "User types/Internal User",
    "project.group_project_user": "Project/User",
}
# Transient wizards: a user sees its own only.
_OWN_WIZARDS = ("res.users.apikeys.description", "res.users.identitycheck")
# Mail-thread models whose messages a share user may see when it may see the document.
_MESSAGE_DOCUMENTS = ("res.partner", "project.project", "project.task", "event.event", "blog.post", "sale.order")


def _and(*domains: list) -> list:
    parts = [d for d in domains if d]
    if len(parts) < 2:
        return parts[0] if parts else []
    out: list = ["&"] * (len(parts) - 1)
    for part in parts:
        out += part
    return out


def _or(*domains: list) -> list:
    out: list = ["|"] * (len(domains) - 1)
    for domain in domains:
        out += domain
    return out


def label(model: str) -> str:
    return MODEL_LABELS.get(model, model)


def acl_error(model: str, operation: str) -> AccessError:
    """An ACL refusal, worded like Odoo's (model label and technical name, then the groups that may)."""
    if model in GROUP_ACL:
        letter = _OPERATION_LETTER[operation]
        groups = tuple(_GROUP_LABELS.get(g, g) for g, ops in GROUP_ACL[model].items() if letter in ops)
    else:
        groups = _ALLOWED_GROUPS.get(model, ("User types/Internal User",))
    lines = "".join(f"\n\t- {g}" for g in groups) if groups else "\n\t(no group)"
    return AccessError(
        f"Sorry, you are not allowed to {_VERBS.get(operation, operation)} '{label(model)}' ({model}) records."
        f"\n\nOnly these groups hold this right:{lines}\n\nAsk your administrator for access if you need it."
    )


def record_rule_error(db: Database, uid: int, model: str, ids: list[int], operation: str) -> AccessError:
    """A record-rule refusal: names the user, the operation, the model and the records."""
    user = _user_name(db, uid)
    shown = ", ".join(str(i) for i in ids[:6]) + (", ..." if len(ids) > 6 else "")
    return AccessError(
        f"Security restriction: {user} (id={uid}) may not '{operation}' these records:\n"
        f"- {label(model)} ({model}){f' ids {shown}' if ids else ''}\n\n"
        "They exist, but the record rules of this user's groups do not cover them."
    )


def _user_name(db: Database, uid: int) -> str:
    rows = db.sudo_read("res.users", [uid], ["name"])
    return rows[0]["name"] if rows else f"User {uid}"


@cache
def _recorded_fields() -> dict[str, dict[str, dict[str, Any]]]:
    text = resources.files("odoo_emulator").joinpath("data/odoo18_fields.json").read_text(encoding="utf-8")
    return json.loads(text)["models"]


def _x2many_relation(model: str, fname: str) -> str | None:
    spec = _recorded_fields().get(model, {}).get(fname)
    if spec and spec.get("type") in ("one2many", "many2many"):
        return spec.get("relation")
    return None


def _m2o_id(value: Any) -> int | None:
    if isinstance(value, (list, tuple)) and value:
        return int(value[0])
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


class OdooAccessPolicy:
    """The access policy of a Database (see the module docstring)."""

    def is_internal(self, db: Database, uid: int) -> bool:
        return INTERNAL_GROUP in db.user_groups(uid)

    # -- model ACL -------------------------------------------------------------------------------------

    def check_model(self, db: Database, uid: int, model: str, operation: str) -> None:
        if model in NO_ACCESS_AT_ALL:
            raise acl_error(model, operation)
        if model in GROUP_ACL:
            letter, groups = _OPERATION_LETTER[operation], db.user_groups(uid)
            if not any(letter in ops and group in groups for group, ops in GROUP_ACL[model].items()):
                raise acl_error(model, operation)
            return
        if self.is_internal(db, uid):
            return
        if model in NO_SHARE_ACCESS:
            raise acl_error(model, operation)
        if operation != "read" and operation not in SHARE_EXTRA_OPERATIONS.get(model, ()):
            raise acl_error(model, operation)

    # -- record rules ----------------------------------------------------------------------------------

    def rule_domain(self, db: Database, uid: int, model: str, operation: str) -> list:
        rule = self._global_rule(db, uid, model, operation)
        if self.is_internal(db, uid):
            return _and(rule, self._internal_rule(db, uid, model, operation))
        return _and(rule, self._share_rule(db, uid, model))

    def _global_rule(self, db: Database, uid: int, model: str, operation: str) -> list:
        """Rules without groups: they restrict everyone (but the superuser)."""
        if model == "calendar.event" and operation != "read":
            partner = db.user_partner_id(uid)
            return [
                "|",
                ("privacy", "!=", "private"),
                "|",
                ("user_id", "=", uid),
                ("partner_ids", "in", [partner]),
            ]
        if model in _OWN_WIZARDS and "base.group_system" not in db.user_groups(uid):
            return [("create_uid", "=", uid)]
        return []

    def _internal_rule(self, db: Database, uid: int, model: str, operation: str) -> list:
        groups = db.user_groups(uid)
        if model == "res.users" and operation != "read" and "base.group_erp_manager" not in groups:
            return [("id", "=", uid)]
        if model == "res.users.apikeys" and "base.group_system" not in groups:
            return [("user_id", "=", uid)]
        rules = [rule(uid) for group, rule in GROUP_RULES.get(model, {}).items() if group in groups]
        if not rules or any(not rule for rule in rules):
            return []
        return _or(*rules)

    def _share_rule(self, db: Database, uid: int, model: str) -> list:
        partner, commercial = self._partners(db, uid)
        followed = ("message_partner_ids", "child_of", [commercial])
        if model == "res.partner":
            return [("id", "child_of", [commercial])]
        if model == "res.users":
            return [("id", "=", uid)]
        if model == "project.project":
            return [("privacy_visibility", "=", "portal"), followed]
        if model == "project.task":
            return [("project_id.privacy_visibility", "=", "portal"), followed]
        if model == "project.task.type":
            return [("user_id", "=", False)]  # personal stages stay private: 4 of the 11 demo stages
        if model == "calendar.event":
            return [("partner_ids", "in", [partner])]
        if model in ("event.event", "blog.post"):
            return [("is_published", "=", True)]
        if model == "product.template":
            return ["|", ("is_published", "=", True), ("service_tracking", "=", "event")]
        if model == "product.product":
            return [
                "|",
                ("product_tmpl_id.is_published", "=", True),
                ("product_tmpl_id.service_tracking", "=", "event"),
            ]
        if model == "sale.order":
            return [followed]  # a draft quotation has no customer follower yet, so it stays invisible
        if model == "sale.order.line":
            return [("order_id.message_partner_ids", "child_of", [commercial])]
        if model == "mail.message":
            return self._message_rule(db, uid, partner)
        if model == "customk9.dog":
            return [("owner_id", "child_of", [commercial])]
        if model == "res.users.apikeys":
            return [("user_id", "=", uid)]
        return []

    def _message_rule(self, db: Database, uid: int, partner: int) -> list:
        """Public messages on documents the user can see, plus messages it wrote or received."""
        clauses: list[list] = [[("author_id", "=", partner)], [("partner_ids", "in", [partner])]]
        for doc_model in _MESSAGE_DOCUMENTS:
            visible = db.sudo_search(doc_model, self._share_rule(db, uid, doc_model))
            if visible:
                clauses.append([("model", "=", doc_model), ("res_id", "in", sorted(visible))])
        either: list = ["|"] * (len(clauses) - 1)
        for clause in clauses:
            either += ["&"] * (len(clause) - 1) + clause
        return [("is_internal", "=", False), *either] if len(clauses) > 1 else clauses[0]

    def _partners(self, db: Database, uid: int) -> tuple[int, int]:
        """The user's partner and its commercial partner (the company it belongs to, or itself)."""
        partner = db.user_partner_id(uid)
        rows = db.sudo_read("res.partner", [partner], ["commercial_partner_id"])
        commercial = _m2o_id(rows[0].get("commercial_partner_id")) if rows else None
        return partner, commercial or partner

    # -- field level -----------------------------------------------------------------------------------

    def check_fields(self, db: Database, uid: int, model: str, fields: list[str], operation: str) -> None:
        if operation != "read" or self.is_internal(db, uid):
            return
        if model == "calendar.event":
            # Odoo reads the organiser (res.users) to decide on event privacy, and a share user may read
            # no other user than itself: the read fails even when the event was found by search.
            raise record_rule_error(db, uid, "res.users", [], "read")
        forbidden = sorted(SHARE_FORBIDDEN_FIELDS.get(model, frozenset()).intersection(fields))
        if forbidden:
            raise AccessError(
                f"Share users may not read these fields of '{label(model)}' ({model}): {', '.join(forbidden)}"
            )
        for fname in fields:
            relation = _x2many_relation(model, fname)
            if relation in NO_SHARE_ACCESS:
                raise acl_error(relation, "read")
