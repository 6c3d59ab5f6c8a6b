"""``bff odoo check``: what the configured Odoo offers the BFF, and whether the BFF can serve on it.

Each check answers ``ok``, ``warn`` (the BFF serves, but an operator should act: mail, crons, an API key
about to expire) or ``fail`` (the BFF cannot serve: Odoo unreachable, the account refused, a module or the
addon missing). The server facts the integration account may not read itself (configuration, mail servers,
crons, its keys' expiry) come from the addon's ``customk9.ops.report``. ``/readyz`` shows the same report.
"""

from __future__ import annotations

import ast
import asyncio
import logging
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from bff.errors import OdooError
from bff.odoo_client import OdooClient
from bff.settings import Settings

# The addon's dependencies (website_sale: equipment products readable by anonymous browsers).
log = logging.getLogger("bff.odoo_check")
REQUIRED_MODULES = ("project", "calendar", "event", "event_sale", "website_event", "website_blog", "website_sale",
                    "sale_management", "sale_stock", "stock", "portal", "bus", "mail")
# Features that switch on with a module (capability detection); absent ones answer FEATURE_UNAVAILABLE.
OPTIONAL_MODULES = ("payment", "payment_demo", "membership", "crm")
INTEGRATION_GROUP = "customk9.group_customk9_integration"
ADMIN_GROUPS = ("base.group_system", "base.group_erp_manager")
KEY_WARNING_DAYS = 14
MANIFEST = Path(__file__).resolve().parent.parent / "odoo_addons" / "customk9" / "__manifest__.py"


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str


