"""The Relay ``Node`` interface and global ids (``base64("Type:id")``)."""

from __future__ import annotations

import base64
import binascii
import re

import strawberry

from bff.errors import BadUserInput
from bff.odoo_values import MAX_ODOO_ID

_GLOBAL_ID = re.compile(r"^([A-Za-z][A-Za-z0-9]*):(\d{1,10})$")


def encode_global_id(type_name: str, odoo_id: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{odoo_id}".encode()).decode().rstrip("=")


def decode_global_id(global_id: str) -> tuple[str, int]:
    """``(type name, Odoo id)``; a malformed id is the client's mistake, so ``BadUserInput``. So is an id
    no Odoo record can have (above PostgreSQL's ``integer``): it must never reach Odoo as a number."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        match = _GLOBAL_ID.match(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadUserInput(f"Invalid ID {global_id!r}", field="id") from exc
    odoo_id = int(match.group(2)) if match else 0
    if match is None or not 0 < odoo_id <= MAX_ODOO_ID:
        raise BadUserInput(f"Invalid ID {global_id!r}", field="id")
    return match.group(1), odoo_id


def expect_global_id(global_id: str, type_name: str) -> int:
    """The Odoo id of a global id that must name ``type_name``."""
    found_type, odoo_id = decode_global_id(global_id)
    if found_type != type_name:
        raise BadUserInput(f"ID {global_id!r} is not a {type_name} ID", field="id")
    return odoo_id


@strawberry.interface(description="An object with a global ID. Relay and Apollo caches key objects by it; "
                                  "fetch any of them again with `node(id:)`.")
class Node:
    odoo_id: strawberry.Private[int]

    @strawberry.field(description="Globally unique, opaque ID of this object.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_global_id(graphql_type_name(self), self.odoo_id))


def graphql_type_name(obj: object) -> str:
    """The GraphQL name of a strawberry object (``Viewer`` for the ``ViewerInfo`` class), the id's prefix."""
    definition = getattr(type(obj), "__strawberry_definition__", None)
    return definition.name if definition is not None else type(obj).__name__
