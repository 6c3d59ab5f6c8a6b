"""Revoked access tokens: a JWT is valid until it expires, so ending one early needs a list to check.

Every access token names its sign-in (``sid``, the refresh-token family it was issued from) and itself
(``jti``). Revoking puts ``sid:<family>`` or ``jti:<id>`` here until the last access token it can concern has
expired (``until``: now + the access-token lifetime), after which the JWT's own ``exp`` refuses it and the
entry can go. What revokes:

    logOut(refreshToken)            sid of the refresh token's family; and sid + jti of the bearer token sent
    refresh token reused            sid of its family (the thief's and the user's access tokens both die)
    deleteMyAccount                 uid of the user: every access token of theirs, whichever sign-in issued it

Checked on every request that carries a token (``AuthService.viewer_from_header``) and by
``AuthService.token_active`` for long-lived subscriptions.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Protocol

from bff.auth.viewer import Viewer


class RevocationStore(Protocol):
    """Revoked keys with an end time. Async so that a shared (Redis) store can implement it (``SET key 1
    EXAT until`` and ``EXISTS``)."""

    async def revoke(self, key: str, *, until: float) -> None: ...

    async def any_revoked(self, keys: Iterable[str], *, now: float) -> bool: ...


class MemoryRevocationStore:
    """A per-process store of at most ``max_keys`` entries, ended entries pruned from the old end.

    Entries arrive with ``until`` = now + one fixed lifetime, so insertion order is expiry order. When the
    bound is reached the oldest entry goes: its token has the least time left to live.
    """

    def __init__(self, *, max_keys: int = 100_000) -> None:
        if max_keys <= 0:
            raise ValueError(f"max_keys must be positive, got {max_keys}")
        self.max_keys = max_keys
        self._until: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._until)

    async def revoke(self, key: str, *, until: float) -> None:
        self._until[key] = max(until, self._until.pop(key, until))
        while len(self._until) > self.max_keys:
            self._until.popitem(last=False)

    async def any_revoked(self, keys: Iterable[str], *, now: float) -> bool:
        while self._until:
            oldest, until = next(iter(self._until.items()))
            if until > now:
                break
            del self._until[oldest]
        return any(self._until.get(key, 0.0) > now for key in keys)


class AccessRevocations:
    """Revokes and checks the access tokens of a viewer by sign-in (``sid``) and token (``jti``).

    ``ttl_s`` is how long an access token can still be accepted after it was issued (its lifetime plus the
    verifier's leeway): a revocation made now must outlive every token it concerns.
    """

    def __init__(self, store: RevocationStore | None = None, *, ttl_s: float,
                 now: Callable[[], float] = time.time) -> None:
        if ttl_s <= 0:
            raise ValueError(f"ttl_s must be positive, got {ttl_s}")
        self.store: RevocationStore = store if store is not None else MemoryRevocationStore()
        self.ttl_s, self._now = ttl_s, now

    async def revoke_session(self, session_id: str) -> None:
        """End every access token of one sign-in (a refresh-token family)."""
        await self.store.revoke("sid:" + session_id, until=self._now() + self.ttl_s)

    async def revoke_user(self, user_id: int) -> None:
        """End every access token of a user that no longer exists (a deleted account): Odoo never reuses a
        user id, and no new token can be issued for it."""
        await self.store.revoke(f"uid:{user_id}", until=self._now() + self.ttl_s)

    async def revoke_viewer(self, viewer: Viewer) -> None:
        """End the token a viewer came with, and its sign-in."""
        for key in _keys(viewer):
            await self.store.revoke(key, until=self._now() + self.ttl_s)

    async def is_revoked(self, viewer: Viewer) -> bool:
        keys = _keys(viewer)
        if keys and viewer.user_id:
            keys.append(f"uid:{viewer.user_id}")
        return bool(keys) and await self.store.any_revoked(keys, now=self._now())


def _keys(viewer: Viewer) -> list[str]:
    keys = []
    if viewer.session_id:
        keys.append("sid:" + viewer.session_id)
    if viewer.token_id:
        keys.append("jti:" + viewer.token_id)
    return keys
