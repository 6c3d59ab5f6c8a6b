"""Batch loaders over Odoo ``read``: one Odoo call per model and nesting level, whatever the page size."""

from __future__ import annotations

from typing import Any, ClassVar

from aiodataloader import DataLoader

from bff.odoo_client import OdooClient

Row = dict[str, Any]


class RecordByIdLoader(DataLoader):
    """Loads rows of one model by id with one ``read`` per batch.

    Rows come back in key order; an id Odoo does not return (deleted, archived) maps to ``None`` instead of
    failing the batch. Subclasses name the model and the fields; build them fresh for every request.
    """

    model: ClassVar[str]
    fields: ClassVar[tuple[str, ...]]

    def __init__(self, odoo: OdooClient) -> None:
        super().__init__()
        self.odoo = odoo

    async def batch_load_fn(self, keys: list[int]) -> list[Row | None]:
        rows = await self.odoo.read(self.model, sorted(set(keys)), fields=list(self.fields))
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(key) for key in keys]

    async def load_existing(self, ids: list[int]) -> list[Row]:
        """Rows for ``ids`` in the same order, leaving out the ones that no longer exist."""
        rows = await self.load_many(list(ids))
        return [row for row in rows if row is not None]


async def load_page(odoo: OdooClient, loader: RecordByIdLoader, domain: list[Any], *, limit: int, offset: int,
                    order: str, many2one: frozenset[str]) -> tuple[int, list[Row]]:
    """The total count and one page of ``loader``'s model, in one Odoo call.

    Rows are primed into ``loader`` so nested fields that come back to the same records cost nothing.
    ``limit == 0`` asks only for the count (Odoo reads a zero limit as "no limit").
    """
    if limit == 0:
        return await odoo.search_count(loader.model, domain), []
    total, rows = await odoo.search_page(loader.model, domain, fields=list(loader.fields), many2one=many2one,
                                         limit=limit, offset=offset, order=order)
    for row in rows:
        loader.prime(row["id"], row)
    return total, rows
