"""A tiny raw JSON-RPC client for the contract tests (no BFF code): one cookie, no retries, no magic.

It keeps the ``session_id`` cookie itself (instead of an aiohttp cookie jar, which ignores cookies from IP
hosts by default) so that tests can look at, keep and replay session ids.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import aiohttp

_ids = itertools.count(1)


@dataclass
class RpcResponse:
    status: int
    content_type: str
    text: str
    set_cookies: list[str] = field(default_factory=list)

    @property
    def body(self) -> dict[str, Any]:
        return json.loads(self.text)

    @property
    def session_cookie(self) -> str | None:
        """The full ``Set-Cookie`` value for ``session_id`` if the response set one."""
        for value in self.set_cookies:  # one Set-Cookie header per cookie
            if value.startswith("session_id="):
                return value
        return None

    @property
    def sid(self) -> str | None:
        cookie = self.session_cookie
        return cookie.split(";", 1)[0].split("=", 1)[1] if cookie else None


class RpcError(Exception):
    """A JSON-RPC ``error`` member, with the parts tests look at."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        error = payload["error"]
        self.code: int = error["code"]
        self.data: dict[str, Any] = error.get("data", {})
        self.name: str = self.data.get("name", "")
        self.message: str = self.data.get("message", "")
        self.id = payload.get("id")
        super().__init__(f"{self.code} {self.name}: {self.message}")


class OdooRpc:
    def __init__(self, url: str, db: str) -> None:
        self.url = url.rstrip("/")
        self.db = db
        self.sid: str | None = None
        self.uid: int | None = None
        self._http = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())

    async def close(self) -> None:
        await self._http.close()

    async def post_raw(
        self,
        path: str,
        data: bytes | str,
        *,
        content_type: str | None = "application/json",
        method: str = "POST",
        send_cookie: bool = True,
    ) -> RpcResponse:
        headers = {"Content-Type": content_type} if content_type else {}
        if send_cookie and self.sid:
            headers["Cookie"] = f"session_id={self.sid}"
        async with self._http.request(
            method, self.url + path, data=data, headers=headers, allow_redirects=False
        ) as r:
            text = await r.text()
            return RpcResponse(r.status, r.content_type, text, r.headers.getall("Set-Cookie", []))

    async def post(
        self, path: str, params: dict[str, Any], *, req_id: Any = None, send_cookie: bool = True
    ) -> RpcResponse:
        """POST a JSON-RPC envelope; remembers a session cookie the server sets."""
        envelope = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": params,
            "id": next(_ids) if req_id is None else req_id,
        }
        response = await self.post_raw(path, json.dumps(envelope), send_cookie=send_cookie)
        if response.sid:
            self.sid = response.sid
        return response

    async def call(self, path: str, params: dict[str, Any], **kw: Any) -> Any:
        """POST and return ``result`` (None when absent), raising RpcError on an ``error`` member."""
        response = await self.post(path, params, **kw)
        assert response.status == 200, (response.status, response.text[:300])
        payload = response.body
        if "error" in payload:
            raise RpcError(payload)
        return payload.get("result")

    async def authenticate(self, login: str, password: str, db: str | None = None) -> dict[str, Any]:
        info = await self.call(
            "/web/session/authenticate", {"db": db or self.db, "login": login, "password": password}
        )
        self.uid = info["uid"]
        return info

    async def call_kw(
        self, model: str, method: str, args: list[Any] | None = None, kwargs: dict[str, Any] | None = None
    ) -> Any:
        params = {"model": model, "method": method, "args": args or [], "kwargs": kwargs or {}}
        return await self.call(f"/web/dataset/call_kw/{model}/{method}", params)

    async def jsonrpc(self, service: str, method: str, *args: Any) -> Any:
        return await self.call(
            "/jsonrpc", {"service": service, "method": method, "args": list(args)}, send_cookie=False
        )
