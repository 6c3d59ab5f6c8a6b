"""Batch loaders over Odoo ``read``: one Odoo call per model and nesting level, whatever the page size."""

from __future__ import annotations

from typing import Any, ClassVar

from aiodataloader import DataLoader

from bff.odoo_client import OdooClient

Row = dict[str, Any]


class RecordByIdLoader(DataLoader):
    """Loads rows of one model by id with one ``read`` per batch.

    Rows come back in key order; an id Odoo does not return (deleted, archived) maps to ``None`` instead of
    failing the batch. Subclasses name the model and the fields; build them fresh for every request. A loader
    reads in one language (``lang``, an installed Odoo code; None: Odoo's en_US): one loader per language.
    """

    model: ClassVar[str]
    fields: ClassVar[tuple[str, ...]]

    def __init__(self, odoo: OdooClient, lang: str | None = None) -> None:
        super().__init__()
        self.odoo = odoo
        self.lang = lang

    async def batch_load_fn(self, keys: list[int]) -> list[Row | None]:
        rows = await self.odoo.read(self.model, sorted(set(keys)), fields=list(self.fields), lang=self.lang)
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(key) for key in keys]

    async def load_existing(self, ids: list[int]) -> list[Row]:
        """Rows for ``ids`` in the same order, leaving out the ones that no longer exist."""
        rows = await self.load_many(list(ids))
        return [row for row in rows if row is not None]


async def load_page(odoo: OdooClient, loader: RecordByIdLoader | ScopedByIdLoader, domain: list[Any], *,
                    limit: int, offset: int, order: str, many2one: frozenset[str]) -> tuple[int, list[Row]]:
    """The total count and one page of ``loader``'s model, in one Odoo call.

    Rows are primed into ``loader`` so nested fields that come back to the same records cost nothing.
    ``limit == 0`` asks only for the count (Odoo reads a zero limit as "no limit"). A page past the end
    (a forged or stale cursor) is counted again: Odoo's ``web_search_read`` answers length 0 for an empty
    page, and ``totalCount`` is the size of the whole list whatever the cursor.
    """
    lang = getattr(loader, "lang", None)
    if limit == 0:
        return await odoo.search_count(loader.model, domain, lang=lang), []
    total, rows = await odoo.search_page(loader.model, domain, fields=list(loader.fields), many2one=many2one,
                                         limit=limit, offset=offset, order=order, lang=lang)
    if not rows and offset:
        total = await odoo.search_count(loader.model, domain, lang=lang)
    for row in rows:
        loader.prime(row["id"], row)
    return total, rows


class ScopedByIdLoader(DataLoader):
    """Loads rows by id, but only those inside the viewer's scope: one ``search_read`` per batch.

    An id outside the scope maps to ``None`` exactly like an id that does not exist, so no caller can
    tell them apart (no existence leak).
    """

    model: ClassVar[str]
    fields: ClassVar[tuple[str, ...]]

    def __init__(self, odoo: OdooClient, scope_domain: list[Any]) -> None:
        super().__init__()
        self.odoo = odoo
        self.scope_domain = scope_domain

    async def batch_load_fn(self, keys: list[int]) -> list[Row | None]:
        domain = [("id", "in", sorted(set(keys))), *self.scope_domain]
        rows = await self.odoo.search_read(self.model, domain, fields=list(self.fields))
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(key) for key in keys]

    async def load_existing(self, ids: list[int]) -> list[Row]:
        rows = await self.load_many(list(ids))
        return [row for row in rows if row is not None]


class ScopedByParentLoader(DataLoader):
    """Loads the children of many parents (e.g. tasks of plans) with one ``search_read`` per batch."""

    model: ClassVar[str]
    fields: ClassVar[tuple[str, ...]]
    parent_field: ClassVar[str]
    order: ClassVar[str] = "id asc"

    def __init__(self, odoo: OdooClient, scope_domain: list[Any]) -> None:
        super().__init__()
        self.odoo = odoo
        self.scope_domain = scope_domain

    async def batch_load_fn(self, keys: list[int]) -> list[list[Row]]:
        domain = [(self.parent_field, "in", sorted(set(keys))), *self.scope_domain]
        rows = await self.odoo.search_read(self.model, domain, fields=list(self.fields), order=self.order)
        children: dict[int, list[Row]] = {key: [] for key in keys}
        for row in rows:
            parent = row.get(self.parent_field)
            parent_id = parent[0] if isinstance(parent, list) and parent else None
            if parent_id in children:
                children[parent_id].append(row)
        return [children[key] for key in keys]
