"""Public-cache invalidation shared between BFF processes through Redis pub/sub.

Every process follows Odoo's changes itself (its own bus connection, or polling) and drops what they made
stale from its own caches (``bff.public_cache``). A process whose feed is reconnecting, polling every few
seconds or switched off would still serve stale public answers until their TTL; so, with ``REDIS_URL``, each
process also publishes the cache tags a change made stale on one Redis channel, and drops what the other
processes publish there.

Best effort, like the bus itself: a message lost while Redis is down costs at most the TTL. After the
subscription breaks and comes back, the process drops everything once (messages may have been missed, as
after a bus gap). Dropping what another process already dropped only costs a re-read.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from bff.cache_tags import EVERYTHING
from bff.log_throttle import ThrottledLog
from bff.shared_state import KEY_PREFIX

if TYPE_CHECKING:
    from redis.asyncio import Redis

CHANNEL = KEY_PREFIX + "public-cache:stale"
ALL = "*"  # the tag list of a resync: drop everything
RETRY_S = (0.5, 1.0, 2.0, 5.0, 10.0)  # waits between subscription attempts while Redis is down
log = ThrottledLog(logging.getLogger("bff.shared_invalidation"), interval_s=60.0)

Drop = Callable[[frozenset[str]], Any]


def encode(origin: str, stale: frozenset[str]) -> bytes:
    return orjson.dumps({"origin": origin, "tags": [ALL] if stale is EVERYTHING else sorted(stale)})


def decode(data: bytes | str) -> tuple[str, frozenset[str]] | None:
    """The sender and the stale tags of a message; None for anything malformed."""
    try:
        message = orjson.loads(data)
        origin, tags = message["origin"], message["tags"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(origin, str) or not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        return None
    return origin, EVERYTHING if ALL in tags else frozenset(tags)


class SharedInvalidation:
    """One process's end of the channel: ``publish`` what its own feed made stale, ``drop`` what others did."""

    def __init__(self, redis: Redis, drop: Drop) -> None:
        self.redis = redis
        self.drop = drop
        self.origin = uuid.uuid4().hex
        self.received = 0  # messages from other processes acted on (for tests and /readyz)
        self._task: asyncio.Task[None] | None = None
        self._sending: set[asyncio.Task[None]] = set()
        self.subscribed = asyncio.Event()

    def publish(self, stale: frozenset[str]) -> None:
        """Tell the other processes (called from the change feed's synchronous relay; sent in the background)."""
        task = asyncio.get_running_loop().create_task(self._send(stale))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _send(self, stale: frozenset[str]) -> None:
        from redis.exceptions import RedisError

        try:
            await self.redis.publish(CHANNEL, encode(self.origin, stale))
        except RedisError as exc:
            log.warning("publish", "public cache: could not tell the other processes (Redis: %s); their own "
                                   "change feeds and the TTL still apply", exc)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        for task in list(self._sending):
            task.cancel()
        await asyncio.gather(*self._sending, return_exceptions=True)

    async def _run(self) -> None:
        from redis.exceptions import RedisError

        failures = 0
        while True:
            try:
                await self._listen(resubscribed=failures > 0)
            except (RedisError, OSError) as exc:
                self.subscribed.clear()
                log.warning("listen", "public cache: the invalidation channel broke (Redis: %s); retrying", exc)
                await asyncio.sleep(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1

    async def _listen(self, *, resubscribed: bool) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(CHANNEL)
            if resubscribed:  # messages may have been missed while the channel was down
                self.drop(EVERYTHING)
            self.subscribed.set()
            while True:
                message = await pubsub.get_message(timeout=1.0)
                if message is None or message.get("type") != "message":
                    continue
                decoded = decode(message["data"])
                if decoded is None:
                    log.warning("malformed", "public cache: ignored a malformed invalidation message")
                elif decoded[0] != self.origin:
                    self.received += 1
                    self.drop(decoded[1])
        finally:
            await pubsub.aclose()
