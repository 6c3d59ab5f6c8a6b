"""Stock Odoo 18 account security over RPC: API keys, the identity check, own password change and
``auth_signup``'s password reset (as recorded in the customk9 addon README and checked on a real server).

* ``res.users.apikeys.description`` ``create`` + ``make_key``: ``make_key`` is ``check_identity``-guarded.
  Without an identity check newer than 10 minutes in the caller's web session (``db.session``, a fresh
  dict per ``/jsonrpc`` call) it creates a ``res.users.identitycheck`` wizard and returns an action on
  it; ``identitycheck.write({"password"})`` + ``run_check`` checks the password (not an API key), stamps
  ``identity-check-last`` in the session and re-runs ``make_key``, which returns the key once (40 hex).
  Non-administrators need an expiration date, at most ``max(api_key_duration)`` of their groups days ahead.
* ``res.users.change_password(old, new)`` (``@api.model``): wrong or empty old password -> AccessDenied,
  blank new password -> UserError. Odoo then mails a "Security Update" (``db.outbox``).
* ``res.users.reset_password(login)`` is not ``@api.model``: over RPC the first argument is the (ignored)
  record ids, i.e. ``args [[], login]``. Unknown login -> ``builtins.Exception``; callers without
  ``base.group_erp_manager`` cannot write the partner's ``signup_type`` -> AccessError (the integration
  account included); success queues a mail in ``db.outbox`` and returns a display_notification action.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ..exceptions import AccessDenied, AccessError, PythonException, UserError
from ..fields import DATETIME_FMT
from .registry import Registry

IDENTITY_CHECK_SECONDS = 10 * 60
DURATIONS = ("1", "7", "30", "90", "180", "365")


def _now(db: Any) -> datetime:
    return datetime.strptime(db.now_str(), DATETIME_FMT)


def check_identity(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Odoo's ``check_identity`` decorator for a record method ``func(db, uid, ids)``."""

    def wrapped(db: Any, uid: int, ids: list[int]) -> Any:
        last = db.session.get("identity-check-last", 0)
        if last > _now(db).timestamp() - IDENTITY_CHECK_SECONDS:
            return func(db, uid, ids)
        wizard = db.create_record("res.users.identitycheck", {"request": [name, ids]}, uid)
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.users.identitycheck",
            "res_id": wizard,
            "name": "Security Control",
            "target": "new",
            "views": [[False, "form"]],
        }

    GUARDED[name] = func
    return wrapped


GUARDED: dict[str, Callable[..., Any]] = {}  # "model.method" -> the unguarded method


def run_check(db: Any, uid: int, ids: list[int]) -> Any:
    row = db.tables["res.users.identitycheck"][ids[0]]
    if not db.password_matches(row["create_uid"], row.get("password") or ""):
        raise UserError("Incorrect Password, try again or click on Forgot Password to reset your password.")
    row["password"] = False
    db.session["identity-check-last"] = _now(db).timestamp()
    name, target_ids = row["request"]
    return GUARDED[name](db, uid, target_ids)


def _max_duration(db: Any, uid: int) -> float:
    groups = db.tables["res.groups"]
    return (
        max((groups[g].get("api_key_duration") or 0.0 for g in db.value("res.users", uid, "groups_id")), default=0)
        or 1.0
    )


def _durations(db: Any, uid: int) -> list[str]:
    if "base.group_system" in db.user_groups(uid):
        return [*DURATIONS, "0", "-1"]
    return [d for d in DURATIONS if int(d) <= _max_duration(db, uid)] + ["-1"]


def _description_defaults(db: Any, uid: int, vals: dict) -> dict:
    duration = vals.get("duration") or _durations(db, uid)[0]
    out: dict[str, Any] = {"duration": duration}
    days = int(duration)
    if days >= 0 and "expiration_date" not in vals:
        out["expiration_date"] = (_now(db).date() + timedelta(days=days)).isoformat() if days else False
    return out


