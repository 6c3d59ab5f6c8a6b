"""The only module that speaks Odoo's wire protocol (JSON-RPC over HTTP, Odoo 17/18).

Two ways to act as the integration account, chosen by the settings:

* API key: every call goes to ``/jsonrpc`` as ``object.execute_kw(db, uid, key, model, method, args,
  kwargs)``; the uid comes once from ``common.authenticate``.
* Password: one ``/web/session/authenticate`` (about 340 ms on a real Odoo, so once per process), then
  ``/web/dataset/call_kw/<model>/<method>`` with the ``session_id`` cookie, which Odoo rotates on every
  log-in. When Odoo answers code 100 (session expired) the client logs in again once and repeats the call.

Every call goes through one aiohttp pool with keep-alive, a bound on concurrent calls, a timeout, a
check of the JSON-RPC id, and one place that maps Odoo's ``error.data.name`` into ``bff.errors``.
Idempotent reads are retried on transport failures; writes never are. The typed ORM methods
(``search_read``, ``search_page``, ``create``...) are in ``bff.odoo_orm``; they shape arguments for ``call``.

A slow or sick Odoo must not make clients wait without bound: waiting for a connection slot or for the
integration log-in counts against the request's deadline (``bff.deadline``), each call's timeout is the
smaller of ``ODOO_TIMEOUT_S`` and the time left, and a circuit breaker (``bff.circuit_breaker``) fails
fast with ``ODOO_UNAVAILABLE`` and a ``retryAfter`` after repeated transport failures or when the
integration account cannot log in. Failure warnings are rate-limited (``bff.log_throttle``).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from typing import TYPE_CHECKING, Any

import aiohttp
import orjson

from bff import deadline
from bff.circuit_breaker import CircuitBreaker
from bff.errors import (
    CircuitOpen,
    DeadlineExceeded,
    IntegrationLoginFailed,
    OdooAccessDenied,
    OdooError,
    OdooProtocolError,
    OdooRequestTooLarge,
    OdooSessionExpired,
    OdooUnavailable,
    OdooUnreachable,
    odoo_error_from_payload,
)
from bff.log_throttle import ThrottledLog
from bff.metrics import Metrics
from bff.observability import count_odoo_call
from bff.odoo_orm import OrmMethods, ServerInfo

if TYPE_CHECKING:
    from bff.public_reads import PublicReads

log = logging.getLogger("bff.odoo")

_READ_METHODS = frozenset({"search_read", "read", "search", "search_count", "read_group", "fields_get",
                           "name_search", "web_search_read", "web_read", "default_get"})


class OdooClient(OrmMethods):
    """An async JSON-RPC client for one Odoo database, acting as one account."""

    def __init__(
        self,
        *,
        url: str,
        db: str,
        login: str,
        password: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 10.0,
        max_concurrency: int = 8,
        retries: int = 1,
        metrics: Metrics | None = None,
        breaker: CircuitBreaker | None = None,
        integration: bool = True,
    ) -> None:
        if not (password or api_key):
            raise ValueError("OdooClient needs a password or an API key")
        self.url = url.rstrip("/")
        self.db = db
        self.login = login
        self._password = password
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._max_concurrency = max_concurrency
        self._retries = retries
        self.metrics = metrics or Metrics()
        self._ids = itertools.count(1)
        self._http: aiohttp.ClientSession | None = None
        self._uid: int | None = None
        self._login_lock = asyncio.Lock()
        self._login_generation = 0
        self.server_info: ServerInfo | None = None
        self.breaker = breaker or CircuitBreaker()
        self._integration = integration  # False for ``as_user`` clients: a wrong password is not an outage
        self._warnings = ThrottledLog(log)  # one line per kind of failure per 10 s, whatever the traffic
        self._closed = False
        self.public_reads: PublicReads | None = None  # never on ``as_user`` clients: their reads are private

    # -- lifecycle -------------------------------------------------------------------------------

    async def __aenter__(self) -> OdooClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _session(self) -> aiohttp.ClientSession:
        if self._closed:  # a straggler after close() must not open a pool nobody will close
            raise OdooUnavailable("the Odoo client was closed")
        if self._http is None or self._http.closed:
            connector = aiohttp.TCPConnector(limit=self._max_concurrency, keepalive_timeout=30)
            # unsafe=True: Odoo is often addressed by IP (127.0.0.1), whose cookies aiohttp drops otherwise.
            self._http = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True))
        return self._http

    async def close(self) -> None:
        self._closed = True
        if self._http is not None:
            await self._http.close()
            self._http = None

    @property
    def uid(self) -> int | None:
        return self._uid

    # -- transport -------------------------------------------------------------------------------

    async def _post(self, model: str, method: str, path: str, params: dict[str, Any]) -> Any:
        """One JSON-RPC round trip; returns ``result`` or raises the mapped ``OdooError``.

        The connection slot is awaited within the request's deadline; the breaker is asked again once the
        slot is free (it may have opened meanwhile: then the call fails fast instead of sending); the call's
        timeout is what is left of the deadline, capped by ``ODOO_TIMEOUT_S``.
        """
        request_id = next(self._ids)
        body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": request_id}
        async with deadline.acquire(self._semaphore):
            self.breaker.raise_if_open()
            self.metrics.odoo_calls.inc(model, method)  # counted when sent, never when failed fast
            count_odoo_call()
            timeout = deadline.call_timeout(self._timeout_s)
            payload = await self._exchange(path, body, timeout)
        if not isinstance(payload, dict):
            raise OdooProtocolError("Odoo sent a JSON-RPC answer that is not an object")
        if "error" in payload:
            # Odoo sends a null id on some errors (no session, unknown model): accept null, not another id.
            if payload.get("id") not in (request_id, None):
                raise OdooProtocolError("JSON-RPC id mismatch in an error answer")
            raise odoo_error_from_payload(payload["error"] or {})
        if payload.get("id") != request_id:
            raise OdooProtocolError("JSON-RPC id mismatch")
        return payload.get("result")

    async def _exchange(self, path: str, body: dict[str, Any], timeout: deadline.CallTimeout) -> Any:
        """The HTTP part of ``_post``: the decoded JSON body, or the transport failure as an exception."""
        try:
            async with self._session().post(self.url + path, json=body,
                                            timeout=aiohttp.ClientTimeout(total=timeout.seconds)) as resp:
                if resp.status == 413:
                    raise OdooRequestTooLarge()
                if resp.status >= 500:
                    raise OdooUnreachable(f"Odoo answered HTTP {resp.status}")
                if resp.status != 200 or "json" not in resp.headers.get("Content-Type", ""):
                    raise OdooProtocolError(f"Odoo answered HTTP {resp.status} on {path}, not JSON-RPC")
                return orjson.loads(await resp.read())  # (a ValueError when it is not JSON)
        except TimeoutError as exc:
            if timeout.cut_by_deadline:  # the request ran out of time, Odoo was not necessarily slow
                raise DeadlineExceeded() from exc
            raise OdooUnreachable(f"Odoo did not answer within {timeout.seconds:g} s") from exc
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
            raise OdooUnreachable(f"Odoo did not answer: {type(exc).__name__}") from exc
        except ValueError as exc:
            raise OdooProtocolError("Odoo sent a body that is not JSON") from exc

    async def _timed(self, model: str, method: str, path: str, params: dict[str, Any]) -> Any:
        with self.breaker.guard():  # an open breaker raises CircuitOpen here: nothing sent, nothing counted
            started = time.perf_counter()
            try:
                return await self._post(model, method, path, params)
            except CircuitOpen:  # it opened while this call queued; the first failures were logged
                raise
            except OdooError as exc:
                self.metrics.odoo_errors.inc(model, method, type(exc).__name__)
                self._warnings.warning((model, method, type(exc).__name__), "odoo %s.%s failed: %s (%s)",
                                         model, method, type(exc).__name__, exc.odoo_name or "-")
                raise
            finally:
                elapsed = time.perf_counter() - started
                self.metrics.odoo_seconds.observe(elapsed, model, method)
                log.debug("odoo %s.%s %.1f ms", model, method, elapsed * 1000)

    # -- authentication --------------------------------------------------------------------------

    async def _log_in(self, seen_generation: int) -> None:
        """Log the account in, once even when many calls found the session expired.

        For the integration account, refused credentials are an outage for every client: the breaker
        opens (clients get ``ODOO_UNAVAILABLE`` with ``retryAfter``, Odoo is asked again once per
        ``reset_s``) and one warning is logged per interval, however many requests are refused.
        """
        async with deadline.acquire(self._login_lock):
            if self._login_generation != seen_generation and self._uid is not None:
                return
            try:
                uid = await self._authenticate()
            except (OdooUnavailable, OdooProtocolError):
                raise
            except OdooError as exc:  # e.g. a database that does not exist: the account cannot log in either
                if not (self._integration or isinstance(exc, OdooAccessDenied)):
                    raise
                uid = None
            if not isinstance(uid, int) or isinstance(uid, bool):
                if not self._integration:
                    raise OdooAccessDenied("Odoo refused this login and password")
                self.breaker.trip()
                self._warnings.warning("integration-login", "the integration account %r cannot log in to Odoo "
                                       "(wrong %s?); failing fast for %g s", self.login,
                                       "API key" if self._api_key else "password", self.breaker.reset_s)
                raise IntegrationLoginFailed(retry_after_s=self.breaker.retry_after())
            self._uid = uid
            self._login_generation += 1

    async def _authenticate(self) -> Any:
        if self._api_key:
            return await self._timed("", "authenticate", "/jsonrpc", {
                "service": "common", "method": "authenticate", "args": [self.db, self.login, self._api_key, {}]})
        info = await self._timed("", "authenticate", "/web/session/authenticate", {
            "db": self.db, "login": self.login, "password": self._password})
        return info.get("uid") if isinstance(info, dict) else None

    def as_user(self, login: str, password: str) -> OdooClient:
        """A short-lived client acting as another Odoo user with their own password.

        For the few calls Odoo only allows a user on themself (``change_password``). It goes through the
        stateless ``/jsonrpc`` (which takes a password wherever it takes an API key), so Odoo creates no web
        session for it. It shares this client's metrics and breaker; close it after use.
        """
        user = OdooClient(url=self.url, db=self.db, login=login, api_key=password,
                          timeout_s=self._timeout_s, max_concurrency=2, retries=0,
                          metrics=self.metrics, breaker=self.breaker, integration=False)
        user._warnings = self._warnings
        return user

    async def verify_password(self, login: str, password: str) -> int | None:
        """The uid when Odoo accepts ``login``/``password``, else ``None``.

        ``/jsonrpc`` ``common.authenticate`` answers the uid or ``false`` and, unlike
        ``/web/session/authenticate``, leaves no web session behind (a real Odoo keeps a session file per
        log-in that nothing removes).
        """
        uid = await self._timed("", "authenticate", "/jsonrpc", {
            "service": "common", "method": "authenticate", "args": [self.db, login, password, {}]})
        return uid if isinstance(uid, int) and not isinstance(uid, bool) and uid > 0 else None

    async def bus_peek(self, channels: list[str], *, last: int = 0) -> list[dict[str, Any]]:
        """The stored bus notifications on ``channels`` after ``last`` (``/websocket/peek_notifications``;
        ``last=0``: those of the last ~50 s). Public route: no log-in needed, any session works."""
        result = await self._timed("bus.bus", "peek_notifications", "/websocket/peek_notifications",
                                   {"channels": channels, "last": last, "is_first_poll": True})
        if not isinstance(result, dict) or not isinstance(result.get("notifications"), list):
            raise OdooProtocolError("peek_notifications answered no notifications")
        return result["notifications"]

    async def version_info(self) -> dict[str, Any]:
        result = await self._timed("", "version_info", "/web/webclient/version_info", {})
        if not isinstance(result, dict):
            raise OdooProtocolError("version_info answered no object")
        return result

    async def detect(self) -> ServerInfo:
        """Read the version and the installed modules once; later calls return the cached answer."""
        if self.server_info is not None:
            return self.server_info
        version = await self.version_info()
        rows = await self.search_read("ir.module.module", [("state", "=", "installed")], fields=["name"])
        info_tuple = version.get("server_version_info") or [0]
        self.server_info = ServerInfo(
            version=str(version.get("server_version", "")),
            serie=str(version.get("server_serie", "")),
            major=int(info_tuple[0]) if info_tuple and isinstance(info_tuple[0], int) else 0,
            modules=frozenset(row["name"] for row in rows),
        )
        log.info("odoo %s with %d modules installed", self.server_info.version, len(self.server_info.modules))
        return self.server_info

    # -- the generic call ------------------------------------------------------------------------

    async def call(self, model: str, method: str, args: list[Any] | None = None,
                   kwargs: dict[str, Any] | None = None) -> Any:
        """Call ``model.method(*args, **kwargs)`` as the integration account (public reads may be answered
        by the shared cache, ``bff.public_reads``, when ``create_app`` installed one)."""
        args = list(args or [])
        kwargs = dict(kwargs or {})
        if self.public_reads is not None:
            return await self.public_reads.call(model, method, args, kwargs, self._call)
        return await self._call(model, method, args, kwargs)

    async def _call(self, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        attempts = 1 + (self._retries if method in _READ_METHODS else 0)
        relogged = False
        for attempt in range(attempts):
            generation = self._login_generation
            if self._uid is None:
                await self._log_in(generation)
                generation = self._login_generation
            try:
                return await self._call_once(model, method, args, kwargs)
            except OdooSessionExpired:
                if relogged:
                    raise
                relogged = True
                await self._log_in(generation)
                return await self._call_once(model, method, args, kwargs)
            except OdooUnreachable:  # not a deadline or an open breaker: those would only fail again
                if attempt + 1 >= attempts:
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _call_once(self, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        if self._api_key:
            return await self._timed(model, method, "/jsonrpc", {
                "service": "object", "method": "execute_kw",
                "args": [self.db, self._uid, self._api_key, model, method, args, kwargs]})
        return await self._timed(model, method, f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": args, "kwargs": kwargs})
