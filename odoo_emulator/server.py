"""The emulator's HTTP face: Odoo 18's JSON-RPC routes over aiohttp, bound to 127.0.0.1 only.

Routes (shapes, statuses and cookies as recorded in protocol.md):

* ``POST /web/webclient/version_info``, ``/web/session/authenticate``, ``/web/session/get_session_info``,
  ``/web/session/destroy``, ``/web/dataset/call_kw`` and ``/web/dataset/call_kw/<anything>`` (session cookie);
* ``POST /jsonrpc``: services ``common`` (version, login, authenticate), ``object`` (execute_kw, execute) and
  ``db`` (everything refused with AccessDenied but ``server_version``, as with ``list_db = False``);
* ``GET /websocket/health`` -> ``{"status": "pass"}``;
* ``GET /websocket`` and ``POST /websocket/peek_notifications``: the bus (``odoo_emulator.bus_ws``);
* ``GET /web/image/...``: stored images, resized, placeholder for what cannot be given
  (``odoo_emulator.image_routes``);
* ``GET /my/orders/<id>?access_token=``: a sale order's portal (payment) page (``odoo_emulator.portal_routes``).

A JSON route called with GET or a non-JSON content type answers HTTP 400 HTML, an unknown path HTTP 404 HTML,
and every application error HTTP 200 with a JSON-RPC ``error`` member (``_error_payload``): code 200 "Odoo
Server Error", 100 "Odoo Session Expired" or 404, and ``data`` = name/debug/message/arguments/context.
``data.debug`` is a traceback text that always starts with "Traceback (most recent call last):" (a clearly
fake one for Odoo exceptions, the real one for unexpected emulator errors); the BFF must never forward it.

``EmulatorServer`` runs the app and adds latency injection, a call log and outage simulation for tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as _dt
import json
import logging
import signal
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from odoo_emulator.bus_ws import HUB, add_bus_routes, peek_notifications
from odoo_emulator.exceptions import (
    AccessDenied,
    AccessError,
    JSONDecodeError,
    ModelNotFound,
    OdooException,
    PythonTypeError,
    SessionExpired,
    UserError,
)
from odoo_emulator.image_routes import add_image_routes
from odoo_emulator.portal_routes import add_portal_routes
from odoo_emulator.sessions import SESSION_COOKIE, Session, SessionStore, session_cookie_header

if TYPE_CHECKING:
    from odoo_emulator.database import Database

_logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
JSON_CONTENT_TYPES = frozenset({"application/json", "application/json-rpc"})
_NO_RESULT = object()  # /web/session/destroy answers without a "result" key
_NOT_FOUND_TEXT = (
    "404 Not Found: The requested URL was not found on the server. "
    "If you entered the URL manually please check your spelling and try again."
)


class _DatabaseMissing(OdooException):
    """What ``/jsonrpc`` leaks when asked for a database this server does not have."""

    odoo_name = "psycopg2.OperationalError"


class _UnknownService(OdooException):
    odoo_name = "builtins.NameError"


@dataclass(frozen=True)
class CallRecord:
    """One JSON-RPC request, logged on arrival (before it is checked).

    ``route`` is the route's rule (``/web/dataset/call_kw`` whatever the URL suffix, ``/jsonrpc``, ...).
    ``model``/``method`` are the ORM model and method for call_kw and ``object.execute_kw``/``execute``; for
    the other ``/jsonrpc`` services ``method`` is ``"<service>.<method>"`` (e.g. ``"common.login"``); for the
    session routes both are None. ``uid`` is the session's user (or the uid claimed in execute_kw);
    ``at`` is ``time.monotonic()``.
    """

    route: str
    model: str | None
    method: str | None
    uid: int | None
    at: float


@dataclass
class EmulatorState:
    """Everything an app instance shares between requests; ``latency_ms`` may change at run time."""

    db: Database
    latency_ms: float = 0.0
    calls: list[CallRecord] = field(default_factory=list)
    sessions: SessionStore = field(default_factory=SessionStore)


STATE: web.AppKey[EmulatorState] = web.AppKey("odoo_emulator_state", EmulatorState)


@dataclass
class _Ctx:
    state: EmulatorState
    session: Session | None
    new_sid: str | None = None  # set by a handler to (re)issue the session cookie

    @property
    def uid(self) -> int | None:
        return self.session.uid if self.session else None

    def logged_in(self) -> Session:
        """The authenticated session; one whose user changed password, login or active flag has expired."""
        if self.session is None or not self.session.is_authenticated:
            raise SessionExpired()
        if self.session.token is not None and self.session.token != self.state.db.session_token(self.session.uid):
            self.state.sessions.destroy(self.session.sid)
            raise SessionExpired()
        return self.session


# --------------------------------------------------------------------------------------------- envelopes


def _json_default(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, _dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _qualified_name(exc: BaseException) -> str:
    if isinstance(exc, OdooException):
        return exc.odoo_name
    return f"{type(exc).__module__}.{type(exc).__qualname__}"


def _fake_traceback(exc: BaseException) -> str:
    if not isinstance(exc, OdooException):  # an emulator bug: show where it really happened
        return "".join(traceback.format_exception(exc))
    return (
        "Traceback (most recent call last):\n"
        '  File "<odoo-emulator>/odoo/http.py", line 1, in _serve_db\n'
        "    (emulated traceback: Odoo always sends one; clients must not show or forward it)\n"
        f"{exc.odoo_name}: {exc.message}\n"
    )


def _error_payload(req_id: Any, exc: BaseException) -> dict[str, Any]:
    code = exc.code if isinstance(exc, OdooException) else 200
    message = exc.message if isinstance(exc, OdooException) else str(exc)
    if isinstance(exc, ModelNotFound):
        message = message or _NOT_FOUND_TEXT
    arguments = [] if code == 404 else [message]
    if code in (100, 404) or isinstance(exc, JSONDecodeError):
        req_id = None  # Odoo does not echo the id for these
    title = {100: "Odoo Session Expired", 404: "404: Not Found"}.get(code, "Odoo Server Error")
    data = {
        "name": _qualified_name(exc),
        "debug": _fake_traceback(exc),
        "message": message,
        "arguments": arguments,
        "context": {},
    }
    return {"jsonrpc": "2.0", "id": req_id, "error": {"code": code, "message": title, "data": data}}


def _result_payload(req_id: Any, result: Any) -> dict[str, Any]:
    if result is _NO_RESULT or result is None:  # Odoo's JSON-RPC dispatcher omits a None result
        return {"jsonrpc": "2.0", "id": req_id}
    return {"jsonrpc": "2.0", "id": req_id, "result": result}


def _dump(payload: dict[str, Any]) -> bytes:
    try:
        return json.dumps(payload, default=_json_default, ensure_ascii=False).encode()
    except (TypeError, ValueError) as exc:  # an ORM result that is not JSON: report it, do not crash
        return json.dumps(_error_payload(payload.get("id"), exc)).encode()


def _decode_body(raw: bytes) -> tuple[Any, dict[str, Any]]:
    """Return (request id, params) of a JSON-RPC body, raising as Odoo does on bad input."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise JSONDecodeError(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise JSONDecodeError(str(exc)) from None
    if not isinstance(body, dict):
        raise PythonTypeError(f"'{type(body).__name__}' object is not a JSON-RPC request object")
    params = body.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise PythonTypeError(f"'{type(params).__name__}' object is not a mapping")
    return body.get("id"), params


