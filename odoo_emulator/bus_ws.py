"""Odoo 18's bus: ``GET /websocket`` and ``POST /websocket/peek_notifications``, as recorded in bus.md.

One connection, from handshake to close::

    GET /websocket ──no Origin header──▶ HTTP 400
        │ 101 + Set-Cookie session_id (the cookie's session, else a new anonymous one)
        ├─ browser User-Agent and ?version != 18.0-1 ──▶ close 1000 OUTDATED_VERSION
        ▼
    open ──subscribe {channels, last}──▶ channels replaced (+ "broadcast"); the position is taken from
        │                                 ``last`` only while it is 0 (``last`` above the newest id -> 0)
        │  a dispatch runs after each subscribe and after each notification on one of its channels:
        ├─ session destroyed or expired ──▶ close 4001
        └─ send one text frame [{"id", "message": {"type", "payload"}}, ...] of the rows with id > position
           (position 0: the rows of the last ``db.bus_replay_s`` seconds), position = the highest id sent
    ``update_presence``, bad JSON, unknown events and non-string channels: logged, no reply, nothing changes.
    ``BusHub.abort_all`` (``EmulatorServer.pause``) cuts every transport without a close frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .exceptions import PythonValueError, SessionExpired
from .sessions import SESSION_COOKIE, session_cookie_header

_logger = logging.getLogger(__name__)

WORKER_VERSION = "18.0-1"
SESSION_EXPIRED = 4001
_BROWSER = re.compile(r"(Chrome|Chromium|Firefox|Safari|Edg|OPR|Opera|MSIE|Trident)/")


@dataclass(eq=False)
class _Socket:
    ws: web.WebSocketResponse
    transport: asyncio.BaseTransport | None
    sid: str
    channels: frozenset[str] = frozenset()
    position: int = 0
    wake: asyncio.Event = field(default_factory=asyncio.Event)


class BusHub:
    """The open websockets of one emulator app, woken when the database appends bus rows."""

    def __init__(self) -> None:
        self.sockets: set[_Socket] = set()
        self.refuse_status: int | None = None  # set: answer upgrades with this HTTP status (a blocking proxy)
        self._loop: asyncio.AbstractEventLoop | None = None

    def attach(self, db: Any) -> None:
        self._loop = asyncio.get_running_loop()
        listeners = getattr(db, "bus_listeners", None)
        if listeners is not None:
            listeners.append(self.notified)

    def detach(self, db: Any) -> None:
        listeners = getattr(db, "bus_listeners", None)
        if listeners is not None and self.notified in listeners:
            listeners.remove(self.notified)

    def notified(self, rows: list[dict]) -> None:
        """Called by ``Database.bus_send`` (from any thread) with the new rows."""
        channels = {row["channel"] for row in rows}
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake, channels)

    def _wake(self, channels: set[str]) -> None:
        for sock in self.sockets:
            if sock.channels & channels:
                sock.wake.set()

    def abort_all(self) -> None:
        """Drop every connection as a network cut would: no close frame."""
        for sock in list(self.sockets):
            if sock.transport is not None:
                sock.transport.abort()


def _is_browser(user_agent: str) -> bool:
    return bool(_BROWSER.search(user_agent or ""))


def _frame(rows: list[dict]) -> str:
    return json.dumps([{"id": row["id"], "message": row["message"]} for row in rows])


def _session_valid(state: Any, sid: str) -> bool:
    session = state.sessions.get(sid)
    if session is None:
        return False
    if session.uid is not None and session.token is not None:
        return session.token == state.db.session_token(session.uid)
    return True


async def _dispatch(state: Any, sock: _Socket) -> bool:
    """Send what the socket has not seen; False when the socket was closed for an expired session."""
    if not _session_valid(state, sock.sid):
        await sock.ws.close(code=SESSION_EXPIRED, message=b"")
        return False
    rows = state.db.bus_since(sock.channels, sock.position)
    if rows:
        sock.position = max(row["id"] for row in rows)
        await sock.ws.send_str(_frame(rows))
    return True


async def _dispatcher(state: Any, sock: _Socket) -> None:
    while True:
        await sock.wake.wait()
        sock.wake.clear()
        if not await _dispatch(state, sock):
            return


def _subscribe(state: Any, sock: _Socket, data: Any) -> None:
    """``ir.websocket._subscribe``: non-string channels raise (logged), leaving the old subscription."""
    if not isinstance(data, dict):
        raise PythonValueError("subscribe needs a data object")
    channels, last = data.get("channels"), data.get("last", 0)
    if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
        raise PythonValueError("bus.Bus only string channels are allowed.")
    if not isinstance(last, int) or isinstance(last, bool):
        raise PythonValueError(f"last must be an integer, got {last!r}")
    if last > state.db.bus_newest_id():
        last = 0
    sock.channels = frozenset(channels) | {"broadcast"}
    if sock.position == 0:  # Odoo takes the client's last id once; later the server knows better
        sock.position = last
    sock.wake.set()


def _handle_text(state: Any, sock: _Socket, text: str) -> None:
    try:
        message = json.loads(text)
        event = message["event_name"]
        if event == "subscribe":
            _subscribe(state, sock, message.get("data"))
        elif event != "update_presence":
            raise PythonValueError(f"unknown websocket event {event!r}")
    except Exception as exc:  # Odoo logs and carries on: no error frame, no close
        _logger.info("websocket message ignored: %s", exc)


async def websocket(request: web.Request) -> web.StreamResponse:
    from .server import STATE, _html  # the server module registers this route

    state = request.app[STATE]
    hub: BusHub = request.app[HUB]
    if hub.refuse_status is not None:
        return _html(hub.refuse_status, "Refused", "Websockets are not allowed here (emulated proxy)")
    if "Origin" not in request.headers:
        return _html(400, "Bad Request", "Missing header(s): origin")
    ws = web.WebSocketResponse(autoping=True)
    if not ws.can_prepare(request).ok:
        return _html(400, "Bad Request", "Not a websocket upgrade request")
    session = state.sessions.get(request.cookies.get(SESSION_COOKIE)) or state.sessions.new()
    ws.headers.add("Set-Cookie", session_cookie_header(session.sid))
    transport = request.transport
    await ws.prepare(request)
    if _is_browser(request.headers.get("User-Agent", "")) and request.query.get("version") != WORKER_VERSION:
        await ws.close(code=1000, message=b"OUTDATED_VERSION")
        return ws
    sock = _Socket(ws=ws, transport=transport, sid=session.sid)
    hub.sockets.add(sock)
    dispatcher = asyncio.create_task(_dispatcher(state, sock))
    try:
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                _handle_text(state, sock, msg.data)
            if dispatcher.done():
                break
    finally:
        hub.sockets.discard(sock)
        dispatcher.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await dispatcher
    return ws


def peek_notifications(ctx: Any, params: dict[str, Any]) -> Any:
    """``/websocket/peek_notifications``: the computed channel list and the notifications after ``last``."""
    channels, last = params.get("channels"), params.get("last")
    if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
        raise PythonValueError("bus.Bus only string channels are allowed.")
    if not isinstance(last, int) or isinstance(last, bool):
        raise PythonValueError(f"last must be an integer, got {last!r}")
    if ctx.session is None:
        ctx.session = ctx.state.sessions.new()
        ctx.new_sid = ctx.session.sid
    if params.get("is_first_poll"):
        ctx.session.data["is_websocket_session"] = True
    elif "is_websocket_session" not in ctx.session.data:
        raise SessionExpired()
    db = ctx.state.db
    if last > db.bus_newest_id():
        last = 0
    rows = db.bus_since(list(channels) + ["broadcast"], last)
    return {
        "channels": _channel_list(db, ctx.session.uid, channels),
        "notifications": [{"id": row["id"], "message": row["message"]} for row in rows],
    }


def _channel_list(db: Any, uid: int | None, channels: list[str]) -> list[list[Any]]:
    """``ir.websocket._build_bus_channel_list``: the custom channels, broadcast, the user's groups and
    partner (the public user's groups for an anonymous session)."""
    result: list[list[Any]] = [[db.name, c] for c in dict.fromkeys(channels)] + [[db.name, "broadcast"]]
    user = uid if uid is not None else db.xmlid_to_res_id("base.public_user")
    result += [[db.name, "res.groups", gid] for gid in db.value("res.users", user, "groups_id") or []]
    if uid is not None:
        result.append([db.name, "res.partner", db.user_partner_id(uid)])
    return result


HUB: web.AppKey[BusHub] = web.AppKey("odoo_emulator_bus_hub", BusHub)


def add_bus_routes(app: web.Application, db: Any) -> None:
    """Register ``/websocket`` and the hub that feeds it (``peek_notifications`` is a JSON route of the
    server module)."""
    app[HUB] = BusHub()

    async def on_startup(app: web.Application) -> None:
        app[HUB].attach(db)

    async def on_shutdown(app: web.Application) -> None:  # Odoo going away: 1001
        for sock in list(app[HUB].sockets):
            await sock.ws.close(code=1001)

    async def on_cleanup(app: web.Application) -> None:
        app[HUB].detach(db)

    app.on_startup.append(on_startup)
    app.on_shutdown.append(on_shutdown)
    app.on_cleanup.append(on_cleanup)
    app.router.add_get("/websocket", websocket)
