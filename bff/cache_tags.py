"""Which cached public answers a change in Odoo makes stale, and the record of changes seen while reading.

Every cached answer (an Odoo call in ``bff.public_reads``, a whole response in ``bff.response_cache``) carries
**tags**: the Odoo models it read, plus ``NESTED`` when a call's ``specification`` reached into related
models that the call does not name. A ``Change`` of model M drops the answers tagged with a model that M
affects; a ``Resync`` drops everything.

| change of            | also makes stale                       | because                                          |
|----------------------|----------------------------------------|--------------------------------------------------|
| event.registration   | event.event, event.event.ticket        | seats taken and available are computed from it    |
| event.type/tag       | event.event                            | an event's category and tags are read by name     |
| event.event          | event.event.ticket                     | a ticket names its event                          |
| blog.blog, blog.tag  | blog.post                              | a post names its blog and tags                    |
| product.category     | product.product, product.template      | equipment names its category                      |
| product.template     | product.product                        | a variant's fields live on its template           |
| sale.order, calendar.event | customk9.booking                 | rentals and sessions change availability and slots|
| any public model     | every answer tagged ``NESTED``          | its nested specification may have read it         |

A read that was in flight when a change arrived may hold the old state: ``ChangeLog`` numbers the changes so
that such an answer is handed to its callers but never stored (``stale_since``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from bff.live.changes import Change, FeedEvent
from bff.policy import PUBLIC_MODELS

NESTED = "*nested*"
EVERYTHING: frozenset[str] = frozenset({"*everything*"})

DEPENDENTS: dict[str, frozenset[str]] = {
    "event.registration": frozenset({"event.event", "event.event.ticket"}),
    "event.type": frozenset({"event.event"}),
    "event.tag": frozenset({"event.event"}),
    "event.event": frozenset({"event.event.ticket"}),
    "blog.blog": frozenset({"blog.post"}),
    "blog.tag": frozenset({"blog.post"}),
    "product.category": frozenset({"product.product", "product.template"}),
    "product.template": frozenset({"product.product"}),
    "sale.order": frozenset({"customk9.booking"}),  # equipment availability (never shared: answers only)
    "calendar.event": frozenset({"customk9.booking"}),  # a trainer's free slots
}


def affected(event: FeedEvent) -> frozenset[str]:
    """The tags a feed event makes stale (``EVERYTHING`` for a resync)."""
    if not isinstance(event, Change):
        return EVERYTHING
    models = {event.model, *DEPENDENTS.get(event.model, ())}
    if models & PUBLIC_MODELS:
        models.add(NESTED)
    return frozenset(models)


def is_stale(tags: Iterable[str], stale: frozenset[str]) -> bool:
    return stale is EVERYTHING or not stale.isdisjoint(tags)


class ChangeLog:
    """The last changes, numbered, so a read can tell whether one that concerns it arrived meanwhile."""

    def __init__(self, keep: int = 1024) -> None:
        self.seq = 0
        self._recent: deque[tuple[int, frozenset[str]]] = deque(maxlen=keep)

    def note(self, stale: frozenset[str]) -> None:
        self.seq += 1
        self._recent.append((self.seq, stale))

    def stale_since(self, seq: int, tags: Iterable[str]) -> bool:
        """Whether a change after ``seq`` concerns ``tags`` (or too many changes went by to tell)."""
        if seq == self.seq:
            return False
        if not self._recent or self._recent[0][0] > seq + 1:
            return True
        tags = frozenset(tags)
        return any(number > seq and is_stale(tags, stale) for number, stale in self._recent)
