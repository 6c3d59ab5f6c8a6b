"""The ``bff`` command: serve, print the schema, run the Odoo emulator, seed demo data."""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib.util
import json
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import uvicorn

from bff.settings import Settings

log = logging.getLogger("bff.cli")
EMULATOR_DB = "customk9"
EMULATOR_ADMIN = ("admin", "admin")


def _configure_logging(level: str) -> None:
    from bff.observability import configure_request_log

    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    configure_request_log()  # one JSON line per operation on standard output


GC_GEN0_THRESHOLD = 10_000


async def _start_demo_odoo(latency_ms: float = 0.0, *, host: str = "127.0.0.1", port: int = 0):  # type: ignore[no-untyped-def]
    """Start the embedded Odoo emulator on loopback and seed it with the demo data over RPC."""
    from bff.odoo_client import OdooClient
    from demo_data.seed import seed
    from odoo_emulator.database import Database
    from odoo_emulator.server import EmulatorServer

    server = EmulatorServer(Database(name=EMULATOR_DB), host=host, port=port, latency_ms=latency_ms)
    await server.start()
    async with OdooClient(url=server.url, db=EMULATOR_DB, login=EMULATOR_ADMIN[0],
                          password=EMULATOR_ADMIN[1]) as admin:
        seeded = await seed(admin)
    server.clear_calls()
    return server, seeded


def event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop when it is installed (``uvicorn[standard]``), else asyncio's own (None). ``bff serve``
    starts the loop itself (the demo emulator runs in it too), so uvicorn's own ``loop`` option never applies."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop  # type: ignore[no-any-return]


def http_protocol() -> str:
    """httptools' parser when installed (``uvicorn[standard]``), else h11."""
    return "httptools" if importlib.util.find_spec("httptools") else "h11"


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How ``bff serve`` runs uvicorn. ``X-Forwarded-*`` headers are believed only from the proxies listed
    in ``BFF_TRUSTED_PROXIES``: with none listed ``proxy_headers`` is off (uvicorn would otherwise trust
    them from loopback, and anyone on the host could choose their address)."""
    proxies = list(settings.trusted_proxies)
    return {"log_level": settings.log_level.lower(), "lifespan": "on", "http": http_protocol(),
            "proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or None,
            "ws_max_size": settings.max_body_bytes}  # a websocket message is bounded like a body


def uvicorn_config(app: Any, settings: Settings, *, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, **uvicorn_options(settings))


async def _serve(settings: Settings, host: str, port: int, demo: bool) -> None:
    from bff.app import create_app

    emulator = None
    if demo:
        from demo_data.content import INTEGRATION_LOGIN

        emulator, seeded = await _start_demo_odoo()
        emulator.db.set_param(HOLD_PARAMETER, str(settings.payment_hold_minutes))
        settings = settings.with_odoo_api_key(emulator.url, db=EMULATOR_DB, login=INTEGRATION_LOGIN,
                                              api_key=seeded.integration_api_key or "")
        log.info("demo mode: embedded Odoo emulator at %s with the CustomK9 demo data; the BFF works as %s "
                 "with its API key", emulator.url, INTEGRATION_LOGIN)
    config = uvicorn_config(create_app(settings), settings, host=host, port=port)
    tune_gc()
    log.info("GraphQL at http://%s:%d/graphql (event loop %s, HTTP parser %s)", host, port,
             type(asyncio.get_running_loop()).__module__, config.http)
    try:
        await uvicorn.Server(config).serve()
    finally:
        if emulator is not None:
            await emulator.stop()


def worker_app() -> Any:
    """The application of one ``bff serve --workers N`` worker (uvicorn imports this factory in each process),
    from the environment the parent prepared (``_serve_workers``)."""
    from bff.app import create_app

    settings = Settings.from_env()
    _configure_logging(settings.log_level)
    app = create_app(settings)
    tune_gc()
    return app


@contextmanager
def _demo_odoo_thread() -> Iterator[tuple[str, str]]:
    """The embedded emulator on an event loop of its own thread, for workers in other processes:
    ``(url, integration API key)``."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="demo-odoo", daemon=True)
    thread.start()
    server, seeded = asyncio.run_coroutine_threadsafe(_start_demo_odoo(), loop).result()
    try:
        yield server.url, seeded.integration_api_key or ""
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