def make_key(db: Any, uid: int, ids: list[int]) -> dict:
    if "base.group_user" not in db.user_groups(uid):
        raise AccessError("Only internal users can create API keys")
    row = db.tables["res.users.apikeys.description"][ids[0]]
    expiration = row.get("expiration_date") or False
    if "base.group_system" not in db.user_groups(uid):
        if not expiration:
            raise UserError("The API key must have an expiration date")
        limit = _max_duration(db, uid)
        if datetime.strptime(expiration, DATETIME_FMT) > _now(db) + timedelta(days=limit):
            raise UserError(f"You cannot exceed {limit} days.")
    key = db.create_api_key(uid, row["name"], expiration_date=expiration)
    db.unlink_records("res.users.apikeys.description", ids)
    return {
        "type": "ir.actions.act_window",
        "res_model": "res.users.apikeys.show",
        "name": "API Key Ready",
        "views": [[False, "form"]],
        "target": "new",
        "context": {"default_key": key},
    }


def remove_keys(db: Any, uid: int, ids: list[int]) -> dict:
    rows = db.tables["res.users.apikeys"]
    if "base.group_system" not in db.user_groups(uid) and any(rows[i]["user_id"] != uid for i in ids):
        raise AccessError("You can not remove API keys unless they're yours or you are a system user")
    if ids:
        db.unlink_records("res.users.apikeys", ids)
    return {"type": "ir.actions.act_window_close"}


def change_password(db: Any, uid: int, old_passwd: Any, new_passwd: Any) -> bool:
    if not old_passwd or not db.password_matches(uid, old_passwd):
        raise AccessDenied()
    new = str(new_passwd or "").strip()
    if not new:
        raise UserError("Setting empty passwords is not allowed for security reasons!")
    db.write_records("res.users", [uid], {"password": new}, uid)
    return True


def reset_password(db: Any, uid: int, ids: Any, login: Any) -> dict:
    users = db._search(uid, "res.users", [("login", "=", login)])
    if not users:
        users = db._search(uid, "res.users", [("email", "=", login)])
    if not users:
        raise PythonException("No account found for this login")
    if len(users) > 1:
        raise PythonException("Multiple accounts found for this login")
    groups = db.user_groups(uid)
    if "base.group_erp_manager" not in groups:  # signup_prepare writes res.partner.signup_type
        if "base.group_user" not in groups:
            db.check_access(uid, "res.partner", "write")
        raise AccessError(
            'You do not have enough rights to access the fields "signup_type" on Contact (res.partner). '
            f"Please contact your system administrator.\n\nOperation: write\nUser: {uid}\nFields:\n"
            "- signup_type (allowed for groups 'Administration / Access Rights')"
        )
    user = users[0]
    email = db.value("res.users", user, "email")
    if not email:
        raise UserError(f"Cannot send email: user {db.value('res.users', user, 'name')} has no email address.")
    db.send_mail(email, "Password reset", "reset_password")
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {"title": "Notification", "message": "A reset password link was send by email", "sticky": False},
    }


def _security_mail(db: Any, uid: int, ids: list[int], vals: dict) -> None:
    """mail's res.users.write: a password write mails the user a security notice."""
    if "password" in vals:
        for user in ids:
            db.send_mail(
                db.value("res.users", user, "email") or False,
                "Security Update: Password Changed",
                "security_update",
            )


def setup(reg: Registry) -> None:
    reg.define(
        "res.users.apikeys.description",
        "API Key Description",
        {
            "name": ("char", {"required": True, "string": "Description"}),
            "duration": ("selection", {"selection": [*DURATIONS, "0", "-1"], "required": True}),
            "expiration_date": ("datetime",),
        },
    )
    desc = reg["res.users.apikeys.description"]
    desc.defaults.append(_description_defaults)
    desc.method("make_key", access="read")(check_identity("res.users.apikeys.description.make_key", make_key))
    reg.define(
        "res.users.identitycheck",
        "Password Check Wizard",
        {
            "request": ("json",),
            "auth_method": ("selection", {"selection": ["password"], "default": "password"}),
            "password": ("char",),
        },
        rec_name=None,
    )
    reg["res.users.identitycheck"].method("run_check", access="read")(run_check)
    reg.define("res.users.apikeys.show", "Show API Key", {"key": ("char", {"readonly": True})}, rec_name=None)
    users = reg["res.users"]
    users.method("change_password", on_records=False)(change_password)
    users.method("reset_password", on_records=False)(reset_password)
    users.after_write.append(_security_mail)
    reg["res.users.apikeys"].method("remove", access="read")(
        check_identity("res.users.apikeys.remove", remove_keys)
    )
