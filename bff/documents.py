"""Documents: ir.attachment records linked to the viewer's own records, and their download route.

An attachment is visible when the record it hangs on is: the client's partner, one of their dogs, plans,
rentals or posted invoices (when Odoo has ``account``), each through ``bff.policy`` (for a trainer: their
clients' partners and dogs and the plans they lead; for a manager: all). Downloads go through the BFF with
the viewer's token, never through Odoo's own URLs, so the viewer's scope is checked on every byte served.
Files attached to the messages of a service request hang on its task: they are listed with the message
and downloaded here when the request is in scope.
"""

from __future__ import annotations

import asyncio
import base64
import re
import unicodedata
from typing import Any
from urllib.parse import quote

from aiodataloader import DataLoader
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bff.errors import BadUserInput, OdooError
from bff.odoo_client import OdooClient
from bff.policy import NOTHING, Scope

_ATTR_CHARS = "!#$&+-.^_`|~"  # RFC 5987 attr-char besides letters and digits: left as they are
_NOT_TOKEN_SAFE = re.compile(r'[^A-Za-z0-9 !#$&+.^_`|~()\[\]{}@,;=\'-]')  # no quote, backslash or control
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$")
DOCUMENT_FIELDS = ["name", "mimetype", "file_size", "create_date", "res_model", "res_id", "description"]


OWNER_FIELDS = {"res.partner": "id", "customk9.dog": "owner_id", "project.project": "partner_id",
                "sale.order": "partner_id", "account.move": "partner_id"}


def scoped_models(scope: Scope, *, invoices: bool = False) -> dict[str, list[Any]]:
    """Model -> domain of the records whose attachments the viewer may see; ``invoices`` when Odoo has
    ``account``: the files on the client's posted invoices (the invoice PDF once Odoo made it)."""
    models = {"res.partner": scope.client_partners(), "customk9.dog": scope.dogs(),
              "project.project": scope.plans(), "sale.order": scope.rentals()}
    if invoices:
        models["account.move"] = scope.invoices()
    return models


async def _has_invoices(odoo: OdooClient) -> bool:
    return (await odoo.detect()).has("account")


class DocumentsByOwnerLoader(DataLoader):
    """Documents of many clients at once: one search per record model (in parallel) and one attachment
    read, whatever the number of clients. Records belong to a client by direct ownership."""

    def __init__(self, odoo: OdooClient, scope: Scope, *, limit: int = 100) -> None:
        super().__init__()
        self.odoo, self.scope, self.limit = odoo, scope, limit

    async def batch_load_fn(self, keys: list[int]) -> list[list[dict[str, Any]]]:
        owners = sorted(set(keys))
        # a model the viewer may not see at all (a trainer's rentals) costs no Odoo call
        invoices = await _has_invoices(self.odoo)
        models = {model: domain for model, domain in scoped_models(self.scope, invoices=invoices).items()
                  if domain != NOTHING}

        async def owned(model: str) -> dict[int, int]:
            field = OWNER_FIELDS[model]
            rows = await self.odoo.search_read(model, [(field, "in", owners), *models[model]],
                                               fields=[field])  # never [] : Odoo reads every field then
            return {row["id"]: row[field] if field == "id" else row[field][0] for row in rows}

        record_owner = dict(zip(models, await asyncio.gather(*(owned(model) for model in models)), strict=True))
        groups = [[("res_model", "=", model), ("res_id", "in", sorted(found))]
                  for model, found in record_owner.items() if found]
        by_owner: dict[int, list[dict[str, Any]]] = {owner: [] for owner in owners}
        if groups:
            domain: list[Any] = ["|"] * (len(groups) - 1)
            for group in groups:
                domain += ["&", *group]
            rows = await self.odoo.search_read("ir.attachment", domain, fields=DOCUMENT_FIELDS,
                                               order="create_date desc, id desc")
            for row in rows:
                owner = record_owner.get(row["res_model"], {}).get(row["res_id"])
                if owner in by_owner and len(by_owner[owner]) < self.limit:
                    by_owner[owner].append(row)
        return [by_owner[key] for key in keys]


async def document_if_visible(odoo: OdooClient, scope: Scope, document_id: int) -> dict[str, Any] | None:
    """The attachment row when the viewer may see it, else ``None`` (missing and foreign look the same)."""
    rows = await odoo.read("ir.attachment", [document_id], fields=DOCUMENT_FIELDS)
    if not rows:
        return None
    row = rows[0]
    domain = {**scoped_models(scope, invoices=await _has_invoices(odoo)),
              "project.task": scope.service_requests()}.get(row.get("res_model") or "")
    if domain is None or not row.get("res_id"):
        return None
    if not await odoo.search_count(row["res_model"], [("id", "=", row["res_id"]), *domain]):
        return None
    return row


async def download(request: Request) -> Response:
    """``GET /documents/{id}`` with ``Authorization: Bearer <access token>``."""
    from bff.schema.node import expect_global_id

    app_state = request.app.state
    viewer, error = await app_state.auth.viewer_from_header(request.headers.get("authorization"))
    if error or not viewer.is_authenticated:
        return JSONResponse({"error": "UNAUTHENTICATED"}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    try:
        document_id = expect_global_id(request.path_params["id"], "Document")
    except BadUserInput:
        return JSONResponse({"error": "NOT_FOUND"}, status_code=404)
    odoo: OdooClient = app_state.odoo
    try:
        row = await document_if_visible(odoo, Scope(viewer), document_id)
        if row is None:
            return JSONResponse({"error": "NOT_FOUND"}, status_code=404)
        [data] = await odoo.read("ir.attachment", [document_id], fields=["datas"])
    except OdooError:
        return JSONResponse({"error": "ODOO_UNAVAILABLE"}, status_code=503)
    content = base64.b64decode(data.get("datas") or b"")
    return Response(content, media_type=media_type(row.get("mimetype")),
                    headers={"Content-Disposition": content_disposition(row.get("name")),
                             "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


def content_disposition(name: Any) -> str:
    """``attachment`` with the file name as RFC 6266 wants it: an ASCII ``filename`` for old clients and
    ``filename*=UTF-8''...`` (RFC 5987) with the real name. Control characters (CR/LF would split the header;
    h11 then drops the connection) and path separators are removed; Odoo names are any text staff typed."""
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in str(name or ""))
    text = " ".join(text.replace("/", "_").replace("\\", "_").split()) or "document"
    ascii_name = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_name = _NOT_TOKEN_SAFE.sub("_", ascii_name).strip()
    if not ascii_name.partition(".")[0].strip():  # nothing left of a name in another script: keep its extension
        ascii_name = "document" + ascii_name
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(text, safe=_ATTR_CHARS)}"


def media_type(mimetype: Any) -> str:
    """Odoo's ``mimetype`` when it is a plain ``type/subtype``, else ``application/octet-stream``."""
    return mimetype if isinstance(mimetype, str) and _MEDIA_TYPE.match(mimetype) else "application/octet-stream"