def addon_version_here() -> str | None:
    """The version of the addon shipped beside this BFF (None when the BFF runs without the repository)."""
    try:
        return str(ast.literal_eval(MANIFEST.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


async def run_checks(odoo: OdooClient, settings: Settings, *, now: datetime | None = None) -> list[Check]:
    """Every check, in the order an operator fixes them; stops early when Odoo cannot be reached at all."""
    checks: list[Check] = []
    try:
        version = await odoo.version_info()
    except OdooError as exc:
        return [Check("odoo", "fail", f"{settings.odoo_url} does not answer: {exc.message}")]
    serie = str(version.get("server_serie") or version.get("server_version") or "?")
    major = (version.get("server_version_info") or [0])[0]
    checks.append(Check("odoo", "ok" if isinstance(major, int) and major >= 17 else
                        "warn" if major == 16 else "fail",
                        f"Odoo {serie} at {settings.odoo_url}, database {settings.odoo_db}"))
    try:
        info = await odoo.detect()
    except OdooError as exc:
        checks.append(Check("account", "fail", f"{settings.odoo_login} cannot work: {exc.message}"))
        return checks
    checks.append(Check("account", "ok", f"{settings.odoo_login} signed in with "
                                         f"{'an API key' if settings.odoo_api_key else 'a password'}"))
    missing = [m for m in REQUIRED_MODULES if m not in info.modules]
    checks.append(Check("modules", "fail" if missing else "ok",
                        f"missing: {', '.join(missing)}" if missing else f"{len(info.modules)} installed"))
    absent = [m for m in OPTIONAL_MODULES if m not in info.modules]
    checks.append(Check("optional modules", "warn" if absent else "ok",
                        f"not installed (their features answer FEATURE_UNAVAILABLE): {', '.join(absent)}"
                        if absent else ", ".join(OPTIONAL_MODULES)))
    if "customk9" not in info.modules:
        checks.append(Check("addon", "fail", "the customk9 addon is not installed (odoo_addons/customk9)"))
        return checks
    try:
        report = await odoo.call("customk9.ops", "report", [])
    except OdooError as exc:
        checks.append(Check("addon", "fail", f"customk9 is installed but customk9.ops.report failed ({exc.message}):"
                                             " upgrade it with -u customk9"))
        return checks
    checks.extend(report_checks(report, settings, now=now or datetime.now(UTC).replace(tzinfo=None)))
    checks.append(await bus_check(odoo, settings.odoo_bus_url or odoo.url))
    return checks


def report_checks(report: dict[str, Any], settings: Settings, *, now: datetime) -> list[Check]:
    """The checks the addon's operations report answers."""
    here = addon_version_here()
    there = report.get("addon_version") or "?"
    checks = [Check("addon", "ok" if here in (None, there) else "warn",
                    f"customk9 {there}" + ("" if here in (None, there) else f"; this BFF ships {here}: -u customk9"))]
    groups = set(report.get("groups") or ())
    admin = sorted(groups & set(ADMIN_GROUPS))
    if admin:  # it works, with far more rights than the BFF needs
        checks.append(Check("groups", "warn", f"the account is an administrator ({', '.join(admin)}): use an "
                                              "account with the group CustomK9 BFF integration only"))
    elif INTEGRATION_GROUP not in groups:
        checks.append(Check("groups", "fail", "the account lacks the group CustomK9 BFF integration"))
    else:
        checks.append(Check("groups", "ok", "CustomK9 BFF integration"))
    checks.append(_api_key_check(report.get("api_keys") or [], settings, now))
    servers = int(report.get("mail_servers") or 0)
    server = report.get("server") or {}
    checks.append(Check("mail", "ok" if servers else "warn",
                        f"{servers} outgoing mail server(s)" if servers else
                        f"no outgoing mail server: Odoo tries {server.get('smtp_server') or 'localhost'}:25; "
                        "registrations' mails and password resets fail"))
    threads = int(server.get("max_cron_threads") or 0)
    stopped = [c["name"] for c in report.get("crons") or [] if not c.get("active")]
    checks.append(Check("crons", "warn" if threads <= 0 or stopped else "ok",
                        "max_cron_threads = 0: no cron runs (mail queue, payment holds, clean-ups)" if threads <= 0
                        else f"inactive: {', '.join(stopped)}" if stopped
                        else f"{threads} cron thread(s); {len(report.get('crons') or [])} cron(s) the BFF needs"))
    checks.append(Check("list_db", "warn" if server.get("list_db") else "ok",
                        "list_db = True: anyone can list and manage databases; set list_db = False and a dbfilter"
                        if server.get("list_db") else f"off; dbfilter {server.get('dbfilter') or '(none)'}"))
    return checks


def _api_key_check(keys: list[dict[str, Any]], settings: Settings, now: datetime) -> Check:
    if not settings.odoo_api_key:
        return Check("api key", "warn", "the BFF signs in with a password: use an API key (Preferences > "
                                        "Account Security)")
    dated = sorted(datetime.fromisoformat(k["expiration_date"]) for k in keys if k.get("expiration_date"))
    if not dated:
        return Check("api key", "ok", f"{len(keys)} key(s), none expires")
    soonest = dated[0]
    left = soonest - now
    status = "fail" if left <= timedelta(0) else "warn" if left <= timedelta(days=KEY_WARNING_DAYS) else "ok"
    return Check("api key", status, f"the account's first key expires {soonest:%Y-%m-%d %H:%M} UTC "
                                    f"({left.days} days): rotate it before then")


async def bus_check(odoo: OdooClient, bus_url: str) -> Check:
    """Can the BFF open Odoo's bus websocket? Without it subscriptions fall back to polling."""
    from bff.live.bus_client import BusConnection, BusLinkLost, BusRefused

    try:
        info = await odoo.detect()
        async with aiohttp.ClientSession() as http:
            conn = await asyncio.wait_for(
                BusConnection.open(http, bus_url, version=f"{info.serie or '18.0'}-1", heartbeat_s=10,
                                   timeout_s=5), timeout=5)
            await conn.close()
    except BusRefused as exc:
        return Check("bus", "warn", f"/websocket refused ({exc.status}): live updates poll Odoo instead")
    except (BusLinkLost, TimeoutError, OdooError) as exc:
        return Check("bus", "warn", f"/websocket not reachable ({exc}): live updates poll Odoo instead; behind "
                                    "a reverse proxy, pass the websocket upgrade through")
    return Check("bus", "ok", f"{bus_url}/websocket answers: live updates follow the bus")


def exit_status(checks: list[Check]) -> int:
    return 1 if any(c.status == "fail" for c in checks) else 0


def render(checks: list[Check]) -> str:
    width = max(len(c.name) for c in checks)
    marks = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}
    lines = [f"{marks[c.status]}  {c.name.ljust(width)}  {c.detail}" for c in checks]
    verdict = "the BFF cannot serve on this Odoo" if exit_status(checks) else "the BFF can serve on this Odoo"
    return "\n".join(lines + [verdict])


class CachedReport:
    """The report for ``/readyz``: computed at most once per ``ttl_s`` (probes come every few seconds)."""

    def __init__(self, odoo: OdooClient, settings: Settings, ttl_s: float = 60.0) -> None:
        self._odoo, self._settings, self._ttl = odoo, settings, ttl_s
        self._at = -ttl_s
        self._checks: list[Check] = []
        self._lock = asyncio.Lock()

    async def get(self, *, fresh: bool = False) -> list[Check]:
        async with self._lock:
            if fresh or time.monotonic() - self._at >= self._ttl:
                self._checks = await run_checks(self._odoo, self._settings)
                self._at = time.monotonic()
            return self._checks


async def watch_odoo(report: CachedReport, interval_s: float) -> None:
    """Log every warning and failure of the report at start-up, then every ``interval_s`` (0: at start only),
    so that an API key about to expire, stopped crons or a missing mail server are said in the log before
    they bite, not only in ``/readyz``."""
    while True:
        try:
            for check in await report.get(fresh=True):
                if check.status != "ok":
                    log.warning("odoo check %s: %s: %s", check.status.upper(), check.name, check.detail)
        except Exception:  # noqa: BLE001 — a report that cannot be made is said, never fatal
            log.warning("odoo check could not run", exc_info=True)
        if interval_s <= 0:
            return
        await asyncio.sleep(interval_s)


def as_json(checks: list[Check]) -> list[dict[str, str]]:
    return [asdict(c) for c in checks]
