"""Account operations besides signing in: sign-up, password change, password reset.

* ``sign_up`` is safe to retry: when the account already exists, the same email and password sign in
  (through the log-in throttle, so sign-up is no way around it); another password finds ``EMAIL_TAKEN``.
  The new account's uid comes from the addon's create method, so no second password check is needed.
* ``change_password`` is the one call Odoo allows a user only on themself: it goes through ``/jsonrpc`` with
  the user's current password (no web session), and counts against the account's log-in throttle.
* ``sign_up`` and ``request_password_reset`` are rate limited per address and per email
  (``bff.auth.rate_limits``) before anything reaches Odoo.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bff.auth.failures import AuthFailure, check_email, check_new_password, odoo_step, rate_limited, unavailable
from bff.auth.rate_limits import RateLimited
from bff.auth.viewer import Viewer
from bff.errors import OdooAccessDenied, OdooError, OdooUnavailable, OdooValidationError

if TYPE_CHECKING:
    from bff.auth.service import AuthService, Session

log = logging.getLogger("bff.auth")


def like_literal(text: str) -> str:
    """``text`` as an ``=ilike`` pattern that matches only itself (``_`` and ``%`` are wildcards there)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Accounts:
    def __init__(self, auth: AuthService) -> None:
        self.auth = auth

    async def sign_up(self, name: str, email: str, password: str, address: str, *,
                      user_agent: str | None = None) -> Session:
        name = name.strip()
        if not 1 <= len(name) <= 100:
            raise AuthFailure("VALIDATION", "Enter your name (at most 100 characters)", "name")
        email = check_email(email)
        check_new_password(password)
        try:
            await self.auth.limits.sign_up(address, email)
        except RateLimited as exc:
            raise rate_limited(exc.retry_after_s) from None
        odoo = self.auth.odoo
        taken = [("login", "=ilike", like_literal(email))]  # Odoo's logins are compared case-insensitively
        if await odoo_step(odoo.search_count("res.users", taken), "create accounts"):
            return await self._sign_up_again(email, password, address, user_agent)
        try:
            created = await odoo.call("res.users", "customk9_create_portal_user",
                                      [{"name": name, "login": email, "email": email, "password": password}])
        except OdooValidationError as exc:
            raise AuthFailure("VALIDATION", "This account could not be created", "email") from exc
        except OdooUnavailable:
            raise
        except OdooError as exc:
            raise unavailable(exc, "create the account") from exc
        uid = created.get("id") if isinstance(created, dict) else None
        if not isinstance(uid, int) or isinstance(uid, bool):
            raise OdooUnavailable("Odoo could not create the account, try again shortly")
        await self.auth.throttle.signed_in(email, address)
        return await self.auth.session_for(await odoo_step(self.auth.viewer_for_user(uid), "sign you in"),
                                           user_agent=user_agent)

    async def _sign_up_again(self, email: str, password: str, address: str, user_agent: str | None) -> Session:
        """The account exists: a retry whose first answer was lost signs in with the same password (through
        the throttle, so sign-up is no way around it); any other password finds the email taken."""
        try:
            return await self.auth.log_in(email, password, address, user_agent=user_agent)
        except AuthFailure as failure:
            if failure.code != "INVALID_CREDENTIALS":
                raise
        raise AuthFailure("EMAIL_TAKEN", "An account already uses this email", "email")

    async def change_password(self, viewer: Viewer, old: str, new: str) -> None:
        check_new_password(new, "newPassword")
        if not old:  # no password is empty: not a guess worth counting, and Odoo is not asked
            raise AuthFailure("VALIDATION", "Give the current password", "oldPassword")
        login = viewer.login or ""
        attempt = await self.auth.reserve(login, None)
        if not login:
            raise AuthFailure("INVALID_CREDENTIALS", "The current password is wrong", "oldPassword")
        try:
            async with self.auth.odoo.as_user(login, old) as user:
                await user.call("res.users", "change_password", [old, new])
        except OdooAccessDenied as exc:
            raise AuthFailure("INVALID_CREDENTIALS", "The current password is wrong", "oldPassword") from exc
        except OdooValidationError as exc:
            await attempt.succeeded()  # the old password was right: Odoo refused the new one
            raise AuthFailure("WEAK_PASSWORD", "Odoo refused the new password", "newPassword") from exc
        except OdooUnavailable:
            await attempt.abandoned()
            raise
        except OdooError as exc:
            await attempt.abandoned()
            raise unavailable(exc, "change the password") from exc
        await attempt.succeeded()

    async def request_password_reset(self, email: str, address: str) -> None:
        """Ask Odoo to send its reset mail. Never tells whether the address has an account; refuses with
        ``RATE_LIMITED`` (and sends nothing) past the per-address or per-email budget."""
        try:
            target = check_email(email)
        except AuthFailure:
            return
        try:
            await self.auth.limits.password_reset(address, target)
        except RateLimited as exc:
            raise rate_limited(exc.retry_after_s) from None
        try:  # the addon's method: Odoo's own reset_password needs Access Rights the BFF must not have
            await self.auth.odoo.call("res.users", "customk9_send_reset_password", [target])
        except OdooError as exc:  # logged, never reported: the answer must not depend on the account
            log.warning("password reset for an existing account failed: %s", type(exc).__name__)
