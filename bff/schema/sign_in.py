"""Types of sign-in management (``mySignIns``)."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from bff.auth.sign_ins import SignIn as SignInRecord


@strawberry.type(description="One place the account is signed in: a log-in and the refresh tokens that followed "
                             "it (a refresh-token family). `revokeSignIn(id)` ends it.")
class SignIn:
    id: str = strawberry.field(description="The sign-in's id (the `sid` claim of its access tokens); not a `Node` "
                                           "id: give it to `revokeSignIn`.")
    user_agent: str | None = strawberry.field(description="The browser or app that signed in (its User-Agent).")
    created_at: datetime = strawberry.field(description="When it signed in.")
    last_used_at: datetime = strawberry.field(description="When its refresh token was last used (or the "
                                                          "sign-in time).")
    current: bool = strawberry.field(description="Whether this request's access token belongs to it.")

    @classmethod
    def of(cls, record: SignInRecord, current_family: str | None) -> SignIn:
        return cls(id=record.family, user_agent=record.user_agent,
                   created_at=datetime.fromtimestamp(record.created_at, UTC),
                   last_used_at=datetime.fromtimestamp(record.last_used_at, UTC),
                   current=record.family == current_family)