def _html(status: int, title: str, text: str) -> web.Response:
    page = f"<!doctype html>\n<html lang=en>\n<title>{status} {title}</title>\n<h1>{title}</h1>\n<p>{text}</p>\n"
    return web.Response(status=status, text=page, content_type="text/html", charset="utf-8")


def _html_400(rule: str) -> web.Response:
    return _html(
        400,
        "Bad Request",
        f"Request inferred type is compatible with [&#39;http&#39;] but &#39;{rule}&#39; is type=&#39;json&#39;.",
    )


def _require(fname: str, params: dict[str, Any], names: tuple[str, ...]) -> list[Any]:
    """Fetch required keyword params like a Python call does (unknown params are ignored, as Odoo does)."""
    missing = [n for n in names if n not in params]
    if missing:
        quoted = [f"'{n}'" for n in missing]
        listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
        plural = "argument" if len(missing) == 1 else "arguments"
        raise PythonTypeError(f"{fname}() missing {len(missing)} required positional {plural}: {listed}")
    return [params[n] for n in names]


# ---------------------------------------------------------------------------------------- ORM entry


def _execute(
    db: Database, uid: int, model: Any, method: Any, args: Any, kwargs: Any, session: dict | None = None
) -> Any:
    """Validate the call's shape as Python would, then run it in the Database."""
    if not isinstance(model, str) or not isinstance(method, str):
        raise PythonTypeError("model and method must be strings")
    if not isinstance(args, list):
        raise PythonTypeError(f"call_kw() argument after * must be an iterable, not {type(args).__name__}")
    if not isinstance(kwargs, dict):
        raise PythonTypeError(f"call_kw() argument after ** must be a mapping, not {type(kwargs).__name__}")
    if session is None:
        return db.execute(uid, model, method, args, kwargs)  # unknown model -> 404, "_private" -> AccessError
    with db.web_session(session):  # the call sees (and may update) the web session's values
        return db.execute(uid, model, method, args, kwargs)


