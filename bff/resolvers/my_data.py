"""GDPR: download everything the account holds (``exportMyData``) and delete the account (``deleteMyAccount``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry

from bff.auth.deletion import delete_my_account
from bff.auth.failures import AuthFailure
from bff.auth.service import AuthService
from bff.context import Info
from bff.exports import export_link
from bff.permissions import IsAuthenticated
from bff.schema.arguments import Arg
from bff.schema.auth import AccountPayload, AuthError, AuthErrorCode
from bff.schema.my_data import DataExport


def _auth(info: Info) -> AuthService:
    assert info.context.auth is not None
    return info.context.auth


def _error(failure: AuthFailure) -> AuthError:
    return AuthError(code=AuthErrorCode(failure.code), field=failure.field, message=failure.message,
                     retry_after_seconds=failure.retry_after_s)


@strawberry.type
class MyDataQueries:
    @strawberry.field(description="A link to download, as JSON, everything your account holds in CustomK9: "
                                  "profile, dogs, plans, sessions, registrations, rentals, orders, service "
                                  "requests and the list of your documents. GET it with the same bearer token; "
                                  "it works for you only, for a few minutes.",
                      permission_classes=[IsAuthenticated])
    async def export_my_data(self, info: Info) -> DataExport:
        context = info.context
        path, expires = export_link(_auth(info).tokens, context.viewer.user_id or 0, context.settings.export_link_ttl_s)
        request = context.request
        base = str(request.base_url).rstrip("/") if request is not None and hasattr(request, "base_url") else ""
        return DataExport(url=base + path, expires_at=datetime.fromtimestamp(expires, UTC))


@strawberry.type
class MyDataMutations:
    @strawberry.mutation(description="Delete your client account with Odoo's own portal account deletion: you can "
                                     "no longer sign in, every token and live subscription of yours ends at once. "
                                     "Orders and invoices Odoo must keep stay. `INVALID_CREDENTIALS` (nothing "
                                     "changed) for a wrong password.", permission_classes=[IsAuthenticated])
    async def delete_my_account(self, info: Info,
                                password: Annotated[str, Arg("Your current password.", max_length=128)],
                                ) -> AccountPayload:
        try:
            await delete_my_account(_auth(info), info.context.viewer, password)
        except AuthFailure as failure:
            return AccountPayload(ok=False, errors=[_error(failure)])
        return AccountPayload(ok=True)
