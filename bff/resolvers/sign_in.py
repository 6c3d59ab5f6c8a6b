"""Sign-in management: list the account's sign-ins, end one, or end them all."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.auth.service import AuthService
from bff.context import Info
from bff.permissions import IsAuthenticated
from bff.schema.arguments import Arg
from bff.schema.auth import AccountPayload, AuthError, AuthErrorCode
from bff.schema.sign_in import SignIn


def _auth(info: Info) -> AuthService:
    assert info.context.auth is not None
    return info.context.auth


@strawberry.type
class SignInQueries:
    @strawberry.field(description="Where the signed-in account is signed in (each log-in and its refreshes), most "
                                  "recently used first; `current` marks this request's own sign-in.",
                      permission_classes=[IsAuthenticated])
    async def my_sign_ins(self, info: Info) -> list[SignIn]:
        viewer = info.context.viewer
        return [SignIn.of(record, viewer.session_id) for record in await _auth(info).sign_ins_of(viewer)]


@strawberry.type
class SignInMutations:
    @strawberry.mutation(description="End one of your sign-ins: its refresh token and access tokens stop working "
                                     "at once and its live subscriptions are closed. `NOT_FOUND` for an id that "
                                     "is not one of yours.", permission_classes=[IsAuthenticated])
    async def revoke_sign_in(self, info: Info,
                             id: Annotated[str, Arg("A `SignIn.id` from `mySignIns`.", max_length=64)],
                             ) -> AccountPayload:
        if await _auth(info).revoke_sign_in(info.context.viewer, id):
            return AccountPayload(ok=True)
        return AccountPayload(ok=False, errors=[AuthError(code=AuthErrorCode.NOT_FOUND, field="id",
                                                          message="No such sign-in of yours")])

    @strawberry.mutation(description="End every sign-in of the account, this one included: every refresh and "
                                     "access token stops working and live subscriptions are closed.",
                         permission_classes=[IsAuthenticated])
    async def log_out_everywhere(self, info: Info) -> AccountPayload:
        await _auth(info).log_out_everywhere(info.context.viewer)
        return AccountPayload(ok=True)
