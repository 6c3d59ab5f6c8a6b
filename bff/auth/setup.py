"""Builds the ``AuthService`` from the settings, with every store in memory (one process)."""

from __future__ import annotations

import logging

from bff.auth.proxies import trusted_proxies
from bff.auth.rate_limits import AccountRateLimits
from bff.auth.refresh import MemoryRefreshStore, RefreshTokens
from bff.auth.revocation import AccessRevocations
from bff.auth.service import AuthService
from bff.auth.sign_ins import MemorySignInStore
from bff.auth.throttle import LoginThrottle
from bff.auth.tokens import LEEWAY_S, TokenIssuer, generate_dev_secret
from bff.catalog import Catalog
from bff.odoo_client import OdooClient
from bff.settings import Settings

log = logging.getLogger("bff.auth")


def auth_service(settings: Settings, odoo: OdooClient, catalog: Catalog) -> AuthService:
    trusted_proxies(settings.trusted_proxies)  # a bad BFF_TRUSTED_PROXIES stops the start, not a request
    secret = settings.jwt_secret
    if not (secret or settings.jwt_private_key_file):
        log.warning("BFF_JWT_SECRET is not set: tokens are signed with a random key and die with the process")
        secret = generate_dev_secret()
    tokens = TokenIssuer.from_settings_values(secret=secret, private_key_file=settings.jwt_private_key_file,
                                              public_key_file=settings.jwt_public_key_file,
                                              ttl_s=settings.access_token_ttl_s)
    # A revocation outlives every access token it concerns: their lifetime plus the verifier's leeway.
    revocations = AccessRevocations(ttl_s=settings.access_token_ttl_s + LEEWAY_S, now=tokens.now)
    sign_ins = MemorySignInStore()

    async def family_revoked(family: str) -> None:  # its access tokens end, and it leaves the sign-in list
        await revocations.revoke_session(family)
        await sign_ins.forget(family)

    refresh = RefreshTokens(MemoryRefreshStore(), ttl_s=settings.refresh_token_ttl_s, on_revoke=family_revoked)
    throttle = LoginThrottle(max_failures_per_account=settings.login_max_failures_per_account,
                             max_failures_per_address=settings.login_max_failures_per_address,
                             delay_s=settings.login_delay_s, max_delay_s=settings.login_max_delay_s)
    limits = AccountRateLimits(sign_up_per_address=settings.signup_rate_per_address,
                               sign_up_per_email=settings.signup_rate_per_email,
                               reset_per_address=settings.reset_rate_per_address,
                               reset_per_email=settings.reset_rate_per_email)
    return AuthService(odoo=odoo, catalog=catalog, tokens=tokens, refresh=refresh, throttle=throttle,
                       revocations=revocations, limits=limits, sign_ins=sign_ins)