def _serve_workers(settings: Settings, host: str, port: int, demo: bool, workers: int) -> None:
    """``workers`` uvicorn worker processes on one socket. They share what must be shared through Redis
    (``REDIS_URL``, required), one signing key (a random one is made here when none is set) and their metrics
    through ``PROMETHEUS_MULTIPROC_DIR`` (a temporary directory removed on exit, ``bff.metrics``)."""
    from bff.metrics import MULTIPROCESS_DIR

    if not (settings.jwt_secret or settings.jwt_private_key_file):
        from bff.auth.tokens import generate_dev_secret

        log.warning("BFF_JWT_SECRET is not set: the workers share a random key, and tokens die with them")
        os.environ["BFF_JWT_SECRET"] = generate_dev_secret()
    with tempfile.TemporaryDirectory(prefix="bff-metrics-") as metrics_dir, \
            (_demo_odoo_thread() if demo else _no_demo()) as demo_odoo:
        os.environ[MULTIPROCESS_DIR] = metrics_dir
        if demo_odoo is not None:
            from demo_data.content import INTEGRATION_LOGIN

            os.environ.pop("ODOO_PASSWORD", None)
            os.environ.update(ODOO_URL=demo_odoo[0], ODOO_DB=EMULATOR_DB, ODOO_LOGIN=INTEGRATION_LOGIN,
                              ODOO_API_KEY=demo_odoo[1])
            log.info("demo mode: embedded Odoo emulator at %s for %d workers", demo_odoo[0], workers)
        log.info("GraphQL at http://%s:%d/graphql (%d workers)", host, port, workers)
        uvicorn.run("bff.cli:worker_app", factory=True, workers=workers, host=host, port=port,
                    **uvicorn_options(settings))


@contextmanager
def _no_demo() -> Iterator[None]:
    yield None


