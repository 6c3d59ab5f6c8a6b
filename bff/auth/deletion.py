"""``deleteMyAccount``: Odoo 18's own portal account deletion, then every token and subscription of the user ends.

    1. only a client (portal user) may; staff accounts answer ACCOUNT_NOT_ALLOWED (Odoo refuses them too)
    2. the password is a guess like any other: it goes through the log-in throttle
    3. the addon's ``res.users.customk9_deactivate_my_account`` runs as the user, over ``/jsonrpc`` with the
       user's own password (Odoo checks it, as its ``/my/deactivate_account`` route does), and calls Odoo's
       ``_deactivate_portal_user``: login renamed, password and API keys removed, user and partner archived
       and queued for Odoo's deletion cron, which deletes only what no order or invoice references
    4. every access token of the user is revoked (``uid``), so is every sign-in (refresh families), and their
       live subscriptions close 4401 (``AuthService.log_out_everywhere``)

A wrong password changes nothing (INVALID_CREDENTIALS); Odoo failing before step 3 is done changes nothing
either (ODOO_UNAVAILABLE). Orders, invoices and other business records are never touched by the BFF.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bff.auth.failures import AuthFailure, unavailable
from bff.auth.viewer import Role, Viewer
from bff.errors import OdooAccessDenied, OdooError, OdooUnavailable

if TYPE_CHECKING:
    from bff.auth.service import AuthService

log = logging.getLogger("bff.auth")


async def delete_my_account(auth: AuthService, viewer: Viewer, password: str) -> None:
    if viewer.role is not Role.CLIENT or not viewer.login:
        raise AuthFailure("ACCOUNT_NOT_ALLOWED", "Only client accounts can be deleted here; staff accounts are "
                                                 "closed by an administrator")
    if not password:
        raise AuthFailure("VALIDATION", "Give your password", "password")
    attempt = await auth.reserve(viewer.login, None)
    try:
        async with auth.odoo.as_user(viewer.login, password) as user:
            await user.call("res.users", "customk9_deactivate_my_account", [])
    except OdooAccessDenied as exc:  # the password was wrong: the attempt counts as a failure
        raise AuthFailure("INVALID_CREDENTIALS", "The password is wrong", "password") from exc
    except OdooUnavailable:
        await attempt.abandoned()
        raise
    except OdooError as exc:
        await attempt.abandoned()
        raise unavailable(exc, "delete the account") from exc
    await attempt.succeeded()
    log.info("account of user %s deleted (Odoo portal deactivation)", viewer.user_id)
    if viewer.user_id is not None:
        await auth.revocations.revoke_user(viewer.user_id)  # also tokens of sign-ins the store no longer lists
    await auth.log_out_everywhere(viewer)
