"""``res.users.customk9_create_portal_user`` of the CustomK9 addon: the integration account's portal sign-up.

``res.users.create`` needs ``base.group_erp_manager``; this method lets the integration group (or an Access
Rights manager) create portal users only, copied from the portal template user, from a whitelist of fields.
"""

from __future__ import annotations

import time
from typing import Any

from ..exceptions import AccessDenied, AccessError, ValidationError

INTEGRATION = "customk9.group_customk9_integration"
PORTAL_SIGNUP_FIELDS = frozenset({"login", "password", "name", "email", "partner_id", "lang", "tz"})


def create_portal_user(db: Any, uid: int, values: Any = None) -> dict:
    """``res.users.customk9_create_portal_user``: a portal user copied from the portal template user."""
    if not ({INTEGRATION, "base.group_erp_manager"} & db.user_groups(uid)):
        raise AccessError("Only the CustomK9 integration account may create portal users.")
    values = dict(values or {})
    unknown = set(values) - PORTAL_SIGNUP_FIELDS
    if unknown:
        raise ValidationError(f"Fields not allowed for a portal sign-up: {', '.join(sorted(unknown))}")
    login = str(values.get("login") or "").strip()
    if not login:
        raise ValidationError("A login is required.")
    values["login"] = login
    if any(row.get("login") == login for row in db.tables["res.users"].values()):
        raise ValidationError("This login is already in use.")
    if values.get("partner_id"):
        partner = int(values["partner_id"])
        if not db.exists("res.partner", partner):
            raise ValidationError("Unknown partner.")
        if any(row.get("partner_id") == partner for row in db.tables["res.users"].values()):
            raise ValidationError("This partner already has a user.")
        values["partner_id"] = partner
        values.setdefault("email", db.tables["res.partner"][partner].get("email") or login)
    elif not values.get("name"):
        raise ValidationError("A name is required.")
    values.setdefault("email", login)
    template = db.xmlid_to_res_id("base.template_portal_user_id")
    groups = list(db.tables["res.users"][template].get("groups_id") or []) if template else []
    new_uid = db.create_record("res.users", {**values, "active": True, "groups_id": [(6, 0, groups)]}, uid)
    user_groups = db.user_groups(new_uid)
    if "base.group_portal" not in user_groups or "base.group_user" in user_groups:
        raise ValidationError("The portal template user is not a portal user.")
    return {"id": new_uid, "partner_id": db.tables["res.users"][new_uid]["partner_id"]}


def send_reset_password(db: Any, uid: int, login: Any = None) -> bool:
    """``res.users.customk9_send_reset_password``: Odoo's reset mail for a portal user, for the integration
    group (``reset_password`` itself needs Access Rights). True whether or not the login exists."""
    if not ({INTEGRATION, "base.group_erp_manager"} & db.user_groups(uid)):
        raise AccessError("Only the CustomK9 integration account may request password resets.")
    wanted = str(login or "").strip().lower()
    for user_id, row in db.tables["res.users"].items():
        if wanted and str(row.get("login") or "").lower() == wanted and row.get("active", True):
            groups = db.user_groups(user_id)
            email = db.tables["res.partner"][row["partner_id"]].get("email")
            if "base.group_portal" in groups and "base.group_user" not in groups and email:
                db.send_mail(email, "Password reset", "reset_password")
            break
    return True


def viewer_info(db: Any, uid: int, user_id: Any = None) -> dict | bool:
    """``res.users.customk9_viewer_info``: role and partners of a user, for the integration group only."""
    if not ({INTEGRATION, "base.group_erp_manager"} & db.user_groups(uid)):
        raise AccessError("Only the CustomK9 integration account may read sign-in roles.")
    row = db.tables["res.users"].get(int(user_id or 0))
    if row is None or not row.get("active", True):
        return False
    groups = db.user_groups(int(user_id))
    if "base.group_erp_manager" in groups:
        role: str | bool = "admin"
    elif "customk9.group_customk9_manager" in groups:
        role = "manager"
    elif "customk9.group_customk9_trainer" in groups:
        role = "trainer"
    elif "base.group_portal" in groups and "base.group_user" not in groups:
        role = "client"
    else:
        role = False
    partner = row["partner_id"]
    user = db.sudo_read("res.users", [int(user_id)], ["name", "login"])[0]
    commercial = db.sudo_read("res.partner", [partner], ["commercial_partner_id"])[0]["commercial_partner_id"]
    return {"id": int(user_id), "name": user["name"], "login": user["login"], "role": role,
            "partner_id": partner, "commercial_partner_id": commercial[0] if commercial else partner}


def deactivate_my_account(db: Any, uid: int) -> bool:
    """``res.users.customk9_deactivate_my_account``: Odoo 18's portal self-deletion (``_deactivate_portal_user``)
    for the calling user: login renamed, password and API keys removed, user and partner archived. Odoo then
    queues the user in ``res.users.deletion``, whose cron deletes only what nothing references; the emulator
    keeps them archived, which is what a partner with orders or invoices stays as."""
    groups = db.user_groups(uid)
    row = db.tables["res.users"][uid]
    if "base.group_portal" not in groups or "base.group_user" in groups:
        raise AccessDenied(f"Only the portal users can delete their accounts. The user(s) {row.get('name') or ''} "
                           "can not be deleted.")
    db.write_records("res.users", [uid], {"login": f"__deleted_user_{uid}_{time.time()}", "password": ""})
    keys = db.tables.get("res.users.apikeys", {})
    for key_id in [k for k, key in keys.items() if key.get("user_id") == uid]:
        del keys[key_id]
    db.write_records("res.users", [uid], {"active": False})
    db.write_records("res.partner", [row["partner_id"]], {"active": False})
    return True
