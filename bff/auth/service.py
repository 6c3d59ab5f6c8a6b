"""Log-in, tokens and account changes: Odoo verifies passwords, the BFF issues its own tokens.

* ``log_in`` checks the throttle first (no Odoo call while an account or address is locked), verifies the
  password with Odoo's ``/web/session/authenticate`` as the user, then reads the user's groups as the
  integration account to decide the role, and issues an access JWT and a rotating refresh token.
* Everything else reads and writes as the integration account, except ``change_password``, which Odoo
  only allows a user on themself.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bff.auth.refresh import InvalidRefreshToken, RefreshTokens
from bff.auth.throttle import LoginThrottle
from bff.auth.tokens import InvalidToken, TokenIssuer
from bff.auth.viewer import ANONYMOUS, Role, Viewer
from bff.catalog import Catalog
from bff.errors import OdooAccessDenied, OdooError, OdooValidationError
from bff.odoo_client import OdooClient

log = logging.getLogger("bff.auth")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8
MAX_PASSWORD = 128


class AuthFailure(Exception):
    """An expected failure of an account operation, returned to the client as data."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


@dataclass(frozen=True)
class Session:
    viewer: Viewer
    access_token: str
    refresh_token: str
    expires_in: int


def check_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise AuthFailure("VALIDATION", "Enter a valid email address", "email")
    return email


def check_new_password(password: str, field: str = "password") -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AuthFailure("WEAK_PASSWORD", f"Use {MIN_PASSWORD} to {MAX_PASSWORD} characters", field)


