"""A document (ir.attachment) on one of the viewer's records, downloaded through the BFF."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from bff.odoo_values import parse_datetime, text
from bff.schema.node import Node, encode_global_id

Row = dict[str, Any]
_ATTACHED_TO = {"res.partner": "PROFILE", "customk9.dog": "DOG", "project.project": "TRAINING_PLAN",
                "sale.order": "RENTAL", "project.task": "SERVICE_REQUEST"}


@strawberry.type(description="A file shared with the client: vaccination records, training notes, contracts.")
class Document(Node):
    name: str = strawberry.field(description="File name.")
    description: str | None = strawberry.field(description="What the document is.")
    mimetype: str | None = strawberry.field(description="MIME type, e.g. application/pdf.")
    size_bytes: int = strawberry.field(description="Size of the file in bytes.")
    created_at: datetime | None = strawberry.field(description="When it was added (UTC).")
    attached_to: str = strawberry.field(
        description="What it belongs to: PROFILE, DOG, TRAINING_PLAN, RENTAL or SERVICE_REQUEST.")
    download_path: str = strawberry.field(
        description="Path on this API to download it; send the same `Authorization: Bearer` header.")

    @classmethod
    def from_row(cls, row: Row) -> Document:
        global_id = encode_global_id("Document", row["id"])
        return cls(odoo_id=row["id"], name=row.get("name") or "", description=text(row.get("description")),
                   mimetype=text(row.get("mimetype")), size_bytes=int(row.get("file_size") or 0),
                   created_at=parse_datetime(row.get("create_date")),
                   attached_to=_ATTACHED_TO.get(row.get("res_model") or "", "OTHER"),
                   download_path=f"/documents/{global_id}")
