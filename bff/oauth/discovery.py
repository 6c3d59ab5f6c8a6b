"""``/.well-known/openid-configuration`` and ``/.well-known/jwks.json``: published only with RS256 keys.

With RS256, other services (a Next.js server, an API gateway) verify the BFF's access tokens with the public key
from ``jwks.json`` (matched by ``kid``) and find the token endpoint in the configuration. With HS256 there is no
public key to publish, so both answer 404. The BFF issues no ID tokens and has no authorization endpoint: the
configuration lists what exists (the password and refresh-token grants at ``/oauth/token``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from bff.auth.service import AuthService
from bff.oauth.token_endpoint import SCOPES

PUBLIC_CACHE = {"Cache-Control": "public, max-age=300"}


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def jwks(request: Request) -> JSONResponse:
    auth: AuthService = request.app.state.auth
    key = auth.tokens.public_jwk()
    if key is None:
        return JSONResponse({"error": "NOT_FOUND"}, status_code=404)
    return JSONResponse({"keys": [key]}, headers=PUBLIC_CACHE)


async def openid_configuration(request: Request) -> JSONResponse:
    auth: AuthService = request.app.state.auth
    if auth.tokens.public_jwk() is None:
        return JSONResponse({"error": "NOT_FOUND"}, status_code=404)
    base = _base(request)
    return JSONResponse({
        "issuer": auth.tokens.issuer,
        "token_endpoint": f"{base}/oauth/token",
        "jwks_uri": f"{base}/.well-known/jwks.json",
        "grant_types_supported": ["password", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "response_types_supported": [],
        "scopes_supported": list(SCOPES),
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "name", "login", "role", "sid"],
    }, headers=PUBLIC_CACHE)