def _check_db(db: Database, name: Any, *, web_route: bool) -> None:
    if name == db.name:
        return
    if web_route:
        raise AccessError("Database not found.")
    raise _DatabaseMissing(f'connection to server failed: FATAL:  database "{name}" does not exist')


def _arity(fname: str, args: list[Any], low: int, high: int) -> None:
    if not low <= len(args) <= high:
        expected = str(low) if low == high else f"from {low} to {high}"
        raise PythonTypeError(f"{fname}() takes {expected} positional arguments but {len(args)} were given")


def _dispatch_jsonrpc(db: Database, service: Any, method: Any, args: Any) -> Any:
    """The stateless external API (``odoo.service.*``): credentials travel with every call."""
    if not isinstance(args, list):
        raise PythonTypeError(f"argument after * must be an iterable, not {type(args).__name__}")
    if service == "common":
        if method == "version":
            return db.version_info()
        if method in ("login", "authenticate"):
            _arity(f"exp_{method}", args, 3 if method == "login" else 4, 3 if method == "login" else 4)
            _check_db(db, args[0], web_route=False)
            try:
                return db.authenticate(args[1], args[2])
            except AccessDenied:
                return False
        if method == "about":
            return "See http://openerp.com"
        raise _UnknownService(f"Unknown method {method!r} of service 'common'")
    if service == "object":
        if method not in ("execute_kw", "execute"):
            raise _UnknownService(f"Unknown method {method!r} of service 'object'")
        _arity(f"exp_{method}", args, 5, 7 if method == "execute_kw" else 5 + 10**6)
        db_name, uid, password, model, orm_method, *rest = args
        _check_db(db, db_name, web_route=False)
        if not isinstance(uid, int) or isinstance(uid, bool):
            raise AccessDenied()
        db.check_credentials(uid, password)
        if method == "execute_kw":
            call_args = rest[0] if rest else []
            kwargs = rest[1] if len(rest) > 1 and rest[1] is not None else {}
        else:
            call_args, kwargs = list(rest), {}
        try:
            return _execute(db, uid, model, orm_method, call_args, kwargs)
        except ModelNotFound:  # the external API reports an unknown model as a UserError with the id echoed
            raise UserError(f"Object {model} doesn't exist") from None
    if service == "db":
        if method == "server_version":
            return db.version_info()["server_version"]
        raise AccessDenied()
    raise _UnknownService(f"Unknown service {service!r}")


# ----------------------------------------------------------------------------------------- handlers
# A handler gets the context and the params, returns the result; ``describe`` tells the call log what
# the request is about before it is checked.

_Describe = Callable[[_Ctx, dict[str, Any]], tuple[str | None, str | None, int | None]]
_Handler = Callable[[_Ctx, dict[str, Any]], Any]


def _describe_session(ctx: _Ctx, params: dict[str, Any]) -> tuple[str | None, str | None, int | None]:
    return None, None, ctx.uid


def _describe_call_kw(ctx: _Ctx, params: dict[str, Any]) -> tuple[str | None, str | None, int | None]:
    model, method = params.get("model"), params.get("method")
    return (model if isinstance(model, str) else None, method if isinstance(method, str) else None, ctx.uid)


def _describe_jsonrpc(ctx: _Ctx, params: dict[str, Any]) -> tuple[str | None, str | None, int | None]:
    service, method, args = params.get("service"), params.get("method"), params.get("args")
    args = args if isinstance(args, list) else []
    if service == "object" and len(args) >= 5:
        uid = args[1] if isinstance(args[1], int) and not isinstance(args[1], bool) else None
        model = args[3] if isinstance(args[3], str) else None
        return model, args[4] if isinstance(args[4], str) else None, uid
    return None, f"{service}.{method}", None


def _version_info(ctx: _Ctx, params: dict[str, Any]) -> Any:
    return ctx.state.db.version_info()


