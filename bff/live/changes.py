"""What the change feed publishes: changes the addon announced, or a signal that some may have been missed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Operation = Literal["create", "write", "unlink"]


@dataclass(frozen=True)
class Change:
    """The addon announced that ``ids`` of ``model`` were created, written or unlinked."""

    model: str
    ids: tuple[int, ...]
    op: Operation
    bus_id: int | None = None  # the bus.bus row id; None when the change was found by polling


@dataclass(frozen=True)
class Resync:
    """Changes may have been missed (gap in the bus history, Odoo restarted, polling mode): re-read."""

    reason: str


FeedEvent = Change | Resync
