"""base: res.partner, res.users and the hand-written models around them.

Recorded models (res.partner, res.users) get their Odoo behaviour here. Models that were not
recorded (res.groups, res.company, res.currency, res.country, res.partner.category, ir.model.data,
ir.module.module, res.users.apikeys, website, uom.category, uom.uom) are defined by hand with Odoo 18's
real field names, limited to the fields the emulator needs.
"""

from __future__ import annotations

import base64
from typing import Any

from ..exceptions import ValidationError
from ..fields import Field
from .registry import Registry


def implied_closure(db: Any, group_ids: list[int]) -> list[int]:
    """The groups plus every group they imply, transitively (Odoo stores the closure on users)."""
    out: list[int] = []
    todo = list(group_ids)
    while todo:
        gid = todo.pop(0)
        if gid in out or not db.exists("res.groups", gid):
            continue
        out.append(gid)
        todo.extend(db.tables["res.groups"][gid].get("implied_ids") or [])
    return out


def _commercial_partner(db: Any, pid: int) -> int:
    seen = set()
    while pid and pid not in seen:
        seen.add(pid)
        row = db.tables["res.partner"].get(pid)
        if row is None or row.get("is_company") or not row.get("parent_id"):
            return pid
        pid = row["parent_id"]
    return pid


def _complete_name(db: Any, rec: dict) -> str:
    name = rec.get("name") or ""
    parent = db.tables["res.partner"].get(rec.get("parent_id") or 0)
    if (rec.get("company_name") or parent) and not rec.get("is_company"):
        commercial = db.tables["res.partner"].get(_commercial_partner(db, rec["id"]))
        company = (
            (
                commercial["name"]
                if commercial and commercial.get("is_company") and commercial is not rec
                else (parent or {}).get("name")
            )
            or rec.get("company_name")
            or ""
        )
        if company:
            name = f"{company}, {name}"
    return name.strip()


def _no_recursion(db: Any, ids: list[int]) -> None:
    for pid in ids:
        seen = {pid}
        cur = db.tables["res.partner"][pid].get("parent_id")
        while cur:
            if cur in seen:
                raise ValidationError("You cannot create recursive Partner hierarchies.")
            seen.add(cur)
            cur = (db.tables["res.partner"].get(cur) or {}).get("parent_id")


def setup_partner(reg: Registry) -> None:
    p = reg["res.partner"]
    p.order = "complete_name ASC, id DESC"
    p.name_search_fields = ("complete_name", "email", "ref", "vat")
    p.display_name = _complete_name
    p.set("complete_name", compute=_complete_name)
    p.set("commercial_partner_id", compute=lambda db, rec: _commercial_partner(db, rec["id"]))
    p.set(
        "commercial_company_name",
        compute=lambda db, rec: (
            (db.tables["res.partner"][_commercial_partner(db, rec["id"])].get("name") or False)
            if db.tables["res.partner"][_commercial_partner(db, rec["id"])].get("is_company")
            else False
        ),
    )
    p.set("email_normalized", compute=lambda db, rec: (rec.get("email") or "").strip().lower() or False)
    p.set("child_ids", inverse_name="parent_id")
    p.set("user_ids", inverse_name="partner_id")
    p.set(
        "partner_share",
        compute=lambda db, rec: (
            not any(
                not db.value("res.users", uid, "share") for uid in db.value("res.partner", rec["id"], "user_ids")
            )
        ),
    )
    p.set(
        "is_public",
        compute=lambda db, rec: any(
            "base.group_public" in db.user_groups(u) for u in db.value("res.partner", rec["id"], "user_ids")
        ),
    )
    for fname, value in (
        ("active", True),
        ("type", "contact"),
        ("lang", "en_US"),
        ("autopost_bills", "ask"),
        ("is_company", False),
        ("color", 0),
    ):
        p.set(fname, default=value)
    p.constraints.append(_no_recursion)


def _user_defaults(db: Any, uid: int, vals: dict) -> dict:
    out: dict[str, Any] = {
        "active": True,
        "notification_type": "email",
        "company_id": 1,
        "company_ids": [(6, 0, [1])],
    }
    if "groups_id" not in vals:
        out["groups_id"] = [(6, 0, [db.xmlid_to_res_id("base.group_user")])]
    if not vals.get("partner_id") and "name" not in vals:
        out["name"] = vals.get("login") or ""
    if not vals.get("partner_id") and not vals.get("email") and "@" in str(vals.get("login") or ""):
        out["email"] = vals["login"]
    return out


def _set_groups_closure(db: Any, uid: int, ids: Any, vals: dict | None = None) -> None:
    ids = [ids] if isinstance(ids, int) else ids
    if vals is not None and "groups_id" not in vals:
        return
    for user_id in ids:
        current = db.value("res.users", user_id, "groups_id")
        closure = implied_closure(db, current)
        if closure != current:
            db._touch("res.users", user_id)
            db.tables["res.users"][user_id]["groups_id"] = closure


