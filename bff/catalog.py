"""Process-wide knowledge about the Odoo instance that is public and changes rarely.

Only public facts live here (which category holds rental equipment, which fields a model has): private
data is never cached across requests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bff.errors import OdooError
from bff.languages import Language, Languages
from bff.odoo_client import OdooClient
from bff.settings import Settings

RENTAL_DEPOSIT_FIELD = "customk9_deposit"  # added to product.template by the CustomK9 Odoo addon
LANGUAGES_TTL_S = 60.0
ROLE_GROUPS = ("base.group_system", "base.group_erp_manager", "base.group_portal", "base.group_user",
               "customk9.group_customk9_trainer", "customk9.group_customk9_manager")


class _Cached:
    """One value computed on demand, kept ``ttl_s`` seconds, computed once for concurrent callers."""

    def __init__(self, compute: Callable[[], Awaitable[Any]], ttl_s: float) -> None:
        self._compute, self._ttl_s = compute, ttl_s
        self._value: Any = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def get(self) -> Any:
        if time.monotonic() < self._expires:
            return self._value
        async with self._lock:
            if time.monotonic() >= self._expires:
                self._value = await self._compute()
                self._expires = time.monotonic() + self._ttl_s
        return self._value


class Catalog:
    def __init__(self, odoo: OdooClient, settings: Settings, *, ttl_s: float = 300.0) -> None:
        self.odoo = odoo
        self.settings = settings
        self._rental_categories = _Cached(self._find_rental_categories, ttl_s)
        self._fields: dict[str, _Cached] = {}
        self._groups = _Cached(self._find_groups, ttl_s)
        # shorter: a language switched off in Odoo must stop being asked for soon (Odoo refuses its code)
        self._languages = _Cached(self._find_languages, min(ttl_s, LANGUAGES_TTL_S))
        self._company_currency = _Cached(self._find_company_currency, ttl_s)
        self._ttl_s = ttl_s

    async def _find_groups(self) -> dict[str, int]:
        modules = sorted({xmlid.split(".")[0] for xmlid in ROLE_GROUPS})
        names = sorted({xmlid.split(".")[1] for xmlid in ROLE_GROUPS})
        rows = await self.odoo.search_read("ir.model.data", [("model", "=", "res.groups"),
                                                             ("module", "in", modules), ("name", "in", names)],
                                           fields=["module", "name", "res_id"])
        found = {f"{row['module']}.{row['name']}": row["res_id"] for row in rows}
        return {xmlid: found[xmlid] for xmlid in ROLE_GROUPS if xmlid in found}

    async def _find_languages(self) -> Languages:
        rows, default = await asyncio.gather(
            self.odoo.search_read("res.lang", [], fields=["code", "name", "iso_code", "url_code", "direction"],
                                  order="id asc"),
            self._default_language())
        codes = {row["id"]: row["code"] for row in rows}
        return Languages([Language(code=row["code"], name=row["name"] or row["code"],
                                   iso_code=row.get("iso_code") or "", url_code=row.get("url_code") or "",
                                   direction=row.get("direction") or "ltr") for row in rows],
                         codes.get(default, "en_US") if isinstance(default, int) else default)

    async def _default_language(self) -> int | str:
        """The website's default language (a res.lang id) when the website app is installed, else the
        integration account's language code."""
        info = self.odoo.server_info  # detected at start-up; unknown: ask the website anyway
        if info is None or info.has("website"):
            try:
                sites = await self.odoo.search_read("website", [], fields=["default_lang_id"], limit=1)
            except OdooError:  # no website app (the model does not exist)
                sites = []
            if sites and sites[0].get("default_lang_id"):
                return int(sites[0]["default_lang_id"][0])
        uid = self.odoo.uid
        users = await self.odoo.read("res.users", [uid], fields=["lang"]) if uid else []
        return str(users[0].get("lang") or "en_US") if users else "en_US"

    async def languages(self) -> Languages:
        """The active languages of Odoo and the default one, kept a minute (``LANGUAGES_TTL_S``): a code Odoo
        no longer has would be refused, so a language switched off stops being asked for within that time."""
        return await self._languages.get()

    async def group_ids(self) -> dict[str, int]:
        """Ids of the groups that decide a viewer's role, by xmlid (missing modules leave gaps)."""
        return await self._groups.get()

    async def _find_rental_categories(self) -> frozenset[int]:
        ids = await self.odoo.search("product.category", [("name", "=", self.settings.rental_category)])
        if not ids:
            return frozenset()
        children = await self.odoo.search("product.category", [("id", "child_of", ids)])
        return frozenset(children)

    async def rental_category_ids(self) -> frozenset[int]:
        """Ids of the rental category named by the settings and of its sub-categories."""
        return await self._rental_categories.get()

    async def model_fields(self, model: str) -> frozenset[str]:
        """Field names the model has on this Odoo (addon fields appear once the addon is installed)."""
        if model not in self._fields:
            async def compute() -> frozenset[str]:
                return frozenset(await self.odoo.fields_get(model, attributes=["type"]))

            self._fields[model] = _Cached(compute, self._ttl_s)
        return await self._fields[model].get()

    async def _find_company_currency(self) -> str:
        rows = await self.odoo.search_read("res.company", [], fields=["currency_id"], limit=1)
        currency = rows[0].get("currency_id") if rows else None
        if not (isinstance(currency, list) and len(currency) > 1):  # required on res.company: a broken Odoo
            raise RuntimeError("The company has no currency")
        return str(currency[1])

    async def company_currency(self) -> str:
        """ISO code of the main company's currency: what an amount without a currency is in."""
        return await self._company_currency.get()
