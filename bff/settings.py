"""Settings, read once from environment variables (documented in the README)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

NumberT = TypeVar("NumberT", int, float)


class SettingsError(ValueError):
    """An environment variable holds a value the BFF cannot use."""


def _number(env: Mapping[str, str], name: str, default: NumberT, kind: type[NumberT]) -> NumberT:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return kind(raw)
    except ValueError as exc:
        what = "a whole number" if kind is int else "a number"
        raise SettingsError(f"{name} must be {what}, got {raw!r}") from exc


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    return _number(env, name, default, int)


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    return _number(env, name, default, float)


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    """Everything the BFF can be told from outside. Defaults serve the embedded demo."""

    odoo_url: str | None = None
    odoo_db: str = "customk9"
    odoo_login: str = "admin"
    odoo_password: str | None = None
    odoo_api_key: str | None = None
    odoo_public_url: str | None = None
    odoo_timeout_s: float = 10.0
    odoo_max_concurrency: int = 8
    odoo_retries: int = 1
    odoo_breaker_failures: int = 5
    odoo_breaker_reset_s: float = 5.0
    request_timeout_s: float = 5.0
    rental_category: str = "Rental Equipment"
    page_size_default: int = 20
    page_size_max: int = 100
    graphiql: bool = True
    introspection: bool = True
    log_level: str = "INFO"
    jwt_secret: str | None = None
    jwt_private_key_file: str | None = None
    jwt_public_key_file: str | None = None
    access_token_ttl_s: int = 900
    refresh_token_ttl_s: int = 30 * 24 * 3600
    login_max_failures_per_account: int = 10
    login_max_failures_per_address: int = 50
    login_lockout_s: int = 900
    max_query_depth: int = 12
    max_query_cost: int = 5000
    trust_forwarded_for: bool = False
    cancel_notice_hours: int = 24
    redis_url: str | None = None
    cors_origins: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        origins = tuple(o.strip() for o in env.get("BFF_CORS_ORIGINS", "").split(",") if o.strip())
        return cls(
            odoo_url=(env.get("ODOO_URL") or None),
            odoo_db=env.get("ODOO_DB") or cls.odoo_db,
            odoo_login=env.get("ODOO_LOGIN") or cls.odoo_login,
            odoo_password=env.get("ODOO_PASSWORD") or None,
            odoo_api_key=env.get("ODOO_API_KEY") or None,
            odoo_public_url=env.get("ODOO_PUBLIC_URL") or None,
            odoo_timeout_s=_float(env, "ODOO_TIMEOUT_S", cls.odoo_timeout_s),
            odoo_max_concurrency=_int(env, "ODOO_MAX_CONCURRENCY", cls.odoo_max_concurrency),
            odoo_retries=_int(env, "ODOO_RETRIES", cls.odoo_retries),
            odoo_breaker_failures=_int(env, "ODOO_BREAKER_FAILURES", cls.odoo_breaker_failures),
            odoo_breaker_reset_s=_float(env, "ODOO_BREAKER_RESET_S", cls.odoo_breaker_reset_s),
            request_timeout_s=_float(env, "BFF_REQUEST_TIMEOUT_S", cls.request_timeout_s),
            rental_category=env.get("BFF_RENTAL_CATEGORY") or cls.rental_category,
            page_size_default=_int(env, "BFF_PAGE_SIZE_DEFAULT", cls.page_size_default),
            page_size_max=_int(env, "BFF_PAGE_SIZE_MAX", cls.page_size_max),
            graphiql=_bool(env, "BFF_GRAPHIQL", cls.graphiql),
            introspection=_bool(env, "BFF_INTROSPECTION", cls.introspection),
            log_level=env.get("BFF_LOG_LEVEL") or cls.log_level,
            jwt_secret=env.get("BFF_JWT_SECRET") or None,
            jwt_private_key_file=env.get("BFF_JWT_PRIVATE_KEY_FILE") or None,
            jwt_public_key_file=env.get("BFF_JWT_PUBLIC_KEY_FILE") or None,
            access_token_ttl_s=_int(env, "BFF_ACCESS_TOKEN_TTL_S", cls.access_token_ttl_s),
            refresh_token_ttl_s=_int(env, "BFF_REFRESH_TOKEN_TTL_S", cls.refresh_token_ttl_s),
            login_max_failures_per_account=_int(env, "BFF_LOGIN_MAX_FAILURES_PER_ACCOUNT",
                                                cls.login_max_failures_per_account),
            login_max_failures_per_address=_int(env, "BFF_LOGIN_MAX_FAILURES_PER_ADDRESS",
                                                cls.login_max_failures_per_address),
            login_lockout_s=_int(env, "BFF_LOGIN_LOCKOUT_S", cls.login_lockout_s),
            max_query_depth=_int(env, "BFF_MAX_QUERY_DEPTH", cls.max_query_depth),
            max_query_cost=_int(env, "BFF_MAX_QUERY_COST", cls.max_query_cost),
            trust_forwarded_for=_bool(env, "BFF_TRUST_FORWARDED_FOR", cls.trust_forwarded_for),
            cancel_notice_hours=_int(env, "BFF_CANCEL_NOTICE_HOURS", cls.cancel_notice_hours),
            redis_url=env.get("REDIS_URL") or None,
            cors_origins=origins,
        )

    def with_odoo(self, url: str, *, db: str, login: str, password: str) -> Settings:
        """A copy pointed at another Odoo (the demo mode points it at the embedded emulator)."""
        return replace(self, odoo_url=url, odoo_db=db, odoo_login=login, odoo_password=password,
                       odoo_api_key=None)

    def with_odoo_api_key(self, url: str, *, db: str, login: str, api_key: str) -> Settings:
        """A copy pointed at another Odoo, acting with an API key."""
        return replace(self, odoo_url=url, odoo_db=db, odoo_login=login, odoo_password=None, odoo_api_key=api_key)

    @property
    def public_base_url(self) -> str:
        """Where browsers fetch Odoo-served files such as images (may differ from the RPC address)."""
        return (self.odoo_public_url or self.odoo_url or "").rstrip("/")
