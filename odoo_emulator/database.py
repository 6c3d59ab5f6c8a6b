"""``Database``: the in-memory Odoo 18 database and the single RPC entry point ``execute``.

The ORM itself lives in ``odoo_emulator.models`` (``orm``: store and sudo operations; ``rpc``, ``web``,
``read_group``: the public methods; one module per Odoo app for the model behaviours; ``seed``: what
a fresh Odoo 18 database without demo data holds). Access control is delegated to an
:class:`AccessPolicy` (``odoo_emulator.access.OdooAccessPolicy`` when that module exists).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import inspect
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, Protocol

from .exceptions import AccessDenied, AccessError, ModelNotFound, PythonAttributeError, PythonTypeError
from .models import KNOWN_ADDONS, customk9, get_registry
from .models.customk9_bus import send as send_bus
from .models.lang import check_context_lang
from .models.orm import SUPERUSER_ID
from .models.read_group import ReadGroupMethods
from .models.rpc import check_ids
from .models.seed import seed_database

SERVER_VERSION = "18.0"
HASH_ROUNDS = 1000  # real Odoo uses 600k pbkdf2 rounds; the emulator stays fast


class AccessPolicy(Protocol):
    def check_model(self, db: Database, uid: int, model: str, operation: str) -> None: ...
    def rule_domain(self, db: Database, uid: int, model: str, operation: str) -> list: ...
    def check_fields(self, db: Database, uid: int, model: str, fields: list[str], operation: str) -> None: ...


class AllowAll:
    """A policy that allows everything (for ORM tests)."""

    def check_model(self, db: Database, uid: int, model: str, operation: str) -> None:
        return None

    def rule_domain(self, db: Database, uid: int, model: str, operation: str) -> list:
        return []

    def check_fields(self, db: Database, uid: int, model: str, fields: list[str], operation: str) -> None:
        return None


def _default_policy() -> AccessPolicy:
    try:
        from .access import OdooAccessPolicy  # type: ignore[import-not-found]
    except ModuleNotFoundError as exc:
        if exc.name != "odoo_emulator.access":
            raise
        return AllowAll()
    return OdooAccessPolicy()


def hash_secret(secret: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), salt.encode(), HASH_ROUNDS).hex()
    return f"pbkdf2_sha256${HASH_ROUNDS}${salt}${digest}"


def verify_secret(secret: str, stored: str | None) -> bool:
    if not stored or not isinstance(secret, str):
        return False
    try:
        _algo, _rounds, salt, _digest = stored.split("$")
    except ValueError:
        return False
    return hmac.compare_digest(hash_secret(secret, salt), stored)


class Database(ReadGroupMethods):
    def __init__(
        self,
        name: str = "customk9",
        *,
        access: AccessPolicy | None = None,
        now: Callable[[], datetime] | None = None,
        addons: tuple[str, ...] | list[str] = KNOWN_ADDONS,
    ) -> None:
        """``addons``: the project's Odoo addons installed in this database (default: all, i.e. ``customk9``);
        ``addons=()`` is a plain Odoo 18 without them (their models and fields do not exist)."""
        self.name = name
        if set(addons) - set(KNOWN_ADDONS):
            raise ValueError(f"unknown addons {sorted(set(addons) - set(KNOWN_ADDONS))}, known: {KNOWN_ADDONS}")
        self.addons = tuple(a for a in KNOWN_ADDONS if a in addons)
        self.registry = get_registry(self.addons)
        self.tables: dict[str, dict[int, dict]] = {}
        self._seq: dict[str, int] = {}
        self._journal: list | None = None
        self._journaled: set = set()
        self._groups_by_id: dict[int, frozenset[str]] | None = None  # res.groups id -> its xml ids
        self._user_groups: dict[int, frozenset[str]] = {}  # uid -> user_groups(uid)
        self._clock = now or (lambda: datetime.now(UTC).replace(tzinfo=None))
        self._lock = threading.RLock()
        self.active_test = True
        self.access: AccessPolicy = access if access is not None else _default_policy()
        self.context: dict = {}  # the context of the RPC call being executed
        self.session: dict = {}  # the web session values of that call (identity check), fresh for /jsonrpc
        self.bus: list[dict] = []  # bus.bus rows: {"id", "channel", "message": {"type", "payload"}, "at"}
        self.bus_retention_s = 100.0  # Odoo's autovacuum deletes bus rows older than this (bus.bus GC)
        self.bus_replay_s = 50.0  # what a subscribe with ``last=0`` replays (Odoo's TIMEOUT)
        self.bus_clock: Callable[[], float] = time.monotonic  # the rows' "at"; tests may replace it
        self.bus_listeners: list[Callable[[list[dict]], None]] = []  # told of new rows (the websocket route)
        self._bus_seq = 0  # bus_bus_id_seq: ids never go back, even when rows are pruned
        self.bus_pending: dict | None = None  # changes of the running RPC call, sent when it succeeds
        self.outbox: list[dict] = []  # mails Odoo would send: {"to", "subject", "kind"}
        # The odoo.conf options and server state ``customk9.ops.report`` reveals; tests change them to see what
        # ``bff odoo check`` says of a badly configured Odoo. The outbox stands for one outgoing mail server.
        self.server_config: dict[str, Any] = {"list_db": False, "dbfilter": f"^{name}$", "proxy_mode": False,
                                              "workers": 0, "max_cron_threads": 1, "smtp_server": "localhost"}
        self.mail_servers = 1
        self._web_session: dict | None = None
        seed_database(self)
        if "customk9" in self.addons:
            customk9.seed(self)

    # ------------------------------------------------------------------ identity and auth
    def version_info(self) -> dict:
        return {
            "server_version": SERVER_VERSION,
            "server_version_info": [18, 0, 0, "final", 0, ""],
            "server_serie": "18.0",
            "protocol_version": 1,
        }

    def _user_row(self, uid: int) -> dict | None:
        return self.tables.get("res.users", {}).get(uid) if isinstance(uid, int) else None

    def authenticate(self, login: str, password: str, *, interactive: bool = False) -> int:
        """The uid of an active user whose password (or, when not interactive, API key) matches.

        Odoo accepts API keys in place of the password for the external API (``/jsonrpc``
        ``common.authenticate``) but not for the interactive ``/web/session/authenticate``.
        """
        with self._lock:
            for uid, row in self.tables.get("res.users", {}).items():
                if row.get("login") == login and row.get("active"):
                    if verify_secret(password, row.get("_password_hash")):
                        return uid
                    if not interactive and self._api_key_matches(uid, password):
                        return uid
                    break
            raise AccessDenied()

    def _api_key_matches(self, uid: int, secret: str) -> bool:
        now = self.now_str()
        return any(
            key.get("user_id") == uid
            and (not key.get("expiration_date") or key["expiration_date"] >= now)
            and verify_secret(secret, key.get("_key_hash"))
            for key in self.tables.get("res.users.apikeys", {}).values()
        )

    def password_matches(self, uid: int, password: Any) -> bool:
        """The user's password (never an API key), as Odoo's interactive credential check."""
        row = self._user_row(uid)
        return bool(row and isinstance(password, str) and verify_secret(password, row.get("_password_hash")))

    def session_token(self, uid: int) -> str | None:
        """Changes when the login, password or active flag of the user changes: sessions made before expire."""
        row = self._user_row(uid)
        if row is None or not row.get("active"):
            return None
        return f"{uid}:{row.get('login')}:{row.get('_password_hash')}"

    def check_credentials(self, uid: int, secret: str) -> None:
        with self._lock:
            row = self._user_row(uid)
            if row is None or not row.get("active"):
                raise AccessDenied()
            if verify_secret(secret, row.get("_password_hash")):
                return
            if self._api_key_matches(uid, secret):
                return
            raise AccessDenied()

    def set_password(self, uid: int, password: str) -> None:
        self._touch("res.users", uid)
        self.tables["res.users"][uid]["_password_hash"] = hash_secret(password) if password else None

    def create_api_key(self, uid: int, name: str, *, expiration_date: str | bool = False) -> str:
        """A new API key of ``uid`` (40 hex characters, stored hashed; valid until ``expiration_date``)."""
        with self._lock:
            key = secrets.token_hex(20)
            kid = self.create_record(
                "res.users.apikeys",
                {"name": name, "user_id": uid, "scope": False, "expiration_date": expiration_date},
                SUPERUSER_ID,
            )
            row = self.tables["res.users.apikeys"][kid]
            row["_key_hash"], row["index"] = hash_secret(key), key[:8]
            return key

    # ------------------------------------------------------------------ parameters, bus, mail
    def get_param(self, key: str, default: Any = False) -> Any:
        """``ir.config_parameter`` value (sudo)."""
        for row in self.tables.get("ir.config_parameter", {}).values():
            if row.get("key") == key:
                return row.get("value")
        return default

    def set_param(self, key: str, value: Any) -> None:
        rows = self.tables.get("ir.config_parameter", {})
        found = [pid for pid, row in rows.items() if row.get("key") == key]
        if value is False or value is None:
            if found:
                self.unlink_records("ir.config_parameter", found)
        elif found:
            self.write_records("ir.config_parameter", found, {"value": str(value)})
        else:
            self.create_record("ir.config_parameter", {"key": key, "value": str(value)})

    def bus_send(self, channel: str, notification_type: str, payload: Any) -> None:
        """``bus.bus._sendone``: append one notification with the next id, then tell the listeners (the
        websocket dispatch; Odoo: NOTIFY imbus after the commit)."""
        self._bus_seq = max(self._bus_seq, self.bus[-1]["id"] if self.bus else 0) + 1
        row = {"id": self._bus_seq, "channel": channel, "at": self.bus_clock(),
               "message": {"type": notification_type, "payload": payload}}
        self.bus.append(row)
        self.bus_prune()
        for listener in list(self.bus_listeners):
            listener([row])

    def bus_prune(self) -> None:
        """Drop rows older than ``bus_retention_s`` (Odoo's bus garbage collection)."""
        cutoff = self.bus_clock() - self.bus_retention_s
        if self.bus and self.bus[0].get("at", cutoff) < cutoff:
            self.bus[:] = [n for n in self.bus if n.get("at", cutoff) >= cutoff]

    def bus_newest_id(self) -> int:
        """The id of the newest row still stored (0 when none): Odoo resets a ``last`` above it to 0."""
        return self.bus[-1]["id"] if self.bus else 0

    def bus_since(self, channels: Any, last: int = 0) -> list[dict]:
        """The notifications on ``channels`` with an id above ``last``; ``last=0``: those of the last
        ``bus_replay_s`` seconds (``bus.bus._poll``, what a websocket subscribe replays)."""
        self.bus_prune()
        wanted = {channels} if isinstance(channels, str) else set(channels)
        if last:
            return [n for n in self.bus if n["id"] > last and n["channel"] in wanted]
        since = self.bus_clock() - self.bus_replay_s
        return [n for n in self.bus if n.get("at", since) >= since and n["channel"] in wanted]

    def reset_bus(self) -> None:
        """Forget every bus row and restart ids at 1: an Odoo restored from an older backup (tests)."""
        self.bus.clear()
        self._bus_seq = 0

    def send_mail(self, to: Any, subject: str, kind: str) -> None:
        self.outbox.append({"to": to, "subject": subject, "kind": kind})

    def check_access(self, uid: int, model: str, operation: str) -> None:
        """The model ACL of ``uid`` (for methods that check it themselves)."""
        self._acl(uid, model, operation)

    def user_groups(self, uid: int) -> frozenset[str]:
        """The xml ids of a user's groups. Remembered per user until a change to res.users or ir.model.data
        (``OrmMethods._touch``) or a rollback: access checks ask several hundred times per page read."""
        known = self._user_groups.get(uid)
        if known is not None:
            return known
        row = self._user_row(uid)
        if row is None:
            return frozenset()
        by_id = self._groups_by_id
        if by_id is None:
            names: dict[int, set[str]] = {}
            for d in self.tables.get("ir.model.data", {}).values():
                if d.get("model") == "res.groups":
                    names.setdefault(d.get("res_id"), set()).add(f"{d['module']}.{d['name']}")
            by_id = self._groups_by_id = {res_id: frozenset(xmlids) for res_id, xmlids in names.items()}
        groups = frozenset().union(*(by_id.get(gid, ()) for gid in self.value("res.users", uid, "groups_id")))
        self._user_groups[uid] = groups
        return groups

    def user_partner_id(self, uid: int) -> int:
        row = self._user_row(uid)
        return row.get("partner_id") or False if row else False

    def session_info(self, uid: int) -> dict:
        with self._lock:
            row = self._user_row(uid)
            if row is None:
                raise AccessDenied()
            groups = self.user_groups(uid)
            partner_id = row["partner_id"]
            company = self.tables["res.company"][row.get("company_id") or 1]
            currency = self.tables["res.currency"][company["currency_id"]]
            is_system = "base.group_system" in groups
            return {
                "uid": uid,
                "is_system": is_system,
                "is_admin": is_system or "base.group_erp_manager" in groups,
                "is_public": "base.group_public" in groups,
                "is_internal_user": "base.group_user" in groups,
                "user_context": {
                    "lang": self.value("res.users", uid, "lang") or "en_US",
                    "tz": self.value("res.users", uid, "tz") or False,
                    "uid": uid,
                },
                "db": self.name,
                "user_settings": {"id": uid, "user_id": {"id": uid}},
                "server_version": SERVER_VERSION,
                "server_version_info": [18, 0, 0, "final", 0, ""],
                "support_url": "https://www.odoo.com/buy",
                "name": self.value("res.users", uid, "name"),
                "username": row["login"],
                "partner_write_date": self.tables["res.partner"][partner_id]["write_date"],
                "partner_display_name": self.display_name("res.partner", partner_id),
                "partner_id": partner_id,
                "web.base.url": "http://127.0.0.1:8069",
                "active_ids_limit": 20000,
                "profile_session": None,
                "profile_collectors": None,
                "profile_params": None,
                "max_file_upload_size": 134217728,
                "home_action_id": False,
                "cache_hashes": {"translations": "0" * 40},
                "currencies": {
                    str(company["currency_id"]): {
                        "symbol": currency["symbol"],
                        "position": currency["position"],
                        "digits": [69, currency["decimal_places"]],
                    }
                },
                "bundle_params": {"lang": "en_US"},
                "test_mode": False,
                "user_companies": {
                    "current_company": company["id"],
                    "allowed_companies": {
                        str(company["id"]): {
                            "id": company["id"],
                            "name": company["name"],
                            "sequence": 10,
                            "child_ids": [],
                            "parent_id": False,
                            "currency_id": company["currency_id"],
                        }
                    },
                    "disallowed_ancestor_companies": {},
                },
                "show_effect": True,
                "display_switch_company_menu": False,
                "websocket_worker_version": "18.0-1",
            }

    # ------------------------------------------------------------------ RPC entry
    @contextlib.contextmanager
    def web_session(self, values: dict) -> Iterator[None]:
        """Run the ``execute`` calls of the block in a web session whose values are ``values``."""
        previous, self._web_session = self._web_session, values
        try:
            yield
        finally:
            self._web_session = previous

    def execute(self, uid: int, model: str, method: str, args: list, kwargs: dict) -> Any:
        """One RPC (call_kw / execute_kw), atomic: on any error every change of the call is undone.

        The call sees the values of the web session given by ``web_session`` (kept between the calls of one
        session, e.g. the identity check), else a fresh one, as ``/jsonrpc`` calls do. Bus notifications of
        the call are sent if it succeeds.
        """
        with self._lock:
            if not isinstance(model, str) or model not in self.registry:
                raise ModelNotFound(
                    "404 Not Found: The requested URL was not found on the server. If you "
                    "entered the URL manually please check your spelling and try again."
                )
            if not isinstance(method, str) or method.startswith("_"):
                raise AccessError(f"Private methods (such as {method}) cannot be called remotely.")
            args = list(args or [])
            kwargs = dict(kwargs or {})
            context = kwargs.pop("context", None) or {}
            check_context_lang(self, context)
            call = self._resolve(uid, model, method, args, kwargs)
            self.active_test = not (isinstance(context, dict) and context.get("active_test") is False)
            self.context = context if isinstance(context, dict) else {}
            self.session = self._web_session if self._web_session is not None else {}
            self._journal, self._journaled = [], set()
            self.bus_pending, outbox_size = {}, len(self.outbox)
            try:
                result = call()
            except BaseException:
                self.rollback(self._journal)
                del self.outbox[outbox_size:]
                raise
            else:
                pending, self.bus_pending = self.bus_pending, None
                if pending:
                    send_bus(self, pending)
                return result
            finally:
                self._journal, self._journaled = None, set()
                self.active_test = True
                self.context, self.session, self.bus_pending = {}, {}, None

    def _resolve(self, uid: int, model: str, method: str, args: list, kwargs: dict) -> Callable[[], Any]:
        custom = self.registry[model].methods.get(method)
        if custom is not None:
            func = custom.func
            if custom.on_records:
                ids_arg = args[0] if args else kwargs.pop("ids", [])
                params: list = [self, uid, ids_arg] + args[1:]
            else:
                params = [self, uid] + args

            def run_custom() -> Any:
                if custom.on_records:
                    ids = check_ids(model, params[2])
                    self._acl(uid, model, custom.access)
                    missing = [i for i in ids if not self.exists(model, i)]
                    if missing:
                        from .models.orm import missing_error

                        raise missing_error(model, missing, uid)
                    self._check_rules(uid, model, ids, custom.access)
                    params[2] = ids
                return func(*params, **kwargs)

            self._bind(func, params, kwargs)
            return run_custom
        bound = getattr(self, f"rpc_{method}", None)
        if bound is None:
            raise PythonAttributeError(f"The method '{method}' does not exist on the model '{model}'")
        self._bind(bound, [uid, model] + args, kwargs)
        return lambda: bound(uid, model, *args, **kwargs)

    @staticmethod
    def _bind(func: Callable, args: list, kwargs: dict) -> None:
        try:
            inspect.signature(func).bind(*args, **kwargs)
        except TypeError as exc:
            raise PythonTypeError(f"{getattr(func, '__name__', 'method')}() {exc}") from None
