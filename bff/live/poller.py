"""The change feed without a bus: read the ``write_date`` of the watched models every few seconds.

Per model a cursor holds the newest ``write_date`` seen (Odoo's second-precision UTC text) and the ids
already reported at that second; each poll reads the rows with ``write_date >= cursor`` (archived ones too)
and reports the new ones: ``create`` when created after the cursor (or at its second, unreported), else
``write``.
``prime`` starts the cursors at the newest rows, so history is never reported. Deletions are invisible to
polling; the feed sends a ``Resync`` whenever it switches mode for that reason.
"""

from __future__ import annotations

import logging
from typing import Any

from bff.errors import OdooAccessError, OdooModelNotFound
from bff.live.changes import Change
from bff.odoo_client import OdooClient

log = logging.getLogger("bff.live.poller")

# The addon's watched models: those whose changes a dashboard shows, and the public catalogue the public cache
# keeps (bff.public_cache).
WATCHED_MODELS = ("customk9.dog", "project.project", "project.task", "calendar.event", "event.event",
                  "event.registration", "sale.order", "event.type", "event.tag", "event.event.ticket", "blog.blog",
                  "blog.post", "blog.tag", "product.template")
_EPOCH = "1970-01-01 00:00:00"
_FIELDS = ["id", "write_date", "create_date"]


class WriteDatePoller:
    """Cursors over the watched models; one ``search_read`` per model and poll."""

    def __init__(self, odoo: OdooClient, models: tuple[str, ...] = WATCHED_MODELS, batch: int = 500) -> None:
        self._odoo = odoo
        self.models = list(models)
        self._batch = batch
        self._cursor: dict[str, str] = {}
        self._at_cursor: dict[str, set[int]] = {}
        self.primed = False

    async def _rows(self, model: str, domain: list[Any], order: str) -> list[dict[str, Any]]:
        return await self._odoo.call(model, "search_read", [], {
            "domain": domain, "fields": _FIELDS, "limit": self._batch, "order": order,
            "context": {"active_test": False}})

    async def prime(self) -> None:
        """Start every cursor at the model's newest row; drop models this Odoo lacks or hides."""
        for model in list(self.models):
            try:
                rows = await self._rows(model, [], "write_date desc, id desc")
            except (OdooModelNotFound, OdooAccessError) as exc:
                log.info("polling skips %s: %s", model, type(exc).__name__)
                self.models.remove(model)
                continue
            newest = rows[0]["write_date"] if rows else _EPOCH
            self._cursor[model] = newest
            self._at_cursor[model] = {r["id"] for r in rows if r["write_date"] == newest}
        self.primed = True

    async def poll(self) -> list[Change]:
        """The changes since the last poll, one ``Change`` per model and operation."""
        changes: list[Change] = []
        for model in self.models:
            cursor = self._cursor[model]
            rows = await self._rows(model, [("write_date", ">=", cursor)], "write_date, id")
            fresh = [r for r in rows if not (r["write_date"] == cursor and r["id"] in self._at_cursor[model])]
            if not fresh:
                continue
            reported = self._at_cursor[model]
            created = tuple(r["id"] for r in fresh if _created_since(r, cursor, reported))
            written = tuple(r["id"] for r in fresh if r["id"] not in created)
            if created:
                changes.append(Change(model=model, ids=created, op="create"))
            if written:
                changes.append(Change(model=model, ids=written, op="write"))
            newest = max(r["write_date"] for r in rows)
            at_newest = {r["id"] for r in rows if r["write_date"] == newest}
            self._at_cursor[model] = at_newest | (self._at_cursor[model] if newest == cursor else set())
            self._cursor[model] = newest
        return changes


def _created_since(row: dict[str, Any], cursor: str, reported: set[int]) -> bool:
    created = row.get("create_date") or _EPOCH
    return created > cursor or (created == cursor and row["id"] not in reported)
