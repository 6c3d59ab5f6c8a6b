"""Download links of ``exportMyData``: short-lived, bound to one user, fetched with the same bearer token.

A link is ``/exports/<user id>.<expires>.<signature>``: the signature is an HMAC (SHA-256) of the user id and
expiry time under a key derived from the JWT signing key (``TokenIssuer.derive_key``), so every BFF process with
the same configuration accepts it and nothing is stored. ``GET`` needs ``Authorization: Bearer`` of that same
user: a leaked link alone is useless, and another user's token finds 404 exactly as a forged, expired or
malformed link does. The body is built when fetched (``bff.data_export``), never cached (``no-store``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bff.auth.tokens import TokenIssuer
from bff.data_export import collect
from bff.errors import OdooError

_LINK = re.compile(r"^([1-9][0-9]{0,9})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$")
PURPOSE = "exportMyData link"


def _signature(tokens: TokenIssuer, user_id: int, expires: int) -> str:
    digest = hmac.new(tokens.derive_key(PURPOSE), f"{user_id}.{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def export_link(tokens: TokenIssuer, user_id: int, ttl_s: int) -> tuple[str, int]:
    """``(path, expires epoch seconds)`` of a new link for ``user_id``."""
    expires = int(tokens.now()) + ttl_s
    return f"/exports/{user_id}.{expires}.{_signature(tokens, user_id, expires)}", expires


def link_user(tokens: TokenIssuer, link: str) -> int | None:
    """The user a link was made for, when it is genuine and not expired; else ``None``."""
    match = _LINK.match(link)
    if match is None:
        return None
    user_id, expires = int(match[1]), int(match[2])
    if expires <= tokens.now() or not hmac.compare_digest(match[3], _signature(tokens, user_id, expires)):
        return None
    return user_id


async def download_export(request: Request) -> Response:
    """``GET /exports/{link}`` with the bearer token of the link's user."""
    state = request.app.state
    viewer, error = await state.auth.viewer_from_header(request.headers.get("authorization"))
    if error or not viewer.is_authenticated:
        return JSONResponse({"error": "UNAUTHENTICATED"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    if link_user(state.auth.tokens, request.path_params["link"]) != viewer.user_id:
        return JSONResponse({"error": "NOT_FOUND"}, status_code=404)
    try:
        data = await collect(state.odoo, viewer)
    except OdooError:
        return JSONResponse({"error": "ODOO_UNAVAILABLE"}, status_code=503)
    body = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).encode()
    return Response(body, media_type="application/json", headers={
        "Content-Disposition": 'attachment; filename="customk9-my-data.json"',
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
