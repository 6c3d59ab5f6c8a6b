"""Field permissions, declared on the field (``permission_classes``), never checked inside resolvers.

A denied check raises the project's own error right away, so the client gets ``UNAUTHENTICATED`` (no valid
token: sign in or refresh) or ``FORBIDDEN`` (signed in, but the role may not do this).
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from bff.errors import BffError


class Unauthenticated(BffError):
    code = "UNAUTHENTICATED"
    public = True


class Forbidden(BffError):
    code = "FORBIDDEN"
    public = True


def _require_viewer(context: Any) -> None:
    if getattr(context, "token_error", None):
        raise Unauthenticated("Invalid or expired token: sign in again or refresh it")
    if not context.viewer.is_authenticated:
        raise Unauthenticated("Sign in to see this")


class IsAuthenticated(BasePermission):
    """Any signed-in user. An invalid or expired token counts as not signed in."""

    message = "Sign in to see this"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        _require_viewer(info.context)
        return True


class IsStaff(BasePermission):
    """Trainers, managers and administrators."""

    message = "Only CustomK9 staff may do this"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        _require_viewer(info.context)
        viewer = info.context.viewer
        if not viewer.is_staff:
            raise Forbidden(self.message)
        return True


class IsPublic(BasePermission):
    """Explicitly open to everyone, anonymous callers included (declared so that a schema walk can tell
    the choice was made, not forgotten)."""

    message = "Public"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return True


class IsClient(BasePermission):
    """Signed-in clients (portal users): bookings are made for the client's own commercial partner."""

    message = "Only client accounts may do this"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        _require_viewer(info.context)
        if not info.context.viewer.is_client:
            raise Forbidden(self.message)
        return True
