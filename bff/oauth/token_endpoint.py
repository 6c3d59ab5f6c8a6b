"""``POST /oauth/token`` (RFC 6749 sections 3.2, 4.3, 5 and 6), so that Auth.js or any OAuth2 client can sign in.

    grant_type=password        username + password: the same throttled log-in as the ``logIn`` mutation
    grant_type=refresh_token   refresh_token: the same rotation and reuse detection as ``refreshToken``, for
                               the client the token was issued to only (``bff.auth.client_binding``)

Requests are ``application/x-www-form-urlencoded``; a parameter sent twice is ``invalid_request`` (3.2). The
client authenticates as ``bff.oauth.clients`` says. Answers are JSON with ``Cache-Control: no-store``:

    200  access_token, token_type "Bearer", expires_in, refresh_token, scope        (5.1)
    400  invalid_request, invalid_grant, unauthorized_client, unsupported_grant_type, invalid_scope   (5.2)
    401  invalid_client, with WWW-Authenticate: Basic                               (5.2)
    429  invalid_grant after too many failed passwords (Retry-After), as ``TOO_MANY_ATTEMPTS`` in GraphQL
    503  temporarily_unavailable when Odoo cannot answer
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse

from bff.auth.failures import AuthFailure
from bff.auth.service import AuthService, Session
from bff.errors import OdooError
from bff.oauth.clients import ClientAuthError, OAuthClient, authenticate

SCOPES = ("customk9", "offline_access")  # the whole API, and refresh tokens; every token has both
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
MAX_PARAM_CHARS = 4096


def error(code: str, description: str, status: int = 400, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "error_description": description}, status_code=status,
                        headers={**NO_STORE, **(headers or {})})


def _form(body: bytes) -> dict[str, str]:
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError):
        raise ClientAuthError("invalid_request", "The body is not a form") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:
            raise ClientAuthError("invalid_request", f"Parameter {name} is repeated")
        if len(value) > MAX_PARAM_CHARS:
            raise ClientAuthError("invalid_request", f"Parameter {name} is too long")
        if value != "":  # an empty parameter is treated as omitted (3.1)
            form[name] = value
    return form


def _scope(form: dict[str, str]) -> str:
    wanted = form.get("scope", "").split()
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown:
        raise ClientAuthError("invalid_scope", f"Unknown scope {unknown[0]!r}: this server knows "
                                               f"{' '.join(SCOPES)}")
    return " ".join(SCOPES)


def _success(session: Session, scope: str) -> JSONResponse:
    return JSONResponse({"access_token": session.access_token, "token_type": "Bearer",
                         "expires_in": session.expires_in, "refresh_token": session.refresh_token, "scope": scope},
                        headers=NO_STORE)


async def token(request: Request) -> JSONResponse:
    from bff.app import client_address

    state = request.app.state
    auth: AuthService = state.auth
    clients: dict[str, OAuthClient] = state.oauth_clients
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return error("invalid_request", "Send the parameters as application/x-www-form-urlencoded")
    try:
        form = _form(await request.body())
        client = authenticate(clients, request.headers.get("authorization"), form)
        grant = form.get("grant_type")
        if not grant:
            raise ClientAuthError("invalid_request", "grant_type is missing")
        if grant not in ("password", "refresh_token"):
            raise ClientAuthError("unsupported_grant_type", f"Grant type {grant!r} is not supported")
        if grant not in client.grants:
            raise ClientAuthError("unauthorized_client", f"This client may not use the {grant} grant")
        scope = _scope(form)
        if grant == "password":
            if "username" not in form or "password" not in form:
                raise ClientAuthError("invalid_request", "username and password are required")
            session = await auth.log_in(form["username"], form["password"], client_address(request, state.settings),
                                        user_agent=request.headers.get("user-agent"), client_id=client.client_id)
        else:
            if "refresh_token" not in form:
                raise ClientAuthError("invalid_request", "refresh_token is required")
            session = await auth.refresh_session(form["refresh_token"], client_id=client.client_id)
    except ClientAuthError as exc:
        if exc.error == "invalid_client":
            return error(exc.error, exc.description, 401, {"WWW-Authenticate": 'Basic realm="customk9"'})
        return error(exc.error, exc.description)
    except AuthFailure as failure:
        if failure.retry_after_s is not None:
            return error("invalid_grant", failure.message, 429, {"Retry-After": str(failure.retry_after_s)})
        return error("invalid_grant", failure.message)
    except OdooError:
        return error("temporarily_unavailable", "Odoo cannot answer now, try again shortly", 503)
    return _success(session, scope)
