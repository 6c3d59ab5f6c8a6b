"""What a user sees of their sign-ins: one entry per refresh-token family (a log-in on one device).

The refresh-token store keeps only hashes and cannot list a user's families; this store keeps the few facts a
"where am I signed in" page needs, keyed by family id (the ``sid`` of the access tokens issued from it):

    log-in / sign-up / OAuth2 password grant   record(family, user_id, user_agent, at)
    refresh (GraphQL or OAuth2)                touch(family, at)
    revokeSignIn, logOutEverywhere, log-out,   forget(family)
    reuse detection, deleteMyAccount

A family missing here is not thereby revoked (the refresh store decides that); a family revoked there is
forgotten here by the same ``on_revoke`` hook that ends its access tokens (``bff.auth.setup``).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Protocol

MAX_USER_AGENT_CHARS = 256


@dataclass(frozen=True)
class SignIn:
    family: str
    user_id: int
    user_agent: str | None
    created_at: float
    last_used_at: float


def clean_user_agent(value: str | None) -> str | None:
    """A printable, bounded ``User-Agent`` (it is shown back to the user and stored)."""
    if not value:
        return None
    text = "".join(c if c.isprintable() else " " for c in value).strip()
    return text[:MAX_USER_AGENT_CHARS] or None


class SignInStore(Protocol):
    """Sign-in metadata. Async so that a shared (Redis) store can implement it."""

    async def record(self, family: str, user_id: int, user_agent: str | None, at: float) -> None: ...

    async def touch(self, family: str, at: float) -> None:
        """Note a use (a refresh) of the family; unknown families are ignored."""
        ...

    async def list(self, user_id: int) -> list[SignIn]:
        """The user's sign-ins, most recently used first."""
        ...

    async def forget(self, family: str) -> None: ...


class MemorySignInStore:
    """A per-process store of at most ``max_sign_ins`` entries; the least recently used goes first.

    A sign-in dropped for room only disappears from the list: its refresh tokens still work until they expire
    and the next refresh records nothing (``touch`` of an unknown family is a no-op). Keep the bound at least
    the refresh store's.
    """

    def __init__(self, *, max_sign_ins: int = 100_000) -> None:
        if max_sign_ins <= 0:
            raise ValueError(f"max_sign_ins must be positive, got {max_sign_ins}")
        self.max_sign_ins = max_sign_ins
        self._by_family: OrderedDict[str, SignIn] = OrderedDict()  # least recently used first
        self._by_user: dict[int, set[str]] = {}

    def __len__(self) -> int:
        return len(self._by_family)

    async def record(self, family: str, user_id: int, user_agent: str | None, at: float) -> None:
        await self.forget(family)
        self._by_family[family] = SignIn(family, user_id, clean_user_agent(user_agent), at, at)
        self._by_user.setdefault(user_id, set()).add(family)
        while len(self._by_family) > self.max_sign_ins:
            await self.forget(next(iter(self._by_family)))

    async def touch(self, family: str, at: float) -> None:
        sign_in = self._by_family.get(family)
        if sign_in is not None:
            self._by_family[family] = replace(sign_in, last_used_at=max(at, sign_in.last_used_at))
            self._by_family.move_to_end(family)

    async def list(self, user_id: int) -> list[SignIn]:
        found = [self._by_family[f] for f in self._by_user.get(user_id, ())]
        return sorted(found, key=lambda s: (s.last_used_at, s.created_at), reverse=True)

    async def forget(self, family: str) -> None:
        sign_in = self._by_family.pop(family, None)
        if sign_in is None:
            return
        families = self._by_user.get(sign_in.user_id)
        if families is not None:
            families.discard(family)
            if not families:
                del self._by_user[sign_in.user_id]
