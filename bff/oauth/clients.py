"""First-party OAuth2 clients (``BFF_OAUTH_CLIENTS``) and client authentication (RFC 6749 section 2.3).

Each entry is ``client_id[:secret[:grant+grant]]``, comma-separated:

    nextjs:s3cret                 confidential, every grant (password, refresh_token)
    mobile                        public (no secret: identifies itself with client_id only), every grant
    reports:s3cret:refresh_token  confidential, refresh_token only (a password grant is unauthorized_client)

A confidential client authenticates with HTTP Basic (``client_secret_basic``, id and secret form-urlencoded
first, as section 2.3.1 says) or with ``client_id`` and ``client_secret`` in the body (``client_secret_post``),
never both. Secrets are compared in constant time.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass
from urllib.parse import unquote_plus

GRANTS = ("password", "refresh_token")


class ClientAuthError(Exception):
    """``invalid_client`` (answered 401 with ``WWW-Authenticate``) or ``invalid_request``."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error, self.description = error, description


@dataclass(frozen=True)
class OAuthClient:
    client_id: str
    secret: str | None
    grants: frozenset[str]


def parse_clients(entries: tuple[str, ...]) -> dict[str, OAuthClient]:
    """The registry from the setting; a malformed entry stops the start (``ValueError``)."""
    clients: dict[str, OAuthClient] = {}
    for entry in entries:
        client_id, _, rest = entry.partition(":")
        secret, _, grants_text = rest.partition(":")
        grants = frozenset(g for g in grants_text.split("+") if g) or frozenset(GRANTS)
        if not client_id or client_id in clients or not grants <= set(GRANTS):
            raise ValueError(f"BFF_OAUTH_CLIENTS: bad or repeated entry for client {client_id!r} "
                             f"(client_id[:secret[:grant+grant]], grants among {', '.join(GRANTS)})")
        clients[client_id] = OAuthClient(client_id, secret or None, grants)
    return clients


def authenticate(clients: dict[str, OAuthClient], authorization: str | None,
                 form: dict[str, str]) -> OAuthClient:
    """The client the request comes from, or ``ClientAuthError``."""
    body_id, body_secret = form.get("client_id"), form.get("client_secret")
    if authorization:
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            raise ClientAuthError("invalid_client", "Client authentication must use HTTP Basic")
        if body_secret is not None:
            raise ClientAuthError("invalid_request", "Use one client authentication method, not two")
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise ClientAuthError("invalid_client", "Malformed HTTP Basic credentials") from None
        raw_id, sep, raw_secret = decoded.partition(":")
        if not sep:
            raise ClientAuthError("invalid_client", "Malformed HTTP Basic credentials")
        client_id, secret = unquote_plus(raw_id), unquote_plus(raw_secret)
        if body_id is not None and body_id != client_id:
            raise ClientAuthError("invalid_request", "client_id differs from the authenticated client")
    else:
        client_id, secret = body_id or "", body_secret or ""
    client = clients.get(client_id)
    if client is None:
        raise ClientAuthError("invalid_client", "Unknown client")
    expected = (client.secret or "").encode()
    if client.secret is None and secret:
        raise ClientAuthError("invalid_client", "This client has no secret")
    if not hmac.compare_digest(secret.encode(), expected):
        raise ClientAuthError("invalid_client", "Client authentication failed")
    return client