def tune_gc() -> None:
    """Python's collector is tuned for short scripts: with its default gen-0 threshold (700) a change fanned out
    to 1,000 subscribers ran several full collections over every long-lived socket and task (py-spy: a third
    of the BFF's CPU in that fan-out; p99 delivery 555 ms before, about 240 ms after; ``make bench``). Freeze what
    start-up created (never garbage) and collect young objects less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_GEN0_THRESHOLD, 20, 100)


async def _emulator(host: str, port: int, latency_ms: float) -> None:
    from demo_data.content import INTEGRATION_LOGIN

    server, seeded = await _start_demo_odoo(latency_ms, host=host, port=port)
    print(f"Odoo emulator at {server.url} (db {EMULATOR_DB}, admin/admin), seeded; integration account "
          f"{INTEGRATION_LOGIN} API key {seeded.integration_api_key}; Ctrl-C stops it", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


HOLD_PARAMETER = "customk9.payment_hold_minutes"


async def _seed(settings: Settings) -> None:
    from bff.app import odoo_client_from_settings
    from demo_data.content import INTEGRATION_LOGIN
    from demo_data.seed import seed

    async with odoo_client_from_settings(settings) as odoo:
        result = await seed(odoo)
        # the addon's payment hold (rules/holds.py): how long an unpaid order keeps its seats and units
        await odoo.call("ir.config_parameter", "set_param",
                        [HOLD_PARAMETER, str(settings.payment_hold_minutes)])
    print(f"seeded {settings.odoo_url} db {settings.odoo_db}: {len(result.clients)} clients, "
          f"{len(result.events)} events, {len(result.equipment)} equipment, {len(result.posts)} posts, "
          f"{len(result.dogs)} dogs, {len(result.rentals)} rentals")
    if result.integration_api_key:
        print(f"integration account {INTEGRATION_LOGIN}: ODOO_LOGIN={INTEGRATION_LOGIN} "
              f"ODOO_API_KEY={result.integration_api_key} (shown once; Odoo keeps only its hash)")


async def _odoo_check(settings: Settings, *, demo: bool, as_json: bool) -> int:
    """Print the capability report of the configured Odoo (or of the embedded demo one); 1 when it fails."""
    import json

    from bff.app import odoo_client_from_settings
    from bff.odoo_check import as_json as checks_json
    from bff.odoo_check import exit_status, render, run_checks

    emulator = None
    if demo:
        from demo_data.content import INTEGRATION_LOGIN

        emulator, seeded = await _start_demo_odoo()
        settings = settings.with_odoo_api_key(emulator.url, db=EMULATOR_DB, login=INTEGRATION_LOGIN,
                                              api_key=seeded.integration_api_key or "")
    try:
        async with odoo_client_from_settings(settings) as odoo:
            checks = await run_checks(odoo, settings)
    finally:
        if emulator is not None:
            await emulator.stop()
    print(json.dumps(checks_json(checks), indent=2) if as_json else render(checks), flush=True)
    return exit_status(checks)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bff", description="CustomK9 GraphQL BFF over Odoo")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve GraphQL (the embedded demo Odoo when ODOO_URL is unset)")
    serve.add_argument("--demo", action="store_true", help="use the embedded Odoo emulator with demo data")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes (uvicorn); more than one needs REDIS_URL for the shared state")
    commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    schema_check = commands.add_parser("schema-check", help="breaking changes of schema.graphql since the last "
                                                            "v* release tag; exit 1 when one is not marked intended")
    schema_check.add_argument("--against", help="a git ref to compare with instead of the last v* tag")
    emulator = commands.add_parser("emulator", help="run the seeded Odoo emulator alone")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=8069)
    emulator.add_argument("--latency-ms", type=float, default=0.0, help="added to every JSON-RPC answer")
    commands.add_parser("seed", help="load the demo data into the Odoo the ODOO_* settings name")
    persisted = commands.add_parser("persisted-queries", help="write the allow-list manifest of .graphql files "
                                    "(BFF_PERSISTED_QUERIES_MANIFEST), each checked against the schema")
    persisted.add_argument("files", nargs="+", help="one GraphQL document per file")
    odoo = commands.add_parser("odoo", help="look at the Odoo the ODOO_* settings name")
    odoo_commands = odoo.add_subparsers(dest="odoo_command", required=True)
    check = odoo_commands.add_parser("check", help="print what Odoo offers the BFF; exit 1 when the BFF cannot serve")
    check.add_argument("--demo", action="store_true", help="check the embedded demo Odoo instead")
    check.add_argument("--json", action="store_true", help="print the checks as JSON")
    args = parser.parse_args(argv)

    if args.command == "schema":
        from bff.graphql_schema import build_schema

        sys.stdout.write(build_schema().as_str() + "\n")
        return 0
    if args.command == "persisted-queries":
        from bff.persisted_manifest import manifest_from_files
        from bff.query_limits import DocumentLimits

        try:
            manifest = manifest_from_files(args.files, DocumentLimits.from_settings(Settings.from_env()))
        except (OSError, ValueError) as exc:
            parser.error(str(exc))
        sys.stdout.write(json.dumps(manifest, indent=2) + "\n")
        return 0
    if args.command == "schema-check":
        from bff.schema_compat import ROOT, compare, report

        comparison = compare((ROOT / "schema.graphql").read_text(encoding="utf-8"), release=args.against)
        print(report(comparison))
        return 1 if comparison.unmarked else 0
    settings = Settings.from_env()
    _configure_logging(settings.log_level)
    try:
        if args.command == "serve":
            demo = args.demo or not settings.odoo_url
            if args.workers < 1:
                parser.error("--workers must be at least 1")
            if args.workers > 1 and not settings.redis_url:
                parser.error("--workers above 1 needs REDIS_URL: refresh tokens, revocations, log-in throttling "
                             "and rate limits must be shared by the workers")
            if args.workers > 1:
                _serve_workers(settings, args.host, args.port, demo, args.workers)
            else:
                with asyncio.Runner(loop_factory=event_loop_factory()) as runner:
                    runner.run(_serve(settings, args.host, args.port, demo=demo))
        elif args.command == "emulator":
            asyncio.run(_emulator(args.host, args.port, args.latency_ms))
        elif args.command == "seed":
            if not os.environ.get("ODOO_URL"):
                parser.error("bff seed needs ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_PASSWORD (an administrator)")
            from bff.errors import OdooError
            from demo_data.seed import SeedError

            try:
                asyncio.run(_seed(settings))
            except SeedError as exc:
                print(f"bff seed: {exc}", file=sys.stderr)
                return 1
            except OdooError as exc:
                print(f"bff seed: Odoo refused ({type(exc).__name__}: {exc.message}); check the ODOO_* settings and "
                      "that the account is an administrator", file=sys.stderr)
                return 1
        elif args.command == "odoo":
            if not (args.demo or os.environ.get("ODOO_URL")):
                parser.error("bff odoo check needs ODOO_URL, ODOO_DB, ODOO_LOGIN and ODOO_API_KEY (or --demo)")
            return asyncio.run(_odoo_check(settings, demo=args.demo, as_json=args.json))
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