def _authenticate(ctx: _Ctx, params: dict[str, Any]) -> Any:
    db_name, login, password = _require("Session.authenticate", params, ("db", "login", "password"))
    db = ctx.state.db
    _check_db(db, db_name, web_route=True)
    uid = db.authenticate(login, password, interactive=True)  # an API key is no password here
    ctx.session = ctx.state.sessions.rotate(ctx.session.sid if ctx.session else None, uid, login, db.name)
    ctx.session.token = db.session_token(uid)
    ctx.new_sid = ctx.session.sid
    return db.session_info(uid)


def _get_session_info(ctx: _Ctx, params: dict[str, Any]) -> Any:
    session = ctx.logged_in()
    ctx.new_sid = session.sid  # Odoo sends the cookie again here
    return ctx.state.db.session_info(session.uid)  # type: ignore[arg-type]


def _destroy(ctx: _Ctx, params: dict[str, Any]) -> Any:
    session = ctx.logged_in()
    ctx.state.sessions.destroy(session.sid)
    ctx.session = ctx.state.sessions.new()
    ctx.new_sid = ctx.session.sid
    return _NO_RESULT


def _call_kw(ctx: _Ctx, params: dict[str, Any]) -> Any:
    uid = ctx.logged_in().uid
    model, method, args, kwargs = _require("DataSet.call_kw", params, ("model", "method", "args", "kwargs"))
    session = ctx.session.data if ctx.session else None
    return _execute(ctx.state.db, uid, model, method, args, kwargs, session)  # type: ignore[arg-type]


def _jsonrpc(ctx: _Ctx, params: dict[str, Any]) -> Any:
    service, method, args = _require("RPC.jsonrpc", params, ("service", "method", "args"))
    return _dispatch_jsonrpc(ctx.state.db, service, method, args)


