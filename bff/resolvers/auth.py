"""Account mutations: sign-up, log-in, token refresh, log-out, password and profile changes."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.auth.failures import AuthFailure
from bff.auth.service import AuthService, Session
from bff.context import Info
from bff.loaders.private import CLIENT_FIELDS
from bff.permissions import IsAuthenticated, IsPublic
from bff.resolvers.node import node_resolver
from bff.schema.arguments import Arg
from bff.schema.auth import (
    AccountPayload,
    AuthError,
    AuthErrorCode,
    LogInPayload,
    UpdateProfileInput,
    UpdateProfilePayload,
    ViewerInfo,
)
from bff.schema.client import Client

PROFILE_LIMITS = {"name": 100, "phone": 32, "street": 128, "street2": 128, "city": 64, "zip": 16}


def _error(failure: AuthFailure) -> AuthError:
    return AuthError(code=AuthErrorCode(failure.code), field=failure.field, message=failure.message,
                     retry_after_seconds=failure.retry_after_s)


def _payload(session: Session) -> LogInPayload:
    return LogInPayload(access_token=session.access_token, refresh_token=session.refresh_token,
                        expires_in=session.expires_in, viewer=ViewerInfo.of(session.viewer))


@node_resolver("Viewer")
async def viewer_by_id(info: Info, odoo_id: int) -> ViewerInfo | None:
    """The signed-in account itself; any other account's id answers null."""
    viewer = info.context.viewer
    return ViewerInfo.of(viewer) if viewer.is_authenticated and viewer.user_id == odoo_id else None


def _auth(info: Info) -> AuthService:
    assert info.context.auth is not None
    return info.context.auth


def user_agent(info: Info) -> str | None:
    """The caller's ``User-Agent``, recorded with a new sign-in (``mySignIns``)."""
    request = info.context.request
    return request.headers.get("user-agent") if request is not None else None



@strawberry.type
class AuthMutations:
    @strawberry.mutation(description="Create a client account (an Odoo portal user) and sign in. Safe to "
                                     "retry: when the account exists, the same email and password sign in.",
                         permission_classes=[IsPublic])
    async def sign_up(self, info: Info, name: Annotated[str, Arg("Full name.")],
                      email: Annotated[str, Arg("Email, also the log-in.")],
                      password: Annotated[str, Arg("8 to 128 characters.")]) -> LogInPayload:
        try:
            return _payload(await _auth(info).accounts.sign_up(name, email, password, info.context.client_address,
                                                               user_agent=user_agent(info)))
        except AuthFailure as failure:
            return LogInPayload(errors=[_error(failure)])

    @strawberry.mutation(description="Sign in with the email and password of the Odoo account.",
                         permission_classes=[IsPublic])
    async def log_in(self, info: Info, email: Annotated[str, Arg("Log-in email.")],
                     password: Annotated[str, Arg("Password.")]) -> LogInPayload:
        try:
            return _payload(await _auth(info).log_in(email, password, info.context.client_address,
                                                     user_agent=user_agent(info)))
        except AuthFailure as failure:
            return LogInPayload(errors=[_error(failure)])

    @strawberry.mutation(description="Trade a refresh token for new tokens. The old refresh token stops "
                                     "working; using it again revokes every token of the sign-in.",
                         permission_classes=[IsPublic])
    async def refresh_token(self, info: Info,
                            refresh_token: Annotated[str, Arg("The latest refresh token.")]) -> LogInPayload:
        try:
            return _payload(await _auth(info).refresh_session(refresh_token))
        except AuthFailure as failure:
            return LogInPayload(errors=[_error(failure)])

    @strawberry.mutation(description="Sign out: revokes the refresh token and every token issued from it, "
                                     "access tokens included (they stop working at once), and the access "
                                     "token sent with this request.", permission_classes=[IsPublic])
    async def log_out(self, info: Info,
                      refresh_token: Annotated[str, Arg("The latest refresh token.")]) -> AccountPayload:
        await _auth(info).log_out(refresh_token, info.context.viewer)
        return AccountPayload(ok=True)

    @strawberry.mutation(description="Change the signed-in user's password (Odoo checks the old one).",
                         permission_classes=[IsAuthenticated])
    async def change_password(self, info: Info, old_password: Annotated[str, Arg("Current password.")],
                              new_password: Annotated[str, Arg("8 to 128 characters.")]) -> AccountPayload:
        try:
            await _auth(info).accounts.change_password(info.context.viewer, old_password, new_password)
        except AuthFailure as failure:
            return AccountPayload(ok=False, errors=[_error(failure)])
        return AccountPayload(ok=True)

    @strawberry.mutation(description="Ask Odoo to email a password-reset link. Answers ok whether or not the "
                                     "address has an account; `RATE_LIMITED` (nothing sent) after too many "
                                     "requests from one address or for one email.", permission_classes=[IsPublic])
    async def request_password_reset(self, info: Info,
                                     email: Annotated[str, Arg("The account's email.")]) -> AccountPayload:
        try:
            await _auth(info).accounts.request_password_reset(email, info.context.client_address)
        except AuthFailure as failure:
            return AccountPayload(ok=False, errors=[_error(failure)])
        return AccountPayload(ok=True)

    @strawberry.mutation(description="Change the signed-in user's profile.", permission_classes=[IsAuthenticated])
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> UpdateProfilePayload:
        values: dict[str, str | bool] = {}
        for field, limit in PROFILE_LIMITS.items():
            value = getattr(input, field)
            if value is None:
                continue
            value = value.strip()
            shortest = 1 if field == "name" else 0
            if not shortest <= len(value) <= limit:
                failure = AuthFailure("VALIDATION", f"`{field}` must be {shortest} to {limit} characters", field)
                return UpdateProfilePayload(errors=[_error(failure)])
            values[field] = value or False
        viewer = info.context.viewer
        partner_id = viewer.partner_id or 0
        if values:
            await info.context.odoo.write("res.partner", [partner_id], values)
        rows = await info.context.odoo.read("res.partner", [partner_id], fields=list(CLIENT_FIELDS))
        return UpdateProfilePayload(client=Client.from_row(rows[0], owner_id=viewer.commercial_partner_id))
