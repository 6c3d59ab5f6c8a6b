"""One connection to Odoo's bus websocket, as bus.md records it, and the addon's notifications on it.

    open(url, version) ── an HTTP answer other than 101 ──▶ BusRefused (proxy, route missing, 400)
        │ ── connection refused, reset, timeout ─────────▶ BusLinkLost
        │ 101: the Set-Cookie session is kept in the caller's cookie jar and sent on the next open
        ▼
    subscribe([channel], last) ──▶ frames(): JSON arrays of {"id", "message": {"type", "payload"}}
        │ Odoo replays the stored rows with id > last first (``last=0``: the last ~50 s)
        └ server close (4001: session expired), network cut, missed heartbeat ──▶ BusLinkLost(close_code)

The ``Origin`` header is required by Odoo (HTTP 400 without); ``?version=<serie>-1`` keeps a browser-like
client from being closed as ``OUTDATED_VERSION`` and is harmless otherwise.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

from bff.live.changes import Change

log = logging.getLogger("bff.live.bus")

NOTIFICATION_TYPE = "customk9/changed"
_OPERATIONS = ("create", "write", "unlink")


class BusRefused(Exception):
    """The websocket handshake got an HTTP answer instead of an upgrade."""

    def __init__(self, status: int) -> None:
        super().__init__(f"websocket refused with HTTP {status}")
        self.status = status


class BusLinkLost(Exception):
    """The link ended or could not be made; ``close_code`` is the server's close code when it sent one."""

    def __init__(self, message: str, close_code: int | None = None) -> None:
        super().__init__(message)
        self.close_code = close_code


class BusConnection:
    """An open ``/websocket``; use ``open``, then ``subscribe`` and iterate ``frames``."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws

    @classmethod
    async def open(cls, http: aiohttp.ClientSession, odoo_url: str, *, version: str, heartbeat_s: float,
                   timeout_s: float) -> BusConnection:
        base = odoo_url.rstrip("/")
        try:
            ws = await http.ws_connect(f"{base}/websocket?version={version}", headers={"Origin": base},
                                       heartbeat=heartbeat_s, timeout=aiohttp.ClientWSTimeout(ws_close=timeout_s),
                                       max_msg_size=0)
        except aiohttp.WSServerHandshakeError as exc:
            raise BusRefused(exc.status) from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise BusLinkLost(f"websocket not reachable: {type(exc).__name__}") from exc
        return cls(ws)

    async def subscribe(self, channels: list[str], last: int) -> None:
        try:
            await self._ws.send_str(json.dumps({"event_name": "subscribe",
                                                "data": {"channels": channels, "last": last}}))
        except (aiohttp.ClientError, OSError, ConnectionError) as exc:
            raise BusLinkLost(f"subscribe failed: {type(exc).__name__}") from exc

    async def frames(self) -> AsyncIterator[list[dict[str, Any]]]:
        """Each notification frame until the link ends, which raises ``BusLinkLost``."""
        while True:
            try:
                msg = await self._ws.receive()
            except (aiohttp.ClientError, OSError, ConnectionError, TimeoutError) as exc:
                raise BusLinkLost(f"websocket failed: {type(exc).__name__}") from exc
            if msg.type == aiohttp.WSMsgType.TEXT:
                try:
                    frame = json.loads(msg.data)
                except ValueError:
                    log.warning("bus frame that is not JSON ignored")
                    continue
                if isinstance(frame, list):
                    yield [n for n in frame if isinstance(n, dict) and isinstance(n.get("id"), int)]
            elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED,
                              aiohttp.WSMsgType.ERROR):
                raise BusLinkLost(f"websocket closed ({msg.type.name})", self._ws.close_code)

    async def close(self) -> None:
        await self._ws.close()


def parse_change(notification: dict[str, Any]) -> Change | None:
    """The addon's ``customk9/changed`` notification as a ``Change``; None for any other message."""
    message = notification.get("message")
    if not isinstance(message, dict) or message.get("type") != NOTIFICATION_TYPE:
        return None
    payload = message.get("payload")
    if not isinstance(payload, dict):
        return None
    model, ids, op = payload.get("model"), payload.get("ids"), payload.get("op")
    if not isinstance(model, str) or op not in _OPERATIONS or not isinstance(ids, list):
        log.warning("malformed %s notification ignored", NOTIFICATION_TYPE)
        return None
    clean = tuple(i for i in ids if isinstance(i, int) and not isinstance(i, bool))
    if not clean:
        return None
    return Change(model=model, ids=clean, op=op, bus_id=notification["id"])