def _json_route(
    rule: str, handler: _Handler, describe: _Describe, *, web_session: bool = True
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Wrap a handler: content type check, JSON decoding, session, call log, error envelope, latency."""

    async def endpoint(request: web.Request) -> web.StreamResponse:
        state = request.app[STATE]
        if request.content_type not in JSON_CONTENT_TYPES:  # like Odoo, the content type decides, not the verb
            return _html_400(rule)
        raw = await request.read()
        known = state.sessions.get(request.cookies.get(SESSION_COOKIE)) if web_session else None
        ctx = _Ctx(state=state, session=known)
        req_id: Any = None
        try:
            req_id, params = _decode_body(raw)
        except Exception as exc:
            state.calls.append(CallRecord(rule, None, None, ctx.uid, time.monotonic()))
            payload = _error_payload(req_id, exc)
        else:
            state.calls.append(CallRecord(rule, *describe(ctx, params), time.monotonic()))
            try:
                payload = _result_payload(req_id, handler(ctx, params))
            except Exception as exc:  # every failure is a JSON-RPC error, never an HTTP 500
                if not isinstance(exc, OdooException):
                    _logger.exception("unexpected error in %s", rule)
                payload = _error_payload(req_id, exc)
        if web_session and known is None and ctx.new_sid is None and "error" not in payload:
            ctx.new_sid = state.sessions.new().sid  # any cookie-less web caller gets an anonymous session
        if state.latency_ms > 0:
            await asyncio.sleep(state.latency_ms / 1000.0)
        response = web.Response(body=_dump(payload), content_type="application/json", charset="utf-8")
        if ctx.new_sid is not None:
            response.headers.add("Set-Cookie", session_cookie_header(ctx.new_sid))
        return response

    return endpoint


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "pass"})


async def _not_found(request: web.Request) -> web.Response:
    return _html(404, "Not Found", "The page you were looking for could not be found (Odoo emulator).")


def create_emulator_app(db: Database, *, latency_ms: float = 0) -> web.Application:
    """The aiohttp application serving ``db`` the way Odoo 18 serves a database over HTTP."""
    # 1 MiB bodies at most, answered with HTTP 413 beyond: what a real Odoo behind nginx's default
    # ``client_max_body_size 1m`` answers (aiohttp's default too, made explicit here).
    app = web.Application(client_max_size=1024**2)
    app[STATE] = EmulatorState(db=db, latency_ms=latency_ms)
    web_routes: list[tuple[str, _Handler, _Describe]] = [
        ("/web/webclient/version_info", _version_info, _describe_session),
        ("/web/session/authenticate", _authenticate, _describe_session),
        ("/web/session/get_session_info", _get_session_info, _describe_session),
        ("/web/session/destroy", _destroy, _describe_session),
    ]
    for rule, handler, describe in web_routes:
        app.router.add_route("*", rule, _json_route(rule, handler, describe))
    call_kw = _json_route("/web/dataset/call_kw", _call_kw, _describe_call_kw)
    app.router.add_route("*", "/web/dataset/call_kw", call_kw)
    app.router.add_route("*", "/web/dataset/call_kw/{path:.*}", call_kw)
    app.router.add_route("*", "/jsonrpc", _json_route("/jsonrpc", _jsonrpc, _describe_jsonrpc, web_session=False))
    app.router.add_get("/websocket/health", _health)
    peek = "/websocket/peek_notifications"
    app.router.add_route("*", peek, _json_route(peek, peek_notifications, _describe_session))
    add_bus_routes(app, db)
    add_image_routes(app)
    add_portal_routes(app)
    app.router.add_route("*", "/{tail:.*}", _not_found)
    return app


# ------------------------------------------------------------------------------------------- runner


class EmulatorServer:
    """Runs ``create_emulator_app(db)`` on 127.0.0.1 and lets a test steer it.

    ``port=0`` picks a free port at ``start()``; ``url``/``port`` are then the real ones. ``pause()`` stops
    listening and closes open connections, websockets included without a close frame (clients get "connection
    refused", like an Odoo outage);
    ``resume()`` listens again on the same port. ``latency_ms`` can be changed at any time.
    """

    def __init__(
        self,
        db: Database | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: float = 0,
    ) -> None:
        if host not in LOOPBACK_HOSTS:
            raise ValueError(f"the Odoo emulator binds the loopback interface only, not {host!r}")
        if db is None:
            from odoo_emulator.database import Database

            db = Database(name="customk9")
        self.db: Database = db
        self.host = "127.0.0.1" if host == "localhost" else host
        self.port = port
        self.app = create_emulator_app(db, latency_ms=latency_ms)
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    @property
    def _state(self) -> EmulatorState:
        return self.app[STATE]

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def latency_ms(self) -> float:
        return self._state.latency_ms

    @latency_ms.setter
    def latency_ms(self, value: float) -> None:
        self._state.latency_ms = float(value)

    @property
    def calls(self) -> list[CallRecord]:
        return self._state.calls

    @property
    def sessions(self) -> SessionStore:
        return self._state.sessions

    @property
    def running(self) -> bool:
        return self._site is not None

    def clear_calls(self) -> None:
        self._state.calls.clear()

    def calls_to(
        self, model: str | None = None, method: str | None = None, *, route: str | None = None
    ) -> list[CallRecord]:
        """The logged calls matching every filter given (None matches anything)."""
        return [
            c
            for c in self._state.calls
            if (model is None or c.model == model)
            and (method is None or c.method == method)
            and (route is None or c.route == route)
        ]

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("emulator already started")
        self._runner = web.AppRunner(self.app, handle_signals=False, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await self._listen()

    async def _listen(self) -> None:
        assert self._runner is not None
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self._site = site
        self.port = site.port

    async def pause(self) -> None:
        """Stop listening and drop every open connection; in-flight requests get at most 0.5 s to finish."""
        if self._runner is None or self._site is None:
            return
        await self._site.stop()
        self._site = None
        self.app[HUB].abort_all()
        server = self._runner.server
        if server is not None:
            server.pre_shutdown()
            await server.shutdown(0.5)

    def refuse_websockets(self, status: int | None = 403) -> None:
        """Answer ``/websocket`` upgrades with HTTP ``status`` (a proxy that blocks them); None: allow again."""
        self.app[HUB].refuse_status = status

    async def resume(self) -> None:
        """Listen again on the same port after ``pause()``."""
        if self._runner is None:
            raise RuntimeError("emulator not started")
        if self._site is None:
            await self._listen()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None
        self._site = None

    async def __aenter__(self) -> EmulatorServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()


def run_emulator(
    host: str,
    port: int,
    latency_ms: float,
    *,
    db: Database | None = None,
    on_started: Callable[[EmulatorServer], Awaitable[None]] | None = None,
) -> None:
    """Serve until Ctrl-C or SIGTERM (for the CLI); ``on_started`` runs once listening (seed, print the URL)."""

    async def main() -> None:
        server = EmulatorServer(db, host=host, port=port, latency_ms=latency_ms)
        await server.start()
        try:
            _logger.info("Odoo 18 emulator listening on %s (db %s)", server.url, server.db.name)
            if on_started is not None:
                await on_started(server)
            stopping = asyncio.Event()
            with contextlib.suppress(NotImplementedError):  # SIGTERM stops as cleanly as Ctrl-C
                asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
            await stopping.wait()
        finally:
            await server.stop()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