def _user_constraints(db: Any, ids: list[int]) -> None:
    internal = db.xmlid_to_res_id("base.group_user")
    portal = db.xmlid_to_res_id("base.group_portal")
    public = db.xmlid_to_res_id("base.group_public")
    for uid in ids:
        row = db.tables["res.users"][uid]
        login = row.get("login")
        if any(o.get("login") == login for oid, o in db.tables["res.users"].items() if oid != uid):
            raise ValidationError("You can not have two users with the same login!")
        types = [g for g in (internal, portal, public) if g in (row.get("groups_id") or [])]
        if len(types) > 1:
            raise ValidationError("The user cannot have more than one user types.")


def setup_users(reg: Registry) -> None:
    u = reg["res.users"]
    u.inherits = {"res.partner": "partner_id"}
    u.order = "name, login"
    u.rec_name = "name"
    u.name_search_fields = ("name", "login")
    u.defaults.append(_user_defaults)
    u.set(
        "share", compute=lambda db, rec: db.xmlid_to_res_id("base.group_user") not in (rec.get("groups_id") or [])
    )
    u.set("password", compute=lambda db, rec: "", inverse=lambda db, rid, value: db.set_password(rid, value or ""))
    u.set(
        "new_password",
        compute=lambda db, rec: "",
        inverse=lambda db, rid, value: db.set_password(rid, value) if value else None,
    )
    u.set("api_key_ids", inverse_name="user_id")
    u.after_create.append(lambda db, uid, rid, vals: _set_groups_closure(db, uid, rid))
    u.after_write.append(lambda db, uid, ids, vals: _set_groups_closure(db, uid, ids, vals))
    u.constraints.append(_user_constraints)


def _get_param(db: Any, uid: int, key: str, default: Any = False) -> Any:
    """``ir.config_parameter.get_param``: checks the read access of the caller (administrators only)."""
    db.check_access(uid, "ir.config_parameter", "read")
    return db.get_param(key, default)


def _set_param(db: Any, uid: int, key: str, value: Any) -> Any:
    db.check_access(uid, "ir.config_parameter", "write")
    old = db.get_param(key)
    db.set_param(key, value)
    return old


