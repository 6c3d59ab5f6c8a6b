"""``RefreshStore`` in Redis: refresh tokens, their reuse detection and family revocation shared by processes.

    bff:refresh:<hash>          the record, JSON of ``RefreshRecord`` (every field, so fields added later
                                come along), expiring with the token
    bff:refresh-used:<hash>     set once by ``mark_used`` (``SET NX``): the one caller that set it rotates
    bff:refresh-family:<fid>    the family's token hashes, expiring with its newest token
    bff:refresh-revoked:<fid>   a revoked family, kept until its newest token would have expired

``save`` and ``revoke_family`` are Lua scripts, each one atomic step: a successor saved by a rotation that was
in flight when its family was revoked is either refused by ``save`` (the family is marked) or deleted with the
family (it was saved first). Expiry is Redis's own (``PEXPIREAT`` from the record's ``expires_at``), so nothing
needs pruning. Any Redis failure raises ``SharedStateUnavailable`` (fail closed).
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from bff.auth.refresh import RefreshRecord
from bff.shared_state import KEY_PREFIX, redis_errors

if TYPE_CHECKING:
    from redis.asyncio import Redis

_NOW_MS = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) "

# KEYS: record, family, revoked. ARGV: json, expires_at (ms), hash. 1 saved, 0 refused (family revoked).
_SAVE = _NOW_MS + """
local function extend(key, until_ms)
  local left = redis.call('PTTL', key)
  if left < 0 or now + left < tonumber(until_ms) then redis.call('PEXPIREAT', key, until_ms) end
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  extend(KEYS[3], ARGV[2])
  return 0
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
extend(KEYS[2], ARGV[2])
return 1
"""

# KEYS: record, used flag. 1 for the one caller that flagged a known record, else 0.
_MARK_USED = """
local left = redis.call('PTTL', KEYS[1])
if left == -2 then return 0 end
local set
if left > 0 then set = redis.call('SET', KEYS[2], '1', 'NX', 'PX', left)
else set = redis.call('SET', KEYS[2], '1', 'NX') end
if set then return 1 end
return 0
"""

# KEYS: family, revoked. ARGV: record key prefix, used key prefix.
_REVOKE = _NOW_MS + """
local until_ms = now
local left = redis.call('PTTL', KEYS[2])
if left > 0 then until_ms = now + left end
for _, token_hash in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  left = redis.call('PTTL', ARGV[1] .. token_hash)
  if left > 0 and now + left > until_ms then until_ms = now + left end
  redis.call('DEL', ARGV[1] .. token_hash, ARGV[2] .. token_hash)
end
redis.call('DEL', KEYS[1])
if until_ms > now then redis.call('SET', KEYS[2], '1', 'PX', until_ms - now) end
return 1
"""

_FIELDS = {f.name for f in dataclasses.fields(RefreshRecord)}


def record_to_json(record: RefreshRecord) -> str:
    return json.dumps(dataclasses.asdict(record), separators=(",", ":"))


def record_from_json(raw: str | bytes, *, used: bool) -> RefreshRecord:
    """The record; keys this version does not know (written by a newer one) are ignored."""
    data: dict[str, Any] = {k: v for k, v in json.loads(raw).items() if k in _FIELDS}
    data["used"] = used
    return RefreshRecord(**data)


class RedisRefreshStore:
    """Refresh records in Redis; see the module docstring for the keys."""

    def __init__(self, redis: Redis, *, prefix: str = KEY_PREFIX) -> None:
        self.redis, self.prefix = redis, prefix
        self._save = redis.register_script(_SAVE)
        self._mark_used = redis.register_script(_MARK_USED)
        self._revoke = redis.register_script(_REVOKE)

    def _record(self, token_hash: str) -> str:
        return f"{self.prefix}refresh:{token_hash}"

    def _used(self, token_hash: str) -> str:
        return f"{self.prefix}refresh-used:{token_hash}"

    def _family(self, family_id: str) -> str:
        return f"{self.prefix}refresh-family:{family_id}"

    def _revoked(self, family_id: str) -> str:
        return f"{self.prefix}refresh-revoked:{family_id}"

    async def save(self, record: RefreshRecord) -> None:
        with redis_errors("save a refresh token"):
            await self._save(keys=[self._record(record.token_hash), self._family(record.family_id),
                                   self._revoked(record.family_id)],
                             args=[record_to_json(record), int(record.expires_at * 1000), record.token_hash])

    async def get(self, token_hash: str) -> RefreshRecord | None:
        with redis_errors("read a refresh token"):
            raw, used = await self.redis.mget([self._record(token_hash), self._used(token_hash)])
        return None if raw is None else record_from_json(raw, used=used is not None)

    async def mark_used(self, token_hash: str) -> bool:
        with redis_errors("spend a refresh token"):
            return bool(await self._mark_used(keys=[self._record(token_hash), self._used(token_hash)]))

    async def revoke_family(self, family_id: str) -> None:
        with redis_errors("revoke a sign-in"):
            await self._revoke(keys=[self._family(family_id), self._revoked(family_id)],
                               args=[f"{self.prefix}refresh:", f"{self.prefix}refresh-used:"])

    async def is_family_revoked(self, family_id: str) -> bool:
        with redis_errors("check a sign-in"):
            return bool(await self.redis.exists(self._revoked(family_id)))
