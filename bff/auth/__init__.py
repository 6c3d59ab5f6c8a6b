"""Who is calling: access tokens (JWT) and their revocation, rotating refresh tokens, log-in throttling.

The GraphQL layer turns an ``Authorization: Bearer`` header into a ``Viewer`` with ``TokenIssuer.verify``;
everything here is independent of strawberry and of Odoo.
"""

from __future__ import annotations

from bff.auth.refresh import InvalidRefreshToken, MemoryRefreshStore, RefreshRecord, RefreshStore, RefreshTokens
from bff.auth.revocation import AccessRevocations, MemoryRevocationStore, RevocationStore
from bff.auth.throttle import LoginThrottle, Throttled
from bff.auth.throttle_store import MemoryThrottleStore, ThrottleStore
from bff.auth.tokens import InvalidToken, TokenIssuer, generate_dev_secret
from bff.auth.viewer import ANONYMOUS, Role, Viewer

__all__ = [
    "ANONYMOUS", "AccessRevocations", "InvalidRefreshToken", "InvalidToken", "LoginThrottle", "MemoryRefreshStore",
    "MemoryRevocationStore", "MemoryThrottleStore", "RefreshRecord", "RefreshStore", "RefreshTokens",
    "RevocationStore", "Role", "ThrottleStore", "Throttled", "TokenIssuer", "Viewer", "generate_dev_secret",
]