def define_hand_models(reg: Registry) -> None:
    # Hand-written (not recorded): real Odoo 18 field names, reduced to what the emulator uses.
    reg.define(
        "res.groups",
        "Access Groups",
        {
            "name": ("char", {"required": True}),
            "full_name": ("char", {"store": False}),
            "implied_ids": ("many2many", "res.groups"),
            "share": ("boolean",),
            "comment": ("text",),
            "category_id": ("many2one", "ir.module.category", {"string": "Application"}),
            "api_key_duration": ("float",),
            "users": Field(name="users", type="many2many", relation="res.users", store=False),
        },
        order="name",
    )
    g = reg["res.groups"]
    g.fields["full_name"].compute = lambda db, rec: (
        f"{db.display_name('ir.module.category', rec['category_id'])} / {rec.get('name') or ''}"
        if rec.get("category_id") and db.exists("ir.module.category", rec["category_id"])
        else rec.get("name") or ""
    )
    reg.define(
        "ir.module.category",
        "Application",
        {
            "name": ("char", {"required": True}),
            "description": ("text",),
            "sequence": ("integer",),
            "parent_id": ("many2one", "ir.module.category"),
        },
        order="name",
    )
    reg.define(
        "ir.config_parameter",
        "System Parameter",
        {"key": ("char", {"required": True}), "value": ("text", {"required": True})},
        order="key",
        rec_name="key",
    )
    cp = reg["ir.config_parameter"]
    cp.method("get_param", on_records=False)(_get_param)
    cp.method("set_param", on_records=False)(_set_param)
    g.fields["users"].compute = lambda db, rec: [
        u for u, row in db.tables.get("res.users", {}).items() if rec["id"] in (row.get("groups_id") or [])
    ]
    g.fields["users"].search = lambda db, op, value: [
        (
            "id",
            "in",
            [
                gid
                for gid, _row in db.tables["res.groups"].items()
                if set(db.value("res.groups", gid, "users")) & set(value if isinstance(value, list) else [value])
            ],
        )
    ]
    reg.define(
        "res.currency",
        "Currency",
        {
            "name": ("char", {"required": True}),
            "symbol": ("char", {"required": True}),
            "full_name": ("char",),
            "position": ("selection", {"selection": ["after", "before"], "default": "after"}),
            "decimal_places": ("integer", {"default": 2}),
            "rounding": ("float", {"default": 0.01}),
            "active": ("boolean", {"default": True}),
        },
        order="active desc, name",
    )
    reg.define(
        "res.country",
        "Country",
        {
            "name": ("char", {"required": True}),
            "code": ("char",),
            "phone_code": ("integer",),
            "currency_id": ("many2one", "res.currency"),
        },
        order="name",
    )
    reg.define(
        "res.country.state",
        "Country state",
        {
            "name": ("char", {"required": True}),
            "code": ("char", {"required": True}),
            "country_id": ("many2one", "res.country", {"required": True}),
        },
        order="code",
    )
    reg.define(
        "res.company",
        "Companies",
        {
            "name": ("char", {"required": True}),
            "partner_id": ("many2one", "res.partner"),
            "currency_id": ("many2one", "res.currency"),
            "email": ("char",),
            "phone": ("char",),
            "website": ("char",),
            "street": ("char",),
            "city": ("char",),
            "zip": ("char",),
            "country_id": ("many2one", "res.country"),
            "parent_id": ("many2one", "res.company"),
            "sequence": ("integer", {"default": 10}),
            "active": ("boolean", {"default": True}),
        },
        order="sequence, name",
    )
    reg.define(
        "res.partner.category",
        "Partner Tags",
        {
            "name": ("char", {"required": True}),
            "color": ("integer",),
            "parent_id": ("many2one", "res.partner.category"),
            "active": ("boolean", {"default": True}),
        },
        order="name",
        parent_name="parent_id",
    )
    reg.define(
        "ir.model.data",
        "Model Data",
        {
            "module": ("char", {"required": True}),
            "name": ("char", {"required": True}),
            "model": ("char", {"required": True}),
            "res_id": ("many2one_reference",),
            "noupdate": ("boolean",),
            "complete_name": ("char", {"store": False}),
        },
        order="module, model, name",
    )
    reg["ir.model.data"].fields["complete_name"].compute = lambda db, rec: f"{rec['module']}.{rec['name']}"
    reg["ir.model.data"].rec_name = "complete_name"
    reg.define(
        "ir.module.module",
        "Module",
        {
            "name": ("char", {"required": True}),
            "shortdesc": ("char",),
            "summary": ("char",),
            "author": ("char",),
            "state": (
                "selection",
                {
                    "selection": [
                        "uninstallable",
                        "uninstalled",
                        "installed",
                        "to upgrade",
                        "to remove",
                        "to install",
                    ],
                    "default": "uninstalled",
                },
            ),
            "latest_version": ("char",),
            "installed_version": Field(name="installed_version", type="char", store=False),
            "application": ("boolean",),
        },
        order="application desc, sequence, name",
    )
    reg["ir.module.module"].add_field(Field(name="sequence", type="integer", default=100))
    reg["ir.module.module"].fields["installed_version"].compute = lambda db, rec: (
        rec.get("latest_version") or False
    )
    reg.define(
        "res.users.apikeys",
        "Users API Keys",
        {
            "name": ("char", {"required": True}),
            "user_id": ("many2one", "res.users", {"required": True, "ondelete": "cascade"}),
            "scope": ("char",),
            "index": ("char",),
            "expiration_date": ("datetime",),
        },
    )
    reg.define(
        "website",
        "Website",
        {
            "name": ("char", {"required": True}),
            "domain": ("char",),
            "company_id": ("many2one", "res.company"),
            "sequence": ("integer", {"default": 10}),
        },
        order="sequence, id",
    )
    reg.define("uom.category", "Product UoM Categories", {"name": ("char", {"required": True})})
    reg.define(
        "uom.uom",
        "Product Unit of Measure",
        {
            "name": ("char", {"required": True}),
            "category_id": ("many2one", "uom.category", {"required": True}),
            "factor": ("float", {"default": 1.0}),
            "rounding": ("float", {"default": 0.01}),
            "uom_type": ("selection", {"selection": ["bigger", "reference", "smaller"], "default": "reference"}),
            "active": ("boolean", {"default": True}),
        },
        order="factor DESC, id",
    )


def _set_datas(db: Any, rid: int, value: Any) -> None:
    db._touch("ir.attachment", rid)
    row = db.tables["ir.attachment"][rid]
    row["_datas"] = value or False
    try:
        row["file_size"] = len(base64.b64decode(value or b""))
    except (ValueError, TypeError):
        row["file_size"] = 0


def setup_attachment(reg: Registry) -> None:
    """``datas`` (base64) is kept beside the row; ``file_size`` follows it."""
    a = reg["ir.attachment"]
    a.set("datas", compute=lambda db, rec: rec.get("_datas") or False, inverse=_set_datas)
    a.set("type", default="binary")


def setup(reg: Registry) -> None:
    define_hand_models(reg)
    setup_partner(reg)
    setup_users(reg)
    setup_attachment(reg)
