"""The only module that speaks Odoo's wire protocol (JSON-RPC over HTTP, Odoo 17/18).

Two ways to act as the integration account, chosen by the settings:

* API key: every call goes to ``/jsonrpc`` as ``object.execute_kw(db, uid, key, model, method, args,
  kwargs)``; the uid comes once from ``common.authenticate``.
* Password: one ``/web/session/authenticate`` (about 340 ms on a real Odoo, so once per process), then
  ``/web/dataset/call_kw/<model>/<method>`` with the ``session_id`` cookie, which Odoo rotates on every
  log-in. When Odoo answers code 100 (session expired) the client logs in again once and repeats the call.

Every call goes through one aiohttp pool with keep-alive, a bound on concurrent calls, a timeout, a
check of the JSON-RPC id, and one place that maps Odoo's ``error.data.name`` into ``bff.errors``.
Idempotent reads are retried on transport failures; writes never are. Reads of translated texts take a
``lang`` (an installed Odoo code) sent as ``context.lang``.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bff.errors import (
    OdooAccessDenied,
    OdooError,
    OdooProtocolError,
    OdooRequestTooLarge,
    OdooSessionExpired,
    OdooUnavailable,
    odoo_error_from_payload,
)
from bff.metrics import Metrics

log = logging.getLogger("bff.odoo")

Domain = list[Any]
_READ_METHODS = frozenset({"search_read", "read", "search", "search_count", "read_group", "fields_get",
                           "name_search", "web_search_read", "web_read", "default_get"})


@dataclass(frozen=True)
class ServerInfo:
    """What the Odoo instance is and has, detected once."""

    version: str
    serie: str
    major: int
    modules: frozenset[str] = field(default_factory=frozenset)

    def has(self, module: str) -> bool:
        return module in self.modules


class OdooClient:
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
    ) -> None:
        if not (password or api_key):
            raise ValueError("OdooClient needs a password or an API key")
        self.url = url.rstrip("/")
        self.db = db
        self.login = login
        self._password = password
        self._api_key = api_key
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
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

    # -- lifecycle -------------------------------------------------------------------------------

    async def __aenter__(self) -> OdooClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _session(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            connector = aiohttp.TCPConnector(limit=self._max_concurrency, keepalive_timeout=30)
            # unsafe=True: Odoo is often addressed by IP (127.0.0.1), whose cookies aiohttp drops otherwise.
            self._http = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True))
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
            self._http = None

    @property
    def uid(self) -> int | None:
        return self._uid

    # -- transport -------------------------------------------------------------------------------

    async def _post(self, path: str, params: dict[str, Any]) -> Any:
        """One JSON-RPC round trip; returns ``result`` or raises the mapped ``OdooError``."""
        request_id = next(self._ids)
        body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": request_id}
        try:
            async with self._semaphore:
                async with self._session().post(self.url + path, json=body, timeout=self._timeout) as resp:
                    if resp.status == 413:
                        raise OdooRequestTooLarge()
                    if resp.status >= 500:
                        raise OdooUnavailable(f"Odoo answered HTTP {resp.status}")
                    if resp.status != 200 or "json" not in resp.headers.get("Content-Type", ""):
                        raise OdooProtocolError(f"Odoo answered HTTP {resp.status} on {path}, not JSON-RPC")
                    payload = await resp.json(content_type=None)
        except (TimeoutError, aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
            raise OdooUnavailable(f"Odoo did not answer: {type(exc).__name__}") from exc
        except ValueError as exc:
            raise OdooProtocolError("Odoo sent a body that is not JSON") from exc
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

    async def _timed(self, model: str, method: str, path: str, params: dict[str, Any]) -> Any:
        self.metrics.odoo_calls.inc(model, method)
        started = time.perf_counter()
        try:
            return await self._post(path, params)
        except OdooError as exc:
            self.metrics.odoo_errors.inc(model, method, type(exc).__name__)
            log.warning("odoo %s.%s failed: %s (%s)", model, method, type(exc).__name__, exc.odoo_name or "-")
            raise
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.odoo_seconds.observe(elapsed, method)
            log.debug("odoo %s.%s %.1f ms", model, method, elapsed * 1000)

    # -- authentication --------------------------------------------------------------------------

    async def _log_in(self, seen_generation: int) -> None:
        """Log the integration account in, once even when many calls found the session expired."""
        async with self._login_lock:
            if self._login_generation != seen_generation and self._uid is not None:
                return
            if self._api_key:
                uid = await self._timed("", "authenticate", "/jsonrpc", {
                    "service": "common", "method": "authenticate",
                    "args": [self.db, self.login, self._api_key, {}]})
            else:
                info = await self._timed("", "authenticate", "/web/session/authenticate", {
                    "db": self.db, "login": self.login, "password": self._password})
                uid = info.get("uid") if isinstance(info, dict) else None
            if not isinstance(uid, int) or isinstance(uid, bool):
                raise OdooAccessDenied("The integration account could not log in to Odoo")
            self._uid = uid
            self._login_generation += 1

    def as_user(self, login: str, password: str) -> OdooClient:
        """A short-lived client acting as another Odoo user with their own password.

        For the few calls Odoo only allows a user on themself (``change_password``). It goes through the
        stateless ``/jsonrpc`` (which takes a password wherever it takes an API key), so Odoo creates no web
        session for it. It shares this client's metrics; close it after use.
        """
        return OdooClient(url=self.url, db=self.db, login=login, api_key=password,
                          timeout_s=self._timeout.total or 10.0, max_concurrency=2, retries=0,
                          metrics=self.metrics)

    async def verify_password(self, login: str, password: str) -> int | None:
        """The uid when Odoo accepts ``login``/``password``, else ``None``.

        ``/jsonrpc`` ``common.authenticate`` answers the uid or ``false`` and, unlike
        ``/web/session/authenticate``, leaves no web session behind (a real Odoo keeps a session file per
        log-in that nothing removes).
        """
        uid = await self._timed("", "authenticate", "/jsonrpc", {
            "service": "common", "method": "authenticate", "args": [self.db, login, password, {}]})
        return uid if isinstance(uid, int) and not isinstance(uid, bool) and uid > 0 else None

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
        """Call ``model.method(*args, **kwargs)`` as the integration account."""
        args = list(args or [])
        kwargs = dict(kwargs or {})
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
            except OdooUnavailable:
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

    # -- typed ORM methods -----------------------------------------------------------------------

    async def search_read(self, model: str, domain: Domain, *, fields: list[str], limit: int | None = None,
                          offset: int = 0, order: str | None = None, lang: str | None = None,
                          ) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"domain": _wire_domain(domain), "fields": fields, "offset": offset,
                                  **_lang_context(lang)}
        if limit is not None:
            kwargs["limit"] = limit
        if order:
            kwargs["order"] = order
        return await self.call(model, "search_read", [], kwargs)

    async def search_page(self, model: str, domain: Domain, *, fields: list[str], many2one: frozenset[str],
                          limit: int, offset: int = 0, order: str | None = None, lang: str | None = None,
                          ) -> tuple[int, list[dict[str, Any]]]:
        """One page of rows and the total count of the domain.

        On Odoo 17+ this is one ``web_search_read`` (rows and count in one round trip); rows come back in
        ``search_read`` form (many2one as ``[id, name]``) whatever the version, so callers never see the
        difference. Older Odoo gets ``search_count`` plus ``search_read``.
        """
        info = self.server_info
        if info is not None and info.major < 17:
            total = await self.search_count(model, domain, lang=lang)
            rows = await self.search_read(model, domain, fields=fields, limit=limit, offset=offset, order=order,
                                          lang=lang)
            return total, rows
        spec: dict[str, Any] = {name: ({"fields": {"display_name": {}}} if name in many2one else {}) for name in fields}
        kwargs: dict[str, Any] = {"domain": _wire_domain(domain), "specification": spec, "offset": offset,
                                  "limit": limit, **_lang_context(lang)}
        if order:
            kwargs["order"] = order
        answer = await self.call(model, "web_search_read", [], kwargs)
        if not isinstance(answer, dict) or "records" not in answer:
            raise OdooProtocolError("web_search_read answered no records")
        rows = [_search_read_form(row, many2one) for row in answer["records"]]
        return int(answer.get("length", len(rows))), rows

    async def read(self, model: str, ids: list[int], *, fields: list[str], lang: str | None = None,
                   ) -> list[dict[str, Any]]:
        if not ids:
            return []
        return await self.call(model, "read", [list(ids)], {"fields": fields, **_lang_context(lang)})

    async def search(self, model: str, domain: Domain, *, limit: int | None = None, offset: int = 0,
                     order: str | None = None) -> list[int]:
        kwargs: dict[str, Any] = {"offset": offset}
        if limit is not None:
            kwargs["limit"] = limit
        if order:
            kwargs["order"] = order
        return await self.call(model, "search", [_wire_domain(domain)], kwargs)

    async def search_count(self, model: str, domain: Domain, *, lang: str | None = None) -> int:
        return await self.call(model, "search_count", [_wire_domain(domain)], _lang_context(lang))

    async def read_group(self, model: str, domain: Domain, *, fields: list[str], groupby: list[str],
                         lazy: bool = True, orderby: str | None = None) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"domain": _wire_domain(domain), "fields": fields, "groupby": groupby,
                                  "lazy": lazy}
        if orderby:
            kwargs["orderby"] = orderby
        return await self.call(model, "read_group", [], kwargs)

    async def create(self, model: str, values: dict[str, Any]) -> int:
        return await self.call(model, "create", [values], {})

    async def write(self, model: str, ids: list[int], values: dict[str, Any], *, lang: str | None = None) -> bool:
        """``lang``: the language translated texts in ``values`` are written in (only that one changes)."""
        return await self.call(model, "write", [list(ids), values], _lang_context(lang))

    async def unlink(self, model: str, ids: list[int]) -> bool:
        return await self.call(model, "unlink", [list(ids)], {})

    async def fields_get(self, model: str, *, attributes: list[str] | None = None) -> dict[str, Any]:
        return await self.call(model, "fields_get", [], {"attributes": attributes or ["type", "relation"]})

    # -- the bus over HTTP -----------------------------------------------------------------------

    async def bus_peek(self, channels: list[str], *, last: int = 0) -> list[dict[str, Any]]:
        """The stored bus notifications on ``channels`` after ``last`` (``/websocket/peek_notifications``;
        ``last=0``: those of the last ~50 s). Public route: no log-in needed, any session works."""
        result = await self._timed("bus.bus", "peek_notifications", "/websocket/peek_notifications",
                                   {"channels": channels, "last": last, "is_first_poll": True})
        if not isinstance(result, dict) or not isinstance(result.get("notifications"), list):
            raise OdooProtocolError("peek_notifications answered no notifications")
        return result["notifications"]


def _lang_context(lang: str | None) -> dict[str, Any]:
    """``context.lang`` for the reads of translated texts (an installed code: ``bff.languages`` checks it).
    Without it Odoo answers in en_US over ``/jsonrpc`` but in the account's language over a web session."""
    return {"context": {"lang": lang}} if lang else {}


def _search_read_form(row: dict[str, Any], many2one: frozenset[str]) -> dict[str, Any]:
    """``web_read`` gives many2one as ``{"id", "display_name"}``; turn it into ``[id, name]``."""
    for name in many2one:
        value = row.get(name)
        if isinstance(value, dict):
            row[name] = [value.get("id"), value.get("display_name") or ""]
    return row


def _wire_domain(domain: Domain) -> list[Any]:
    """Tuples become lists, as JSON has no tuples (Odoo accepts either)."""
    return [list(leaf) if isinstance(leaf, tuple) else leaf for leaf in domain]
