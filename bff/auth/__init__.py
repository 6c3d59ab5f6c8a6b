"""Who is calling: access tokens (JWT), rotating refresh tokens and log-in throttling.

The GraphQL layer turns an ``Authorization: Bearer`` header into a ``Viewer`` with ``TokenIssuer.verify``;
everything here is independent of strawberry and of Odoo.
"""

from __future__ import annotations

from bff.auth.refresh import InvalidRefreshToken, MemoryRefreshStore, RefreshRecord, RefreshStore, RefreshTokens
from bff.auth.throttle import LoginThrottle, MemoryThrottleStore, ThrottleStore
from bff.auth.tokens import InvalidToken, TokenIssuer, generate_dev_secret
from bff.auth.viewer import ANONYMOUS, Role, Viewer

__all__ = [
    "ANONYMOUS", "InvalidRefreshToken", "InvalidToken", "LoginThrottle", "MemoryRefreshStore",
    "MemoryThrottleStore", "RefreshRecord", "RefreshStore", "RefreshTokens", "Role", "ThrottleStore",
    "TokenIssuer", "Viewer", "generate_dev_secret",
]
