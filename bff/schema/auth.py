"""Types of sign-up, log-in, tokens and profile changes. Expected failures are data (``errors``)."""

from __future__ import annotations

import enum

import strawberry

from bff.auth.viewer import Role, Viewer
from bff.schema.client import Client
from bff.schema.node import Node


@strawberry.enum(description="What kind of account the viewer has.")
class ViewerRole(enum.Enum):
    CLIENT = "client"
    TRAINER = "trainer"
    MANAGER = "manager"
    ADMIN = "admin"


@strawberry.enum(description="Why an account operation failed. `TOO_MANY_ATTEMPTS`: failed log-ins or "
                             "password checks, wait `retryAfterSeconds`; `RATE_LIMITED`: too many sign-ups or "
                             "reset requests from this address or for this email, wait `retryAfterSeconds`; "
                             "`NOT_FOUND`: no such sign-in of yours.")
class AuthErrorCode(enum.Enum):
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    VALIDATION = "VALIDATION"
    INVALID_TOKEN = "INVALID_TOKEN"
    ACCOUNT_NOT_ALLOWED = "ACCOUNT_NOT_ALLOWED"
    RATE_LIMITED = "RATE_LIMITED"
    NOT_FOUND = "NOT_FOUND"


@strawberry.type(description="An expected failure of an account operation.")
class AuthError:
    code: AuthErrorCode = strawberry.field(description="What went wrong, to switch on.")
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="A sentence to show the user.")
    retry_after_seconds: int | None = strawberry.field(
        default=None, description="With `TOO_MANY_ATTEMPTS` and `RATE_LIMITED`: seconds to wait before trying "
                                  "again.")


@strawberry.type(name="Viewer", description="The signed-in account (`node(id:)` gives it to that account only).")
class ViewerInfo(Node):
    name: str = strawberry.field(description="Display name.")
    email: str | None = strawberry.field(description="Log-in email.")
    role: ViewerRole = strawberry.field(description="Client, trainer, manager or admin.")

    @classmethod
    def of(cls, viewer: Viewer) -> ViewerInfo:
        role = ViewerRole(viewer.role.value) if viewer.role is not Role.ANONYMOUS else ViewerRole.CLIENT
        return cls(odoo_id=viewer.user_id or 0, name=viewer.name or "",
                   email=viewer.login, role=role)


@strawberry.type(description="Tokens after sign-up, log-in or refresh; `errors` is empty on success.")
class LogInPayload:
    access_token: str | None = strawberry.field(
        default=None, description="JWT to send as `Authorization: Bearer <token>`.")
    refresh_token: str | None = strawberry.field(
        default=None, description="Opaque token for `refreshToken`; each use returns a new one.")
    expires_in: int | None = strawberry.field(default=None, description="Seconds until the access token expires.")
    viewer: ViewerInfo | None = strawberry.field(default=None, description="Who is signed in.")
    errors: list[AuthError] = strawberry.field(default_factory=list, description="Why it failed, if it did.")


@strawberry.type(description="Result of an account operation that returns nothing else.")
class AccountPayload:
    ok: bool = strawberry.field(description="Whether it was done.")
    errors: list[AuthError] = strawberry.field(default_factory=list, description="Why it failed, if it did.")


@strawberry.input(description="Profile fields to change; omitted fields stay as they are.")
class UpdateProfileInput:
    name: str | None = strawberry.field(default=None, description="Full name (1 to 100 characters).")
    phone: str | None = strawberry.field(default=None, description="Phone number.")
    street: str | None = strawberry.field(default=None, description="Street and number.")
    street2: str | None = strawberry.field(default=None, description="Second address line.")
    city: str | None = strawberry.field(default=None, description="City.")
    zip: str | None = strawberry.field(default=None, description="Postal code.")


@strawberry.type(description="The profile after `updateProfile`.")
class UpdateProfilePayload:
    client: Client | None = strawberry.field(default=None, description="The updated profile.")
    errors: list[AuthError] = strawberry.field(default_factory=list, description="Why it failed, if it did.")
