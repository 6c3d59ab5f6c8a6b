"""A raw client of Odoo's bus websocket for the contract tests (no BFF code): one connection, frames as sent."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

VERSION = "18.0-1"


class BusSocket:
    """One ``/websocket`` connection; ``frames`` keeps every notification frame received, in order."""

    def __init__(self, http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.http, self.ws = http, ws
        self.frames: list[list[dict[str, Any]]] = []

    @classmethod
    async def open(cls, url: str, *, sid: str | None = None, origin: str | None = "default",
                   user_agent: str | None = None, version: str | None = VERSION) -> BusSocket:
        headers = {}
        if origin is not None:
            headers["Origin"] = url if origin == "default" else origin
        if sid:
            headers["Cookie"] = f"session_id={sid}"
        if user_agent:
            headers["User-Agent"] = user_agent
        query = f"?version={version}" if version else ""
        http = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        try:
            ws = await http.ws_connect(url.rstrip("/") + "/websocket" + query, headers=headers, autoping=True)
        except BaseException:
            await http.close()
            raise
        return cls(http, ws)

    @property
    def set_cookie(self) -> str:
        response = self.ws._response  # the 101 answer
        return ";".join(response.headers.getall("Set-Cookie", [])) if response is not None else ""

    async def close(self) -> None:
        await self.ws.close()
        await self.http.close()

    async def send(self, event_name: str, data: Any) -> None:
        await self.ws.send_str(json.dumps({"event_name": event_name, "data": data}))

    async def subscribe(self, channels: list[Any], last: int = 0) -> None:
        await self.send("subscribe", {"channels": channels, "last": last})

    async def frame(self, timeout: float = 5.0) -> list[dict[str, Any]]:
        """The next notification frame; raises TimeoutError, or ConnectionError when the server closed."""
        msg = await self.ws.receive(timeout=timeout)
        if msg.type != aiohttp.WSMsgType.TEXT:
            raise ConnectionError(f"websocket {msg.type.name}, close code {self.ws.close_code}")
        frame = json.loads(msg.data)
        self.frames.append(frame)
        return frame

    async def notifications(self, until: Any, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Every notification received until one satisfies ``until`` (a predicate on a notification)."""
        seen: list[dict[str, Any]] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not any(until(n) for n in seen):
            seen.extend(await self.frame(max(0.01, deadline - loop.time())))
        return seen

    async def silent_for(self, seconds: float) -> list[dict[str, Any]]:
        """The notifications received during ``seconds`` (an empty list when nothing came)."""
        seen: list[dict[str, Any]] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (left := deadline - loop.time()) > 0:
            try:
                seen.extend(await self.frame(left))
            except TimeoutError:
                break
        return seen

    async def closed(self, timeout: float = 5.0) -> int | None:
        """Wait for the server to close; the close code."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.ws.closed:
            msg = await self.ws.receive(timeout=max(0.01, deadline - loop.time()))
            if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                break
        return self.ws.close_code


def changed(model: str, ids: list[int], op: str) -> Any:
    """A predicate: the addon's ``customk9/changed`` notification of exactly these ids."""
    payload = {"model": model, "ids": sorted(ids), "op": op}
    return lambda n: n["message"] == {"type": "customk9/changed", "payload": payload}
