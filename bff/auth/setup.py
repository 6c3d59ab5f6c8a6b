"""Builds the ``AuthService`` from the settings: every store in memory (one process), or in Redis when
``create_app`` passes the client ``REDIS_URL`` names (several processes, ``bff.shared_state``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from bff.auth.proxies import trusted_proxies
from bff.auth.rate_limits import AccountRateLimits
from bff.auth.refresh import MemoryRefreshStore, RefreshStore, RefreshTokens
from bff.auth.revocation import AccessRevocations, RevocationStore
from bff.auth.service import AuthService
from bff.auth.sign_ins import MemorySignInStore, SignInStore
from bff.auth.throttle import LoginThrottle
from bff.auth.throttle_store import ThrottleStore
from bff.auth.tokens import LEEWAY_S, TokenIssuer, generate_dev_secret
from bff.catalog import Catalog
from bff.odoo_client import OdooClient
from bff.settings import Settings
from bff.shared_state import limits_storage

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger("bff.auth")


def auth_service(settings: Settings, odoo: OdooClient, catalog: Catalog, redis: Redis | None = None) -> AuthService:
    trusted_proxies(settings.trusted_proxies)  # a bad BFF_TRUSTED_PROXIES stops the start, not a request
    secret = settings.jwt_secret
    if not (secret or settings.jwt_private_key_file):
        log.warning("BFF_JWT_SECRET is not set: tokens are signed with a random key and die with the process")
        secret = generate_dev_secret()
    tokens = TokenIssuer.from_settings_values(secret=secret, private_key_file=settings.jwt_private_key_file,
                                              public_key_file=settings.jwt_public_key_file,
                                              ttl_s=settings.access_token_ttl_s)
    refresh_store: RefreshStore = MemoryRefreshStore()
    revocation_store: RevocationStore | None = None  # AccessRevocations' own in-memory store
    throttle_store: ThrottleStore | None = None
    sign_ins: SignInStore = MemorySignInStore()
    clock: Callable[[], float] = time.monotonic
    if redis is not None:
        from bff.auth.redis_refresh import RedisRefreshStore
        from bff.auth.redis_revocation import RedisRevocationStore
        from bff.auth.redis_sign_ins import RedisSignInStore
        from bff.auth.redis_throttle import RedisThrottleStore

        refresh_store, revocation_store = RedisRefreshStore(redis), RedisRevocationStore(redis)
        throttle_store = RedisThrottleStore(redis)
        sign_ins = RedisSignInStore(redis, ttl_s=settings.refresh_token_ttl_s)
        clock = time.time  # shared attempts need a clock every process agrees on, not monotonic
    # A revocation outlives every access token it concerns: their lifetime plus the verifier's leeway.
    revocations = AccessRevocations(revocation_store, ttl_s=settings.access_token_ttl_s + LEEWAY_S, now=tokens.now)

    async def family_revoked(family: str) -> None:  # its access tokens end, and it leaves the sign-in list
        await revocations.revoke_session(family)
        await sign_ins.forget(family)

    refresh = RefreshTokens(refresh_store, ttl_s=settings.refresh_token_ttl_s, on_revoke=family_revoked)
    throttle = LoginThrottle(store=throttle_store, now=clock,
                             max_failures_per_account=settings.login_max_failures_per_account,
                             max_failures_per_address=settings.login_max_failures_per_address,
                             delay_s=settings.login_delay_s, max_delay_s=settings.login_max_delay_s)
    limits = AccountRateLimits(sign_up_per_address=settings.signup_rate_per_address,
                               sign_up_per_email=settings.signup_rate_per_email,
                               reset_per_address=settings.reset_rate_per_address,
                               reset_per_email=settings.reset_rate_per_email,
                               contact_per_address=settings.contact_rate_per_address,
                               contact_per_email=settings.contact_rate_per_email, storage=limits_storage(redis))
    return AuthService(odoo=odoo, catalog=catalog, tokens=tokens, refresh=refresh, throttle=throttle,
                       revocations=revocations, limits=limits, sign_ins=sign_ins)
