"""The typed ORM methods of ``OdooClient``: keyword-only, one per Odoo method the BFF uses.

They only shape arguments and answers (domains as JSON lists, ``web_search_read`` rows in ``search_read``
form; reads and writes of translated texts take a ``lang``, an installed Odoo code sent as ``context.lang``);
the one generic ``call`` of ``bff.odoo_client`` sends them, with its deadline, breaker and retries.
``ServerInfo`` is what ``detect`` learned about the instance, which ``search_page`` adapts to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bff.errors import OdooProtocolError

Domain = list[Any]


@dataclass(frozen=True)
class ServerInfo:
    """What the Odoo instance is and has, detected once."""

    version: str
    serie: str
    major: int
    modules: frozenset[str] = field(default_factory=frozenset)

    def has(self, module: str) -> bool:
        return module in self.modules


class OrmMethods:
    """Mixed into ``OdooClient``, which provides ``call`` and ``server_info``."""

    server_info: ServerInfo | None

    async def call(self, model: str, method: str, args: list[Any] | None = None,
                   kwargs: dict[str, Any] | None = None) -> Any:
        raise NotImplementedError

    async def search_read(self, model: str, domain: Domain, *, fields: list[str], limit: int | None = None,
                          offset: int = 0, order: str | None = None, lang: str | None = None,
                          ) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"domain": _wire_domain(domain), "fields": fields, "offset": offset,
                                  **_lang_context(lang)}
        if limit is not None:
            kwargs["limit"] = limit
        if order:
            kwargs["order"] = order
        return await self.call(model, "search_read", [], kwargs)

    async def search_page(self, model: str, domain: Domain, *, fields: list[str], many2one: frozenset[str],
                          limit: int, offset: int = 0, order: str | None = None, lang: str | None = None,
                          ) -> tuple[int, list[dict[str, Any]]]:
        """One page of rows and the total count of the domain.

        On Odoo 17+ this is one ``web_search_read`` (rows and count in one round trip); rows come back in
        ``search_read`` form (many2one as ``[id, name]``) whatever the version, so callers never see the
        difference. Older Odoo gets ``search_count`` plus ``search_read``.
        """
        if not self.reads_specifications:
            total = await self.search_count(model, domain, lang=lang)
            rows = await self.search_read(model, domain, fields=fields, limit=limit, offset=offset, order=order,
                                          lang=lang)
            return total, rows
        spec: dict[str, Any] = {name: ({"fields": {"display_name": {}}} if name in many2one else {}) for name in fields}
        total, rows = await self.web_search_read(model, domain, specification=spec, limit=limit, offset=offset,
                                                 order=order, lang=lang)
        return total, [_search_read_form(row, many2one) for row in rows]

    async def web_search_read(self, model: str, domain: Domain, *, specification: dict[str, Any],
                              limit: int | None, offset: int = 0, order: str | None = None, lang: str | None = None,
                              ) -> tuple[int, list[dict[str, Any]]]:
        """Odoo 17+: the count of ``domain`` and one page of rows read by ``specification`` (nested relations
        included, many2one as ``{"id", ...}``), in one round trip. ``bff.specification`` builds and reads it."""
        kwargs: dict[str, Any] = {"domain": _wire_domain(domain), "specification": specification,
                                  "offset": offset, **_lang_context(lang)}
        if limit is not None:
            kwargs["limit"] = limit
        if order:
            kwargs["order"] = order
        answer = await self.call(model, "web_search_read", [], kwargs)
        if not isinstance(answer, dict) or not isinstance(answer.get("records"), list):
            raise OdooProtocolError("web_search_read answered no records")
        return int(answer.get("length", len(answer["records"]))), answer["records"]

    async def web_read(self, model: str, ids: list[int], *, specification: dict[str, Any],
                       lang: str | None = None) -> list[dict[str, Any]]:
        """Odoo 17+: rows of ``ids`` read by ``specification`` (those that exist; Odoo raises on rows its
        rules hide from the account)."""
        if not ids:
            return []
        answer = await self.call(model, "web_read", [list(ids)], {"specification": specification,
                                                                  **_lang_context(lang)})
        if not isinstance(answer, list):
            raise OdooProtocolError("web_read answered no rows")
        return answer

    @property
    def reads_specifications(self) -> bool:
        """Whether the instance has ``web_search_read``/``web_read`` with a specification (Odoo 17+; an
        instance not detected yet is taken as one, as ``search_page`` does)."""
        info = self.server_info
        return info is None or info.major >= 17

    async def read(self, model: str, ids: list[int], *, fields: list[str], lang: str | None = None,
                   ) -> list[dict[str, Any]]:
        if not ids:
            return []
        return await self.call(model, "read", [list(ids)], {"fields": fields, **_lang_context(lang)})

    async def search(self, model: str, domain: Domain, *, limit: int | None = None, offset: int = 0,
                     order: str | None = None) -> list[int]:
        kwargs: dict[str, Any] = {"offset": offset}
        if limit is not None:
            kwargs["limit"] = limit
        if order:
            kwargs["order"] = order
        return await self.call(model, "search", [_wire_domain(domain)], kwargs)

    async def search_count(self, model: str, domain: Domain, *, lang: str | None = None) -> int:
        return await self.call(model, "search_count", [_wire_domain(domain)], _lang_context(lang))

    async def read_group(self, model: str, domain: Domain, *, fields: list[str], groupby: list[str],
                         lazy: bool = True, orderby: str | None = None) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"domain": _wire_domain(domain), "fields": fields, "groupby": groupby,
                                  "lazy": lazy}
        if orderby:
            kwargs["orderby"] = orderby
        return await self.call(model, "read_group", [], kwargs)

    async def create(self, model: str, values: dict[str, Any]) -> int:
        return await self.call(model, "create", [values], {})

    async def write(self, model: str, ids: list[int], values: dict[str, Any], *, lang: str | None = None) -> bool:
        """``lang``: the language translated texts in ``values`` are written in (only that one changes)."""
        return await self.call(model, "write", [list(ids), values], _lang_context(lang))

    async def unlink(self, model: str, ids: list[int]) -> bool:
        return await self.call(model, "unlink", [list(ids)], {})

    async def fields_get(self, model: str, *, attributes: list[str] | None = None) -> dict[str, Any]:
        return await self.call(model, "fields_get", [], {"attributes": attributes or ["type", "relation"]})


def _lang_context(lang: str | None) -> dict[str, Any]:
    """``context.lang`` for the reads of translated texts (an installed code: ``bff.languages`` checks it).
    Without it Odoo answers in en_US over ``/jsonrpc`` but in the account's language over a web session."""
    return {"context": {"lang": lang}} if lang else {}


def _search_read_form(row: dict[str, Any], many2one: frozenset[str]) -> dict[str, Any]:
    """``web_read`` gives many2one as ``{"id", "display_name"}``; turn it into ``[id, name]``."""
    for name in many2one:
        value = row.get(name)
        if isinstance(value, dict):
            row[name] = [value.get("id"), value.get("display_name") or ""]
    return row


def _wire_domain(domain: Domain) -> list[Any]:
    """Tuples become lists, as JSON has no tuples (Odoo accepts either)."""
    return [list(leaf) if isinstance(leaf, tuple) else leaf for leaf in domain]
