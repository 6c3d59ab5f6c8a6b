"""Log-in, tokens and account changes: Odoo verifies passwords, the BFF issues its own tokens.

* ``log_in`` reserves an attempt with the throttle first (no Odoo call when it must wait), verifies the
  password with Odoo's stateless ``/jsonrpc`` ``common.authenticate`` (no web session is created), then
  reads the user's role as the integration account and issues an access JWT and a rotating refresh token.
  The refresh-token family id is the sign-in's ``sid`` in every access token issued from it.
* ``log_out`` and a reused refresh token revoke the sign-in: its access tokens stop working at once.
* Sign-up, password change and reset live in ``bff.auth.accounts`` (``AuthService.accounts``).
* Every sign-in is recorded in ``sign_ins`` (``bff.auth.sign_ins``) so the user can list and end them
  (``revoke_sign_in``, ``log_out_everywhere``); ending sign-ins also tells ``on_signed_out`` (the live broker),
  so the user's open subscriptions re-check their token at once instead of at their next periodic check.
* Odoo failing in the middle of any of these answers ``ODOO_UNAVAILABLE``, never ``INTERNAL``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bff.auth.accounts import Accounts
from bff.auth.client_binding import client_family, client_tag, family_tag
from bff.auth.failures import AuthFailure, odoo_step, too_many_attempts
from bff.auth.rate_limits import AccountRateLimits
from bff.auth.refresh import MAX_TOKEN_CHARS, InvalidRefreshToken, RefreshTokens, hash_token
from bff.auth.revocation import AccessRevocations
from bff.auth.roles import ViewerLookup
from bff.auth.sign_ins import MemorySignInStore, SignIn, SignInStore
from bff.auth.throttle import Attempt, LoginThrottle, Throttled
from bff.auth.tokens import InvalidToken, TokenIssuer
from bff.auth.viewer import ANONYMOUS, Viewer
from bff.catalog import Catalog
from bff.errors import OdooError
from bff.odoo_client import OdooClient

log = logging.getLogger("bff.auth")


@dataclass(frozen=True)
class Session:
    viewer: Viewer
    access_token: str
    refresh_token: str
    expires_in: int


class AuthService:
    def __init__(self, *, odoo: OdooClient, catalog: Catalog, tokens: TokenIssuer, refresh: RefreshTokens,
                 throttle: LoginThrottle, revocations: AccessRevocations,
                 limits: AccountRateLimits | None = None, sign_ins: SignInStore | None = None) -> None:
        self.odoo, self.catalog = odoo, catalog
        self.tokens, self.refresh, self.throttle = tokens, refresh, throttle
        self.revocations = revocations
        self.limits = limits if limits is not None else AccountRateLimits()
        self.viewers = ViewerLookup(odoo, catalog)
        self.accounts = Accounts(self)
        self.sign_ins: SignInStore = sign_ins if sign_ins is not None else MemorySignInStore()
        self.on_signed_out: Callable[[int], None] | None = None  # user id -> wake their subscriptions

    # -- access tokens ---------------------------------------------------------------------------

    async def viewer_from_header(self, header: str | None) -> tuple[Viewer, str | None]:
        """``(viewer, error)`` from an ``Authorization`` header; no header is the anonymous viewer."""
        if not header:
            return ANONYMOUS, None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return ANONYMOUS, "malformed Authorization header"
        try:
            viewer = self.tokens.verify(token.strip())
        except InvalidToken as exc:
            return ANONYMOUS, exc.message
        if await self.revocations.is_revoked(viewer):
            log.info("refused access token: revoked (user %s)", viewer.user_id)
            return ANONYMOUS, "invalid or expired token"
        return viewer, None

    async def token_active(self, viewer: Viewer) -> bool:
        """Whether the viewer's access token still stands: False once it expired or was revoked. The anonymous
        viewer has no token to end and is always active. For subscriptions that outlive one request."""
        if not viewer.is_authenticated:
            return True
        if viewer.expires_at is not None and self.tokens.now() >= viewer.expires_at:
            return False
        return not await self.revocations.is_revoked(viewer)

    async def viewer_for_user(self, uid: int) -> Viewer:
        return await self.viewers.viewer_for_user(uid)

    async def session_for(self, viewer: Viewer, family: str | None = None, *,
                          user_agent: str | None = None) -> Session:
        """Tokens of a new sign-in (a new refresh-token family, recorded in ``sign_ins``)."""
        family = family or self.refresh.new_family()
        access, expires_in = self.tokens.issue(viewer, session_id=family)
        refresh = await self.refresh.issue(viewer.user_id or 0, family_id=family)
        await self.sign_ins.record(family, viewer.user_id or 0, user_agent, self.tokens.now())
        return Session(viewer=viewer, access_token=access, refresh_token=refresh, expires_in=expires_in)

    # -- sign-in ---------------------------------------------------------------------------------

    async def reserve(self, account: str, address: str | None) -> Attempt:
        """A throttled attempt at ``account``'s password, or ``TOO_MANY_ATTEMPTS``."""
        try:
            return await self.throttle.reserve(account, address)
        except Throttled as exc:
            raise too_many_attempts(exc.wait_s) from None

    async def log_in(self, email: str, password: str, address: str, *, user_agent: str | None = None,
                     client_id: str | None = None) -> Session:
        """``client_id``: the OAuth2 client signing in, which alone may refresh the sign-in's tokens."""
        account = email.strip().lower()
        attempt = await self.reserve(account, address)
        try:
            uid = await odoo_step(self.odoo.verify_password(account, password), "check the password") \
                if account and password else None
        except OdooError:
            await attempt.abandoned()  # no verdict: it must not count as a failure
            raise
        if uid is None:
            raise AuthFailure("INVALID_CREDENTIALS", "Wrong email or password")  # the reservation stays
        await attempt.succeeded()
        return await self.session_for(await odoo_step(self.viewer_for_user(uid), "sign you in"),
                                      client_family(client_id) if client_id else None, user_agent=user_agent)

    async def refresh_session(self, refresh_token: str, *, client_id: str | None = None) -> Session:
        """New tokens for a refresh token; only the client it was issued to may (GraphQL is ``None``)."""
        if isinstance(refresh_token, str) and 0 < len(refresh_token) <= MAX_TOKEN_CHARS:
            record = await self.refresh.store.get(hash_token(refresh_token))
            if record is not None and family_tag(record.family_id) != client_tag(client_id):
                raise AuthFailure("INVALID_TOKEN", "This refresh token was issued to another client")
        try:
            rotation = await self.refresh.rotate(refresh_token)
        except InvalidRefreshToken as exc:
            raise AuthFailure("INVALID_TOKEN", "This refresh token is invalid, expired or revoked") from exc
        await self.sign_ins.touch(rotation.family_id, self.tokens.now())
        viewer = await odoo_step(self.viewer_for_user(rotation.user_id), "refresh the sign-in")
        access, expires_in = self.tokens.issue(viewer, session_id=rotation.family_id)
        return Session(viewer=viewer, access_token=access, refresh_token=rotation.token, expires_in=expires_in)

    async def log_out(self, refresh_token: str, viewer: Viewer = ANONYMOUS) -> None:
        """Revoke the refresh token's sign-in (its access tokens die with it) and the caller's own token."""
        await self.refresh.revoke(refresh_token)
        if viewer.is_authenticated:
            await self.revocations.revoke_viewer(viewer)
            self._signed_out(viewer)

    # -- sign-in management ----------------------------------------------------------------------

    async def sign_ins_of(self, viewer: Viewer) -> list[SignIn]:
        return await self.sign_ins.list(viewer.user_id or 0) if viewer.is_authenticated else []

    async def revoke_sign_in(self, viewer: Viewer, family: str) -> bool:
        """End one of the viewer's own sign-ins; False (nothing done) for an unknown or another user's id."""
        if not any(s.family == family for s in await self.sign_ins_of(viewer)):
            return False
        await self.refresh.revoke_family(family)  # on_revoke ends its access tokens and forgets it
        self._signed_out(viewer)
        return True

    async def log_out_everywhere(self, viewer: Viewer) -> int:
        """End every sign-in of the viewer, the current one and its token included; how many were ended."""
        ended = await self.sign_ins_of(viewer)
        for sign_in in ended:
            await self.refresh.revoke_family(sign_in.family)
        await self.revocations.revoke_viewer(viewer)
        self._signed_out(viewer)
        return len(ended)

    def _signed_out(self, viewer: Viewer) -> None:
        if self.on_signed_out is not None and viewer.user_id is not None:
            self.on_signed_out(viewer.user_id)
