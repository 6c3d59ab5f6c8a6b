"""Refresh tokens bound to the OAuth2 client they were issued to (RFC 6749 section 6).

A sign-in made through ``POST /oauth/token`` gets a family id that starts with a tag of its client
(``<tag>~<random>``, the tag a hash of the client id); one made through GraphQL has no tag. A refresh token is only
refreshed by the same client (GraphQL's ``refreshToken`` being "no client"); any other presenter gets
``INVALID_TOKEN`` / ``invalid_grant`` and the token is not spent. The binding lives in the family id, so every
refresh store (memory or shared) keeps it without a new field.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

SEPARATOR = "~"  # never produced by secrets.token_urlsafe


def client_tag(client_id: str | None) -> str | None:
    if client_id is None:
        return None
    return base64.urlsafe_b64encode(hashlib.sha256(client_id.encode()).digest()[:9]).decode()


def client_family(client_id: str) -> str:
    """A new family id bound to ``client_id``."""
    return f"{client_tag(client_id)}{SEPARATOR}{secrets.token_urlsafe(16)}"


def family_tag(family_id: str) -> str | None:
    """The client tag a family id carries, ``None`` for a GraphQL sign-in."""
    tag, sep, _rest = family_id.partition(SEPARATOR)
    return tag if sep else None