class AuthService:
    def __init__(self, *, odoo: OdooClient, catalog: Catalog, tokens: TokenIssuer, refresh: RefreshTokens,
                 throttle: LoginThrottle) -> None:
        self.odoo, self.catalog = odoo, catalog
        self.tokens, self.refresh, self.throttle = tokens, refresh, throttle

    def viewer_from_header(self, header: str | None) -> tuple[Viewer, str | None]:
        """``(viewer, error)`` from an ``Authorization`` header; no header is the anonymous viewer."""
        if not header:
            return ANONYMOUS, None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return ANONYMOUS, "malformed Authorization header"
        try:
            return self.tokens.verify(token.strip()), None
        except InvalidToken as exc:
            return ANONYMOUS, exc.message

    async def viewer_for_user(self, uid: int) -> Viewer:
        """The role and partners of an Odoo user. With the CustomK9 addon Odoo answers in one call (the
        integration account may not read other users' groups itself); without it, as an administrator,
        from ``groups_id`` and the group xmlids."""
        info = await self.odoo.detect()
        if info.has("customk9"):
            found = await self.odoo.call("res.users", "customk9_viewer_info", [uid])
            if not found:
                raise AuthFailure("INVALID_CREDENTIALS", "Wrong email or password")
            if not found.get("role"):
                raise AuthFailure("ACCOUNT_NOT_ALLOWED", "This account cannot sign in here")
            return Viewer(role=Role(found["role"]), user_id=uid, partner_id=found["partner_id"],
                          commercial_partner_id=found["commercial_partner_id"], name=found.get("name"),
                          login=found.get("login"))
        return await self._viewer_from_groups(uid)

    async def _viewer_from_groups(self, uid: int) -> Viewer:
        users = await self.odoo.read("res.users", [uid], fields=["name", "login", "partner_id", "groups_id",
                                                                 "active"])
        if not users or not users[0].get("active", True):
            raise AuthFailure("INVALID_CREDENTIALS", "Wrong email or password")
        user = users[0]
        partner_id = user["partner_id"][0]
        partners = await self.odoo.read("res.partner", [partner_id], fields=["commercial_partner_id"])
        commercial = partners[0]["commercial_partner_id"][0] if partners and partners[0].get(
            "commercial_partner_id") else partner_id
        role = await self._role(set(user.get("groups_id") or []))
        if role is None:
            raise AuthFailure("ACCOUNT_NOT_ALLOWED", "This account cannot sign in here")
        return Viewer(role=role, user_id=uid, partner_id=partner_id, commercial_partner_id=commercial,
                      name=user.get("name"), login=user.get("login"))

    async def _role(self, group_ids: set[int]) -> Role | None:
        groups = await self.catalog.group_ids()
        if group_ids & {groups.get("base.group_system"), groups.get("base.group_erp_manager")} - {None}:
            return Role.ADMIN
        if groups.get("customk9.group_customk9_manager") in group_ids:
            return Role.MANAGER
        if groups.get("customk9.group_customk9_trainer") in group_ids:
            return Role.TRAINER
        if groups.get("base.group_portal") in group_ids:
            return Role.CLIENT
        return None

    async def _session_for(self, viewer: Viewer, family: str | None = None) -> Session:
        access, expires_in = self.tokens.issue(viewer)
        refresh = await self.refresh.issue(viewer.user_id or 0, family_id=family)
        return Session(viewer=viewer, access_token=access, refresh_token=refresh, expires_in=expires_in)

    async def log_in(self, email: str, password: str, address: str) -> Session:
        account = email.strip().lower()
        wait = await self.throttle.check(account, address)
        if wait is not None:
            raise AuthFailure("TOO_MANY_ATTEMPTS", f"Too many failed log-ins: try again in {int(wait) + 1} s")
        uid = await self.odoo.verify_password(account, password) if account and password else None
        if uid is None:
            await self.throttle.record_failure(account, address)
            raise AuthFailure("INVALID_CREDENTIALS", "Wrong email or password")
        await self.throttle.record_success(account, address)
        return await self._session_for(await self.viewer_for_user(uid))

    async def refresh_session(self, refresh_token: str) -> Session:
        try:
            uid, new_refresh = await self.refresh.rotate(refresh_token)
        except InvalidRefreshToken as exc:
            raise AuthFailure("INVALID_TOKEN", "This refresh token is invalid, expired or revoked") from exc
        viewer = await self.viewer_for_user(uid)
        access, expires_in = self.tokens.issue(viewer)
        return Session(viewer=viewer, access_token=access, refresh_token=new_refresh, expires_in=expires_in)

    async def log_out(self, refresh_token: str) -> None:
        await self.refresh.revoke(refresh_token)

    async def sign_up(self, name: str, email: str, password: str, address: str) -> Session:
        name = name.strip()
        if not 1 <= len(name) <= 100:
            raise AuthFailure("VALIDATION", "Enter your name (at most 100 characters)", "name")
        email = check_email(email)
        check_new_password(password)
        if await self.odoo.search_count("res.users", [("login", "=ilike", email)]):
            raise AuthFailure("EMAIL_TAKEN", "An account already uses this email", "email")
        try:
            await self.odoo.call("res.users", "customk9_create_portal_user",
                                 [{"name": name, "login": email, "email": email, "password": password}])
        except OdooValidationError as exc:
            raise AuthFailure("VALIDATION", "This account could not be created", "email") from exc
        return await self.log_in(email, password, address)

    async def change_password(self, viewer: Viewer, old: str, new: str) -> None:
        check_new_password(new, "newPassword")
        login = viewer.login or ""
        wait = await self.throttle.check(login, "change-password")
        if wait is not None:
            raise AuthFailure("TOO_MANY_ATTEMPTS", f"Too many failed attempts: try again in {int(wait) + 1} s")
        async with self.odoo.as_user(login, old) as user:
            try:
                await user.call("res.users", "change_password", [old, new])
            except OdooAccessDenied as exc:
                await self.throttle.record_failure(login, "change-password")
                raise AuthFailure("INVALID_CREDENTIALS", "The current password is wrong", "oldPassword") from exc
            except OdooValidationError as exc:
                raise AuthFailure("WEAK_PASSWORD", "Odoo refused the new password", "newPassword") from exc

    async def request_password_reset(self, email: str) -> None:
        """Ask Odoo to send its reset mail. Never tells whether the address has an account."""
        try:
            address = check_email(email)
        except AuthFailure:
            return
        try:  # the addon's method: Odoo's own reset_password needs Access Rights the BFF must not have
            await self.odoo.call("res.users", "customk9_send_reset_password", [address])
        except OdooError as exc:  # logged, never reported: the answer must not depend on the account
            log.warning("password reset for an existing account failed: %s", type(exc).__name__)
