"""The Odoo reads one change needs, made once whatever the number of subscribers it concerns.

A change names ids only (the addon never puts field values on the bus). To decide who may see it, the
broker reads the changed rows once with the fields the policy's row rules need (``AUDIENCE_FIELDS``) and the
link fields subscriptions follow (a registration's event, a task's plan), plus, for tasks, their plans'
rows: at most two Odoo calls per change. Rows of deleted records cannot be read any more: the last rows
read are kept in a bounded cache so that a deletion still reaches the subscribers who could see the record.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Any

from bff.live.changes import Change
from bff.odoo_client import OdooClient
from bff.policy import AUDIENCE_FIELDS

LINK_FIELDS: dict[str, tuple[str, ...]] = {"event.registration": ("event_id",), "project.task": ("project_id",)}
Row = dict[str, Any]


class RowCache:
    """The most recent audience rows by (model, id), so deletions can still be routed. Bounded (LRU)."""

    def __init__(self, size: int = 10_000) -> None:
        self._rows: OrderedDict[tuple[str, int], Row] = OrderedDict()
        self._size = size

    def put(self, model: str, rows: dict[int, Row]) -> None:
        for rid, row in rows.items():
            self._rows[model, rid] = row
            self._rows.move_to_end((model, rid))
        while len(self._rows) > self._size:
            self._rows.popitem(last=False)

    def get(self, model: str, rid: int) -> Row | None:
        return self._rows.get((model, rid))


class ChangeReads:
    """Lazily made, shared reads for one change."""

    def __init__(self, odoo: OdooClient, change: Change, cache: RowCache) -> None:
        self.odoo, self.change, self.cache = odoo, change, cache
        self._rows: asyncio.Future[dict[int, Row]] | None = None
        self._plans: asyncio.Future[dict[int, Row]] | None = None

    def fields(self) -> list[str]:
        model = self.change.model
        return sorted({*AUDIENCE_FIELDS.get(model, ()), *LINK_FIELDS.get(model, ())})

    async def rows(self) -> dict[int, Row]:
        """The changed rows by id; deleted ones come from the cache when it still has them."""
        if self._rows is None:
            self._rows = asyncio.ensure_future(self._read_rows())
        return await asyncio.shield(self._rows)

    async def plans(self) -> dict[int, Row]:
        """For a task change: the rows of the tasks' plans, by plan id."""
        if self._plans is None:
            self._plans = asyncio.ensure_future(self._read_plans())
        return await asyncio.shield(self._plans)

    async def _read_rows(self) -> dict[int, Row]:
        model, ids = self.change.model, list(self.change.ids)
        found: dict[int, Row] = {}
        if self.change.op != "unlink":
            found = {row["id"]: row for row in await self.odoo.read(model, ids, fields=self.fields())}
            self.cache.put(model, found)
        for rid in ids:
            if rid not in found and (cached := self.cache.get(model, rid)) is not None:
                found[rid] = cached
        return found

    async def _read_plans(self) -> dict[int, Row]:
        plan_ids = sorted({row["project_id"][0] for row in (await self.rows()).values() if row.get("project_id")})
        if not plan_ids:
            return {}
        rows = await self.odoo.read("project.project", plan_ids, fields=list(AUDIENCE_FIELDS["project.project"]))
        return {row["id"]: row for row in rows}
