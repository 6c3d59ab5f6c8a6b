"""Settings, read once from environment variables (documented in the README)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

NumberT = TypeVar("NumberT", int, float)
log = logging.getLogger("bff.settings")
LOOPBACK = ("127.0.0.1", "::1")


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


LIVE_MODES = ("auto", "bus", "polling", "off")
PERSISTED_QUERY_MODES = ("on", "off", "allowlist")


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    raw = (env.get(name) or default).strip().lower()
    if raw not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
    return raw
def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in env.get(name, "").split(",") if item.strip())


def _trusted_proxies(env: Mapping[str, str]) -> tuple[str, ...]:
    """``BFF_TRUSTED_PROXIES``; the deprecated ``BFF_TRUST_FORWARDED_FOR=true`` means a proxy on loopback."""
    if env.get("BFF_TRUSTED_PROXIES") is not None:
        return _list(env, "BFF_TRUSTED_PROXIES")
    if _bool(env, "BFF_TRUST_FORWARDED_FOR", False):
        log.warning("BFF_TRUST_FORWARDED_FOR is deprecated: it now trusts a proxy on loopback only; "
                    "list your proxies in BFF_TRUSTED_PROXIES instead")
        return LOOPBACK
    return ()


@dataclass(frozen=True)
class Settings:
    """Everything the BFF can be told from outside. Defaults serve the embedded demo."""

    odoo_url: str | None = None
    odoo_db: str = "customk9"
    odoo_login: str = "admin"
    odoo_password: str | None = None
    odoo_api_key: str | None = None
    odoo_public_url: str | None = None
    odoo_bus_url: str | None = None  # where the bus websocket is (Odoo with workers: its gevent port); ODOO_URL
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
    odoo_check_interval_s: float = 6 * 3600.0  # bff odoo check in the log: at start, then this often (0: once)
    dashboard_dir: str | None = None  # the example dashboard's build (bff/dashboard.py); "off": none
    introspection: bool = True
    log_level: str = "INFO"
    jwt_secret: str | None = None
    jwt_private_key_file: str | None = None
    jwt_public_key_file: str | None = None
    access_token_ttl_s: int = 900
    refresh_token_ttl_s: int = 30 * 24 * 3600
    login_max_failures_per_account: int = 10
    login_max_failures_per_address: int = 50
    login_delay_s: float = 1.0
    login_max_delay_s: float = 900.0
    signup_rate_per_address: str = "10/hour"
    signup_rate_per_email: str = "5/hour"
    reset_rate_per_address: str = "20/hour"
    reset_rate_per_email: str = "5/hour"
    rate_limit_requests: str = "600/minute"  # GraphQL operations per viewer (per address when anonymous)
    rate_limit_cost: str = "100000/minute"  # query cost (bff/query_cost.py) per viewer, likewise
    contact_rate_per_address: str = "5/hour"
    contact_rate_per_email: str = "3/hour"
    max_query_depth: int = 12
    max_query_cost: int = 5000
    trusted_proxies: tuple[str, ...] = field(default_factory=tuple)
    max_aliases: int = 30
    max_operations: int = 20
    max_tokens: int = 5000
    max_document_length: int = 50_000
    max_body_bytes: int = 1_000_000
    max_batch: int = 10  # operations in one batched POST; 0 switches batching off
    document_cache_chars: int = 2_000_000  # document text the parsed-document cache holds (bff/document_cache.py)
    persisted_queries: str = "on"  # on | off | allowlist (bff/persisted_queries.py)
    persisted_queries_manifest: str | None = None  # JSON hash -> document; required by allowlist
    persisted_queries_store_chars: int = 10_000_000  # document text the in-memory APQ store keeps
    metrics_token: str | None = None
    cancel_notice_hours: int = 24
    payment_hold_minutes: int = 30  # written to Odoo by `bff seed` (customk9.payment_hold_minutes), read by the addon
    live_queue_size: int = 32
    max_subscriptions_per_connection: int = 20
    max_subscriptions_per_viewer: int = 50
    max_subscriptions_per_address: int = 200
    redis_url: str | None = None
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    live_mode: str = "auto"  # auto | bus | polling | off: how the change feed follows Odoo
    poll_interval_s: float = 3.0
    bus_replay_window_s: float = 50.0
    bus_backoff_max_s: float = 5.0
    bus_retry_s: float = 30.0
    public_cache_ttl_s: float = 30.0  # 0 turns the shared public caches off (bff.public_cache)
    public_cache_mb: float = 64.0
    http_max_age_s: int = 10
    http_stale_while_revalidate_s: int = 30
    oauth_clients: tuple[str, ...] = field(default_factory=tuple)  # "client_id[:secret[:grant+grant]]"
    export_link_ttl_s: int = 300

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
            odoo_bus_url=env.get("ODOO_BUS_URL") or None,
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
            dashboard_dir=env.get("BFF_DASHBOARD_DIR") or None,
            odoo_check_interval_s=_float(env, "BFF_ODOO_CHECK_INTERVAL_S", cls.odoo_check_interval_s),
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
            login_delay_s=_float(env, "BFF_LOGIN_DELAY_S", cls.login_delay_s),
            login_max_delay_s=_float(env, "BFF_LOGIN_MAX_DELAY_S",
                                     _float(env, "BFF_LOGIN_LOCKOUT_S", cls.login_max_delay_s)),
            signup_rate_per_address=env.get("BFF_SIGNUP_RATE_PER_ADDRESS") or cls.signup_rate_per_address,
            signup_rate_per_email=env.get("BFF_SIGNUP_RATE_PER_EMAIL") or cls.signup_rate_per_email,
            reset_rate_per_address=env.get("BFF_RESET_RATE_PER_ADDRESS") or cls.reset_rate_per_address,
            reset_rate_per_email=env.get("BFF_RESET_RATE_PER_EMAIL") or cls.reset_rate_per_email,
            rate_limit_requests=env.get("BFF_RATE_LIMIT_REQUESTS") or cls.rate_limit_requests,
            rate_limit_cost=env.get("BFF_RATE_LIMIT_COST") or cls.rate_limit_cost,
            contact_rate_per_address=env.get("BFF_CONTACT_RATE_PER_ADDRESS") or cls.contact_rate_per_address,
            contact_rate_per_email=env.get("BFF_CONTACT_RATE_PER_EMAIL") or cls.contact_rate_per_email,
            max_query_depth=_int(env, "BFF_MAX_QUERY_DEPTH", cls.max_query_depth),
            max_query_cost=_int(env, "BFF_MAX_QUERY_COST", cls.max_query_cost),
            trusted_proxies=_trusted_proxies(env),
            max_aliases=_int(env, "BFF_MAX_ALIASES", cls.max_aliases),
            max_operations=_int(env, "BFF_MAX_OPERATIONS", cls.max_operations),
            max_tokens=_int(env, "BFF_MAX_TOKENS", cls.max_tokens),
            max_document_length=_int(env, "BFF_MAX_DOCUMENT_LENGTH", cls.max_document_length),
            max_body_bytes=_int(env, "BFF_MAX_BODY_BYTES", cls.max_body_bytes),
            max_batch=_int(env, "BFF_MAX_BATCH", cls.max_batch),
            document_cache_chars=_int(env, "BFF_DOCUMENT_CACHE_CHARS", cls.document_cache_chars),
            persisted_queries=_choice(env, "BFF_PERSISTED_QUERIES", cls.persisted_queries, PERSISTED_QUERY_MODES),
            persisted_queries_manifest=env.get("BFF_PERSISTED_QUERIES_MANIFEST") or None,
            persisted_queries_store_chars=_int(env, "BFF_PERSISTED_QUERIES_STORE_CHARS",
                                               cls.persisted_queries_store_chars),
            metrics_token=env.get("BFF_METRICS_TOKEN") or None,
            cancel_notice_hours=_int(env, "BFF_CANCEL_NOTICE_HOURS", cls.cancel_notice_hours),
            payment_hold_minutes=_int(env, "BFF_PAYMENT_HOLD_MINUTES", cls.payment_hold_minutes),
            live_queue_size=_int(env, "BFF_LIVE_QUEUE_SIZE", cls.live_queue_size),
            max_subscriptions_per_connection=_int(env, "BFF_MAX_SUBSCRIPTIONS_PER_CONNECTION",
                                                  cls.max_subscriptions_per_connection),
            max_subscriptions_per_viewer=_int(env, "BFF_MAX_SUBSCRIPTIONS_PER_VIEWER",
                                              cls.max_subscriptions_per_viewer),
            max_subscriptions_per_address=_int(env, "BFF_MAX_SUBSCRIPTIONS_PER_ADDRESS",
                                               cls.max_subscriptions_per_address),
            redis_url=env.get("REDIS_URL") or None,
            cors_origins=origins,
            live_mode=_choice(env, "BFF_LIVE_MODE", cls.live_mode, LIVE_MODES),
            poll_interval_s=_float(env, "BFF_POLL_INTERVAL_S", cls.poll_interval_s),
            bus_replay_window_s=_float(env, "BFF_BUS_REPLAY_WINDOW_S", cls.bus_replay_window_s),
            bus_backoff_max_s=_float(env, "BFF_BUS_BACKOFF_MAX_S", cls.bus_backoff_max_s),
            bus_retry_s=_float(env, "BFF_BUS_RETRY_S", cls.bus_retry_s),
            public_cache_ttl_s=_float(env, "BFF_PUBLIC_CACHE_TTL_S", cls.public_cache_ttl_s),
            public_cache_mb=_float(env, "BFF_PUBLIC_CACHE_MB", cls.public_cache_mb),
            http_max_age_s=_int(env, "BFF_HTTP_MAX_AGE_S", cls.http_max_age_s),
            http_stale_while_revalidate_s=_int(env, "BFF_HTTP_STALE_WHILE_REVALIDATE_S",
                                               cls.http_stale_while_revalidate_s),
            oauth_clients=_list(env, "BFF_OAUTH_CLIENTS"),
            export_link_ttl_s=_int(env, "BFF_EXPORT_LINK_TTL_S", cls.export_link_ttl_s),
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
