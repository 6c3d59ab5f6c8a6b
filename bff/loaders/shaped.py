"""Pages and records read by a compiled specification (``bff.specification``): one Odoo call on Odoo 17+.

On Odoo 16 (no specification) the same functions read the top-level fields the specification names with
``search_count`` + ``search_read`` (or ``read``); relations then come back as ids and the types' resolvers
load them with their per-model loaders, as before. Rows are never primed into a loader: they hold only the
fields one selection needs, and a loader's cache must hold whole rows.
"""

from __future__ import annotations

from typing import Any

from bff.odoo_client import OdooClient
from bff.specification import Shape, Specification

Row = dict[str, Any]


async def load_shaped_page(odoo: OdooClient, shape: Shape, spec: Specification, domain: list[Any], *,
                           limit: int, offset: int, order: str, lang: str | None) -> tuple[int, list[Row]]:
    """The total count and one page of ``shape``'s model read by ``spec``.

    ``limit == 0`` asks only for the count (Odoo reads a zero limit as "no limit"). A page past the end (a
    forged or stale cursor) is counted again: Odoo answers length 0 for an empty page, and ``totalCount`` is
    the size of the whole list whatever the cursor.
    """
    if limit == 0:
        return await odoo.search_count(shape.model, domain, lang=lang), []
    if odoo.reads_specifications:
        total, records = await odoo.web_search_read(shape.model, domain, specification=spec, limit=limit,
                                                    offset=offset, order=order, lang=lang)
        rows = shape.rows(spec, records)
    else:
        fields, many2one = shape.top_level(spec)
        total, rows = await odoo.search_page(shape.model, domain, fields=fields, many2one=many2one, limit=limit,
                                             offset=offset, order=order, lang=lang)
    if not rows and offset:
        total = await odoo.search_count(shape.model, domain, lang=lang)
    return total, rows


async def search_shaped(odoo: OdooClient, shape: Shape, spec: Specification, domain: list[Any], *,
                        lang: str | None = None, order: str | None = None) -> list[Row]:
    """Every row of ``domain`` (a scoped private domain: one record by id, say) read by ``spec``."""
    if odoo.reads_specifications:
        _, records = await odoo.web_search_read(shape.model, domain, specification=spec, limit=None, order=order,
                                                lang=lang)
        return shape.rows(spec, records)
    fields, _ = shape.top_level(spec)
    return await odoo.search_read(shape.model, domain, fields=fields or ["id"], order=order, lang=lang)


async def read_shaped(odoo: OdooClient, shape: Shape, spec: Specification, ids: list[int], *,
                      lang: str | None = None) -> list[Row]:
    """Rows of ``ids`` in that order (missing ones left out), read by ``spec``."""
    if odoo.reads_specifications:
        rows = shape.rows(spec, await odoo.web_read(shape.model, ids, specification=spec, lang=lang))
    else:
        fields, _ = shape.top_level(spec)
        rows = await odoo.read(shape.model, ids, fields=fields or ["id"], lang=lang)
    by_id = {row["id"]: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]
