"""Opaque, rotating refresh tokens with reuse detection.

Every log-in starts a *family*. Each ``rotate`` spends a token and hands out its successor in the same family.
Presenting a token that was already spent means two parties hold the chain (a theft, or a replay): the whole
family is revoked, so the thief's and the user's descendants both die and the user logs in again.

The family id is also the sign-in's id (``sid``) in its access tokens: ``on_revoke`` is told every family
revoked here, so that the access tokens issued from it end at once too (``bff.auth.revocation``).

The store only ever sees a SHA-256 hash of a token; a leaked store cannot be replayed.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol

from bff.errors import BffError

log = logging.getLogger("bff.auth.refresh")
MAX_TOKEN_CHARS = 256


class InvalidRefreshToken(BffError):
    """Unknown, expired, revoked or reused refresh token. ``reason`` is for logs only."""

    code = "UNAUTHENTICATED"
    public = True

    def __init__(self, reason: str) -> None:
        super().__init__("invalid or expired refresh token")
        self.reason = reason


@dataclass(frozen=True)
class RefreshRecord:
    token_hash: str
    user_id: int
    family_id: str
    expires_at: float
    used: bool = False


class Rotation(NamedTuple):
    """What ``rotate`` hands back: whose token it was, its successor, and the family (the sign-in)."""

    user_id: int
    token: str
    family_id: str


class RefreshStore(Protocol):
    """Where refresh records live. Async so that a shared (Redis) store can implement it."""

    async def save(self, record: RefreshRecord) -> None: ...

    async def get(self, token_hash: str) -> RefreshRecord | None: ...

    async def mark_used(self, token_hash: str) -> bool:
        """Atomically flag the record used: True for the one caller that flipped it, False otherwise
        (already used, or unknown)."""
        ...

    async def revoke_family(self, family_id: str) -> None:
        """Delete or disable every record of the family, and remember the revocation for as long as any of
        its tokens could live, so that a successor saved by a rotation already in flight is refused too."""
        ...

    async def is_family_revoked(self, family_id: str) -> bool: ...


class MemoryRefreshStore:
    """A per-process store, bounded: expired records go first, then the oldest beyond ``max_records``.

    Records are kept in insertion order; with one lifetime for every token that is also expiry order, so
    pruning only looks at the oldest end. A record evicted for room is simply unknown afterwards (refused,
    but without revoking its family).
    """

    def __init__(self, *, max_records: int = 100_000, now: Callable[[], float] = time.time) -> None:
        if max_records <= 0:
            raise ValueError(f"max_records must be positive, got {max_records}")
        self.max_records = max_records
        self._now = now
        self._records: OrderedDict[str, RefreshRecord] = OrderedDict()
        self._families: dict[str, set[str]] = {}
        # family id -> until when the revocation must be remembered (its newest record's expiry)
        self._revoked: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._records)

    async def save(self, record: RefreshRecord) -> None:
        if record.family_id in self._revoked:
            # A rotation that was in flight when its family was revoked: its successor is never usable.
            self._revoked[record.family_id] = max(self._revoked[record.family_id], record.expires_at)
            return
        self._drop(record.token_hash)
        self._records[record.token_hash] = record
        self._families.setdefault(record.family_id, set()).add(record.token_hash)
        self._prune()

    async def get(self, token_hash: str) -> RefreshRecord | None:
        return self._records.get(token_hash)

    async def mark_used(self, token_hash: str) -> bool:
        # One synchronous check-and-set: no await between reading and writing the flag.
        record = self._records.get(token_hash)
        if record is None or record.used:
            return False
        self._records[token_hash] = replace(record, used=True)
        return True

    async def revoke_family(self, family_id: str) -> None:
        hashes = self._families.pop(family_id, set())
        until = max((self._records[h].expires_at for h in hashes if h in self._records), default=0.0)
        for token_hash in hashes:
            self._records.pop(token_hash, None)
        self._revoked[family_id] = max(until, self._revoked.pop(family_id, 0.0))
        self._prune()

    async def is_family_revoked(self, family_id: str) -> bool:
        return family_id in self._revoked

    def _drop(self, token_hash: str) -> None:
        record = self._records.pop(token_hash, None)
        if record is not None:
            family = self._families.get(record.family_id)
            if family is not None:
                family.discard(token_hash)
                if not family:
                    del self._families[record.family_id]

    def _prune(self) -> None:
        now = self._now()
        while self._records:
            oldest = next(iter(self._records.values()))
            if oldest.expires_at > now and len(self._records) <= self.max_records:
                break
            self._drop(oldest.token_hash)
        while self._revoked:
            family_id, until = next(iter(self._revoked.items()))
            if until > now and len(self._revoked) <= self.max_records:
                break
            del self._revoked[family_id]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class RefreshTokens:
    """Issues, rotates and revokes refresh tokens kept in ``store``."""

    def __init__(self, store: RefreshStore, *, ttl_s: float = 30 * 24 * 3600,
                 now: Callable[[], float] = time.time,
                 on_revoke: Callable[[str], Awaitable[None]] | None = None) -> None:
        if ttl_s <= 0:
            raise ValueError(f"the refresh token lifetime must be positive, got {ttl_s}")
        self.store, self.ttl_s, self._now = store, ttl_s, now
        self._on_revoke = on_revoke

    @staticmethod
    def new_family() -> str:
        """A fresh family id, for a log-in that wants to name its sign-in before issuing the token."""
        return secrets.token_urlsafe(16)

    async def _revoke_family(self, family_id: str) -> None:
        await self.store.revoke_family(family_id)
        if self._on_revoke is not None:
            await self._on_revoke(family_id)

    async def issue(self, user_id: int, *, family_id: str | None = None) -> str:
        """A new token; without ``family_id`` it starts a new family (a log-in)."""
        token = secrets.token_urlsafe(32)
        await self.store.save(RefreshRecord(
            token_hash=hash_token(token), user_id=user_id, family_id=family_id or self.new_family(),
            expires_at=self._now() + self.ttl_s,
        ))
        return token

    async def rotate(self, token: str) -> Rotation:
        """Spend ``token``: ``(user_id, successor, family_id)``. A spent token revokes its family and is
        refused."""
        record = await self._lookup(token)
        if record.expires_at <= self._now():
            raise InvalidRefreshToken("expired")
        if await self.store.is_family_revoked(record.family_id):
            raise InvalidRefreshToken("family revoked")
        if record.used or not await self.store.mark_used(record.token_hash):
            await self._revoke_family(record.family_id)
            log.warning("refresh token reused for user %s: family revoked", record.user_id)
            raise InvalidRefreshToken("reused")
        successor = await self.issue(record.user_id, family_id=record.family_id)
        return Rotation(record.user_id, successor, record.family_id)

    async def revoke_family(self, family_id: str) -> None:
        """End one sign-in by its id (``revokeSignIn``, ``logOutEverywhere``): every token of the family."""
        await self._revoke_family(family_id)

    async def revoke(self, token: str) -> None:
        """Log out: revoke the token's whole family. Unknown tokens are ignored."""
        try:
            record = await self._lookup(token)
        except InvalidRefreshToken:
            return
        await self._revoke_family(record.family_id)

    async def _lookup(self, token: str) -> RefreshRecord:
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
            raise InvalidRefreshToken("malformed")
        record = await self.store.get(hash_token(token))
        if record is None:
            raise InvalidRefreshToken("unknown")
        return record
