"""The persisted-query manifest: the documents a production BFF in allow-list mode runs, by SHA-256 of their text.

Two formats are read: a plain JSON object ``{"<sha256>": "<document>"}``, and Apollo's
``persisted-query-manifest.json`` (``@apollo/generate-persisted-query-manifest``, what a frontend build can emit):
``{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "name", "type", "body"}]}``.
``bff persisted-queries FILE.graphql ...`` writes the latter from ``.graphql`` files, one document per file, after
checking each against the schema and its limits, so a document that could never run is not listed. The hash is
of the exact text: a client must send the file's text byte for byte (or hash what it sends, as Apollo Client's
link does, and list those texts).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, parse, specified_rules
from graphql.validation import MaxIntrospectionDepthRule

from bff.document_cache import document_hash
from bff.query_limits import DocumentLimits


def load_manifest(path: str | Path) -> dict[str, str]:
    """``{sha256: document}`` from a manifest file. Every hash is checked against its document, so a stale or
    hand-edited manifest fails at start-up rather than per request."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("operations"), list):
        pairs = [(op.get("id"), op.get("body")) for op in data["operations"] if isinstance(op, dict)]
    elif isinstance(data, dict):
        pairs = list(data.items())
    else:
        raise ValueError(f"{path}: a persisted-query manifest is a JSON object")
    manifest: dict[str, str] = {}
    for sha256, query in pairs:
        if not isinstance(sha256, str) or not isinstance(query, str) or document_hash(query) != sha256.lower():
            raise ValueError(f"{path}: entry {sha256!r} is not the SHA-256 of its document")
        manifest[sha256.lower()] = query
    return manifest


def manifest_of(documents: Mapping[str, str]) -> dict[str, Any]:
    """Apollo's manifest format for ``{operation name: document}``."""
    operations = []
    for name, body in sorted(documents.items()):
        kinds = [d.operation.value for d in parse(body).definitions if isinstance(d, OperationDefinitionNode)]
        operations.append({"id": document_hash(body), "name": name, "type": kinds[0] if kinds else "query",
                           "body": body})
    return {"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations}


def manifest_from_files(paths: Iterable[str | Path], limits: DocumentLimits | None = None) -> dict[str, Any]:
    """The manifest of ``.graphql`` files, each parsed, limited and validated as the BFF would before running
    it (``limits``: the settings' ones); a document that would be refused names its file in a ``ValueError``."""
    from strawberry.schema.schema import validate_document

    from bff.graphql_schema import build_schema

    limits = limits or DocumentLimits()
    schema = build_schema(limits=limits)._schema
    rules = (*specified_rules, MaxIntrospectionDepthRule)
    documents: dict[str, str] = {}
    for path in map(Path, paths):
        body = path.read_text(encoding="utf-8")
        try:
            document = parse(body, max_tokens=limits.max_tokens, max_source_length=limits.max_document_length)
        except GraphQLError as exc:
            raise ValueError(f"{path}: {exc.message}") from exc
        refused = limits.check(document, schema) or validate_document(schema, document, rules)
        if refused:
            raise ValueError(f"{path}: {refused[0].message}")
        names = [d.name.value for d in document.definitions
                 if isinstance(d, OperationDefinitionNode) and d.name is not None]
        documents[names[0] if names else path.stem] = body
    return manifest_of(documents)
