"""Parsed and validated documents, kept between requests: a client sends the same few documents all day, and
parsing plus validating ``{ __typename }`` cost more CPU than answering it.

```
            key = (schema version, sha256 of the document text)
request ──▶ on_parse:    hit ──▶ the cached DocumentNode     miss ──▶ graphql-core parses it (length and
             │                                                         token limits)
             ▼
            on_validate: hit ──▶ only the cost of the operation that runs, when it declares variables (the
             │                   cost reads them), and no spec validation when the rules are the same
             │           miss ──▶ every document limit, then the spec's validation; kept when both pass
             ▼
            execution (always per request; so are the text checks of ``bff/text_input.py``)
```

Only what passed is kept: a document that fails to parse, exceeds a limit or is invalid is parsed and refused
afresh on every request (its errors carry per-request fields, and keeping it would let garbage evict good
entries).
The schema version is a digest of the printed schema and of the limits and rules that judge a document, so a
cache shared by two schemas, or kept across a deploy, never answers for the wrong one. Bounded by the text it
holds: an LRU weighed in characters of document text, ``BFF_DOCUMENT_CACHE_CHARS`` (0 turns caching off), since
a document of the maximal length parses to a tree thousands of times larger than ``{ __typename }``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from cachetools import LRUCache
from graphql import DocumentNode

DEFAULT_CHARS = 2_000_000  # about 1,000 documents of 2 KB; their trees take some tens of MB


def document_hash(query: str) -> str:
    """The hex SHA-256 of a document's text: the same digest Apollo's persisted queries use."""
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


def schema_version(sdl: str, *judges: object) -> str:
    """A short digest of the schema's SDL and of whatever else decides if a document may run (limits, rules)."""
    text = "\n".join([sdl, *(repr(judge) for judge in judges)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class CachedDocument:
    """One parsed document and what it has passed so far."""

    document: DocumentNode  # kept only once it passed the document limits (operations, aliases, depth)
    size: int  # the characters of its text: what it weighs in the LRU
    validated_with: tuple[Any, ...] | None = None  # the validation rules it passed


@dataclass
class DocumentCache:
    """A bounded LRU of parsed documents for one schema version, with hit and miss counts."""

    version: str
    max_chars: int = DEFAULT_CHARS
    parses: int = 0  # documents parsed, limited and validated, then kept
    hits: int = 0
    validations: int = 0  # full spec validations run (a cached, validated document needs none)
    entries: Any = field(default=None, repr=False)  # the LRU itself; several caches may share one

    def __post_init__(self) -> None:
        if self.entries is None:
            self.entries = LRUCache(maxsize=max(self.max_chars, 1), getsizeof=lambda entry: entry.size)

    @property
    def enabled(self) -> bool:
        return self.max_chars > 0

    def key(self, query: str) -> tuple[str, str]:
        return (self.version, document_hash(query))

    def get(self, query: str) -> CachedDocument | None:
        if not self.enabled:
            return None
        entry: CachedDocument | None = self.entries.get(self.key(query))
        if entry is not None:
            self.hits += 1
        return entry

    def holds(self, query: str) -> bool:
        """Whether ``query`` is kept (it parsed, passed the limits and validated), without counting a hit."""
        return self.key(query) in self.entries

    def put(self, query: str, document: DocumentNode) -> CachedDocument:
        entry = CachedDocument(document, len(query))
        if self.enabled and entry.size <= self.max_chars:
            self.entries[self.key(query)] = entry
        return entry

    def __len__(self) -> int:
        return len(self.entries)
