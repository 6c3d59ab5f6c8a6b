"""``create_app``: the one factory that builds the whole ASGI application (tests and the CLI both use it)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types.execution import ExecutionResult
from strawberry.types.unset import UNSET

from bff.auth.proxies import trusted_proxies
from bff.auth.service import AuthService
from bff.auth.setup import auth_service
from bff.catalog import Catalog
from bff.circuit_breaker import CircuitBreaker
from bff.context import Context
from bff.dashboard import dashboard_routes
from bff.deadline import DeadlineMiddleware
from bff.documents import download
from bff.errors import OdooError, SharedStateUnavailable
from bff.exports import download_export
from bff.graphiql import graphiql_assets_route, graphiql_page
from bff.graphql_schema import build_schema
from bff.http_batch import BATCH_FLAG, check_batch, is_mutation, run_batch, transport_error_result
from bff.http_guards import BodyLimitMiddleware, decode_json_body, metrics_refusal, transport_error
from bff.live.broker import Broker
from bff.live.feed import ChangeFeed
from bff.loaders import Loaders
from bff.oauth.clients import parse_clients
from bff.oauth.discovery import jwks, openid_configuration
from bff.oauth.token_endpoint import token
from bff.odoo_check import CachedReport, watch_odoo
from bff.odoo_check import as_json as checks_json
from bff.odoo_client import OdooClient
from bff.persisted_queries import PersistedQueries, PersistedQueryError, error_result
from bff.policy import Scope as ViewerScope
from bff.public_cache import PublicCache
from bff.query_limits import DocumentLimits
from bff.request_limits import RateLimitOperations, RequestLimits
from bff.settings import Settings
from bff.shared_invalidation import SharedInvalidation
from bff.shared_state import limits_storage, redis_from_settings
from bff.tracing import tracing_enabled

log = logging.getLogger("bff.app")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# What a browser app may send (Apollo Client's client-awareness headers, a language, a cache validator) and
# read back (the request id to quote in a support ticket) across origins.
CORS_ALLOW_HEADERS = ("Authorization", "Content-Type", "X-Request-ID", "Accept-Language", "If-None-Match",
                      "apollographql-client-name", "apollographql-client-version")
CORS_EXPOSE_HEADERS = ("X-Request-ID",)


class RequestIdMiddleware:
    """Gives every request an id (the caller's ``X-Request-ID`` when it is sane) and echoes it back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        await self.app(scope, receive, send_with_id)


class GraphQLView(GraphQL):
    """strawberry's ASGI view with the BFF's typed context, built fresh for every request."""

    def __init__(self, *, settings: Settings, odoo: OdooClient, catalog: Catalog, auth: AuthService,
                 broker: Broker, request_limits: RequestLimits) -> None:
        self.persisted = PersistedQueries.from_settings(settings)  # ``.store`` may be swapped for a shared one
        self.bff_schema = build_schema(introspection=settings.introspection,
                                       limits=DocumentLimits.from_settings(settings), max_batch=settings.max_batch,
                                       document_cache_chars=settings.document_cache_chars,
                                       tracing=tracing_enabled(),
                                       extra_extensions=[*self.persisted.extensions(),
                                                         lambda: RateLimitOperations(request_limits)])
        super().__init__(self.bff_schema, graphql_ide="graphiql" if settings.graphiql else None,
                         allowed_origins=settings.cors_origins)
        self.settings, self.odoo, self.catalog, self.auth, self.broker = settings, odoo, catalog, auth, broker

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from the BFF's own pinned assets, under a strict CSP (``bff/graphiql.py``)."""
        return graphiql_page()

    async def get_context(  # type: ignore[override]  # strawberry types the context as None by default
            self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        viewer, token_error = await self.auth.viewer_from_header(request.headers.get("authorization"))
        return Context(
            settings=self.settings, odoo=self.odoo, catalog=self.catalog,
            root_loaders=Loaders(self.odoo, ViewerScope(viewer)), viewer=viewer, token_error=token_error,
            auth=self.auth,
            client_address=client_address(request, self.settings),
            request_id=request.scope.get("state", {}).get("request_id") or uuid.uuid4().hex,
            request=request, response=response, live=self.broker,
        )


    async def run(self, request: Request | WebSocket, context: Any = UNSET,  # type: ignore[override]
                  root_value: Any = UNSET) -> Response | WebSocket:
        """strawberry answers its transport errors as text/plain: answer them as GraphQL error documents."""
        try:
            response = await super().run(request, context, root_value)
            if isinstance(request, Request) and request.method == "GET" and isinstance(response, Response):
                response.headers.add_vary_header("Accept-Language")  # texts follow it (bff/languages.py)
            return response
        except SharedStateUnavailable as exc:  # the bearer token could not be checked (bff.shared_state)
            return shared_state_unavailable(exc)
        except HTTPException as exc:
            if not isinstance(request, Request):
                raise
            get_mutation = request.method == "GET" and isinstance(exc.__cause__, InvalidOperationTypeError)
            return transport_error(request, exc, get_mutation=get_mutation)

    def encode_json(self, data: object) -> str:
        """orjson: a 50-event page encodes about 15 times faster than with ``json.dumps``. Text, not bytes, so
        websocket messages stay text frames (graphql-ws clients read text)."""
        try:
            return orjson.dumps(data).decode("utf-8")
        except orjson.JSONEncodeError:  # what orjson refuses (an int beyond 64 bits) json still writes
            return json.dumps(data, separators=(",", ":"))

    def decode_json(self, data: str | bytes) -> object:
        value = decode_json_body(data)
        if isinstance(value, list):
            check_batch(value, self.settings.max_batch)
        return value

    async def execute_operation(self, request: Any, request_adapter: Any, request_data: Any,  # type: ignore[override]
                                context: Any, root_value: Any, sub_response: Any) -> Any:
        """A batch (``bff/http_batch.py``): each operation on its own, mutations one at a time, in order."""
        if not isinstance(request_data, list):
            return await super().execute_operation(request, request_adapter, request_data, context, root_value,
                                                   sub_response)
        context.extra[BATCH_FLAG] = True
        # the text of items sent by hash, so that a persisted mutation is ordered as a mutation
        request_data = [await self._with_persisted_text(item) for item in request_data]

        async def run_one(item: Any) -> ExecutionResult:
            try:
                return await self.execute_single(request=request, request_adapter=request_adapter,
                                                 sub_response=sub_response, context=context,
                                                 root_value=root_value, request_data=item)
            except HTTPException as exc:
                return transport_error_result(exc, context.request_id)

        max_tokens = self.settings.max_tokens
        return await run_batch(request_data, run_one,
                               lambda item: is_mutation(item.query, item.operation_name, max_tokens))

    async def _with_persisted_text(self, item: Any) -> Any:
        try:
            query, _ = await self.persisted.resolve(item.query, item.extensions)
        except PersistedQueryError:
            return item  # refused again, with its error, when it runs
        return item if query is item.query else dataclasses.replace(item, query=query)

    async def execute_single(self, request: Any, request_adapter: Any, sub_response: Any,  # type: ignore[override]
                             context: Any, root_value: Any, request_data: Any) -> ExecutionResult:
        """Automatic persisted queries (``bff/persisted_queries.py``), for GET, POST and each item of a batch: the
        document comes from the hash when only the hash is sent, and a new one is registered once it validated
        (the document cache holds only documents that did)."""
        try:
            query, register = await self.persisted.resolve(request_data.query, request_data.extensions)
        except PersistedQueryError as exc:
            self.odoo.metrics.graphql_errors.inc(exc.code)
            return error_result(exc, getattr(context, "request_id", None))
        if query is not request_data.query:
            request_data = dataclasses.replace(request_data, query=query)
        result = await super().execute_single(request, request_adapter, sub_response, context, root_value,
                                              request_data)
        cache = self.bff_schema.document_cache
        if register and query is not None and (not cache.enabled or cache.holds(query)):
            await self.persisted.store.put(register, query)
        return result

    async def on_ws_connect(self, context: Context) -> Any:  # type: ignore[override]
        """graphql-transport-ws: the access token comes in ``connection_init`` (browsers cannot set headers
        on a websocket). ``{"Authorization": "Bearer <token>"}`` or ``{"token": "<token>"}``; no token is the
        anonymous viewer, an invalid one closes the socket (4403)."""
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        if not header and params.get("token"):
            header = f"Bearer {params['token']}"
        viewer, error = await self.auth.viewer_from_header(header if isinstance(header, str) else None)
        if error:
            raise ConnectionRejectionError()
        context.viewer, context.token_error = viewer, None
        context.root_loaders = Loaders(self.odoo, ViewerScope(viewer))
        return UNSET


def shared_state_unavailable(exc: SharedStateUnavailable) -> Response:
    """503 with a GraphQL error document: Redis did not answer while the request's token was checked."""
    error = {"message": exc.message, "extensions": {**exc.extensions, "code": exc.code}}
    return JSONResponse({"data": None, "errors": [error]}, status_code=503,
                        headers={"Retry-After": str(exc.retry_after)})


def client_address(request: Request | WebSocket, settings: Settings) -> str:
    """The caller's IP: the socket peer, or, when the peer is a trusted proxy (``BFF_TRUSTED_PROXIES``), the
    right-most ``X-Forwarded-For`` hop that is not one (``bff.auth.proxies``)."""
    proxies = trusted_proxies(settings.trusted_proxies)
    peer = request.client.host if request.client else None
    return proxies.client(peer, ",".join(request.headers.getlist("x-forwarded-for")))


def odoo_client_from_settings(settings: Settings) -> OdooClient:
    if not settings.odoo_url:
        raise ValueError("ODOO_URL is not set (use `bff serve --demo` for the embedded Odoo emulator)")
    return OdooClient(
        url=settings.odoo_url, db=settings.odoo_db, login=settings.odoo_login,
        password=settings.odoo_password, api_key=settings.odoo_api_key, timeout_s=settings.odoo_timeout_s,
        max_concurrency=settings.odoo_max_concurrency, retries=settings.odoo_retries,
        breaker=CircuitBreaker(failure_threshold=settings.odoo_breaker_failures,
                               reset_s=settings.odoo_breaker_reset_s),
    )


def create_app(settings: Settings, *, odoo: OdooClient | None = None) -> Starlette:
    """Build the application. Without ``odoo`` the client comes from the settings and is closed on shutdown."""
    owns_client = odoo is None
    client = odoo if odoo is not None else odoo_client_from_settings(settings)
    catalog = Catalog(client, settings)
    redis = redis_from_settings(settings)
    auth = auth_service(settings, client, catalog, redis)
    request_limits = RequestLimits.from_settings(settings, limits_storage(redis))
    broker = Broker(client, queue_size=settings.live_queue_size,
                    max_per_connection=settings.max_subscriptions_per_connection,
                    max_per_viewer=settings.max_subscriptions_per_viewer,
                    max_per_address=settings.max_subscriptions_per_address)
    public_cache = PublicCache(client, settings)  # shared public reads, whole answers, HTTP caching
    shared_invalidation = None
    if redis is not None and settings.public_cache_ttl_s > 0:  # what one process's feed drops, all drop
        shared_invalidation = SharedInvalidation(redis, public_cache.drop)
        public_cache.on_stale = shared_invalidation.publish
    feed = ChangeFeed(client, settings, publish=public_cache.relay(broker.publish))
    auth.on_signed_out = broker.recheck_viewer
    client.metrics.subscriptions.read = lambda: {(): float(broker.active)}
    view = GraphQLView(settings=settings, odoo=client, catalog=catalog, auth=auth, broker=broker,
                       request_limits=request_limits)

    odoo_report = CachedReport(client, settings)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        """Ready when Odoo answers, the integration account can work with it, and ``bff odoo check`` (cached for a
        minute) finds nothing that stops the BFF from serving; the checks are in the answer."""
        try:
            await client.version_info()
            info = await client.detect()
        except OdooError as exc:
            return JSONResponse({"status": "unavailable", "reason": f"Odoo: {exc.message}", "live": feed.status()},
                                status_code=503)
        checks = await odoo_report.get()
        failed = [c.name for c in checks if c.status == "fail"]
        body = {"status": "unavailable" if failed else "ready", "odoo": info.version, "modules": len(info.modules),
                "live": {**feed.status(), **broker.status()}, "checks": checks_json(checks)}
        if failed:
            body["reason"] = f"failed checks: {', '.join(failed)}"
        return JSONResponse(body, status_code=503 if failed else 200)

    async def metrics(request: Request) -> Response:
        if (refusal := metrics_refusal(request, settings.metrics_token)) is not None:
            return refusal
        return PlainTextResponse(client.metrics.render(), media_type="text/plain; version=0.0.4")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            await client.detect()
        except OdooError as exc:  # start anyway: /readyz says why, and the client recovers by itself
            log.warning("Odoo is not reachable at start-up: %s", exc.message)
        watcher = asyncio.create_task(watch_odoo(odoo_report, settings.odoo_check_interval_s))
        await broker.start()
        await feed.start()
        if shared_invalidation is not None:
            await shared_invalidation.start()
        yield
        client.metrics.process_ended()
        watcher.cancel()
        if shared_invalidation is not None:
            await shared_invalidation.stop()
        await feed.stop()
        await broker.stop()
        if owns_client:
            await client.close()
        if redis is not None:
            await redis.aclose()

    middleware: list[Middleware] = [Middleware(RequestIdMiddleware),
                                    Middleware(DeadlineMiddleware, seconds=settings.request_timeout_s)]
    if settings.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                                     allow_methods=["GET", "POST", "OPTIONS"], allow_headers=list(CORS_ALLOW_HEADERS),
                                     expose_headers=list(CORS_EXPOSE_HEADERS)))
    middleware.append(Middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes))
    routes: list[Any] = [
        Route("/graphql", public_cache.wrap(view), methods=["GET", "POST"]), WebSocketRoute("/graphql", view),
        Route("/healthz", healthz), Route("/readyz", readyz), Route("/metrics", metrics),
        Route("/documents/{id}", download), Route("/exports/{link}", download_export),
        Route("/oauth/token", token, methods=["POST"]),
        Route("/.well-known/openid-configuration", openid_configuration), Route("/.well-known/jwks.json", jwks),
    ]
    if settings.graphiql:
        routes.append(graphiql_assets_route())
    routes.extend(dashboard_routes(settings))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.odoo = client
    app.state.settings = settings
    app.state.auth = auth
    app.state.oauth_clients = parse_clients(settings.oauth_clients)  # a bad entry stops the start
    app.state.broker = broker
    app.state.feed = feed
    app.state.persisted_queries = view.persisted
    app.state.public_cache = public_cache
    app.state.shared_invalidation = shared_invalidation
    app.state.redis = redis  # None without REDIS_URL; shared state beyond auth plugs in here
    if redis is not None:  # documents registered on one process are known to every process
        from bff.redis_persisted import RedisPersistedQueryStore

        view.persisted.store = RedisPersistedQueryStore(redis)
    return app
