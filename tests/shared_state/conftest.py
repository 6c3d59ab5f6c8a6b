"""Fixtures of the shared-state tests: a real redis-server, emptied before each test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from tests.redis_server import redis_server  # noqa: F401  (a fixture)


@pytest.fixture
async def redis_url(redis_server: str) -> str:  # noqa: F811
    """The session's redis-server URL, its database emptied."""
    client = Redis.from_url(redis_server)
    await client.flushdb()
    await client.aclose()
    return redis_server


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()
