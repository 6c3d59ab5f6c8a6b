"""Loaders of service requests (project.task of the "Service requests" project), their public messages, the
attachments of those messages and the names of their assignees: one Odoo call per kind and level."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Any

from aiodataloader import DataLoader

from bff.documents import DOCUMENT_FIELDS
from bff.loaders.base import Row, ScopedByIdLoader, ScopedByParentLoader
from bff.odoo_client import OdooClient

REQUEST_FIELDS = ("name", "partner_id", "user_ids", "state", "stage_id", "create_date", "customk9_service_kind",
                  "customk9_dog_id", "customk9_preferred_dates", "customk9_plan_id", "customk9_session_id")
MESSAGE_FIELDS = ("body", "author_id", "date", "res_id", "attachment_ids")
# What a portal user sees of a chatter (Odoo 18 ``mail.message._get_search_domain_share``), human messages only
PUBLIC_MESSAGES: list[Any] = [("model", "=", "project.task"), ("message_type", "in", ["comment", "email"]),
                              ("is_internal", "=", False), ("subtype_id", "!=", False),
                              ("subtype_id.internal", "=", False)]


class ServiceRequestByIdLoader(ScopedByIdLoader):
    model = "project.task"
    fields = REQUEST_FIELDS


class ServiceRequestsByClientLoader(ScopedByParentLoader):
    """Requests are filed on the client's commercial partner (``request_service``)."""

    model = "project.task"
    fields = REQUEST_FIELDS
    parent_field = "partner_id"
    order = "create_date desc, id desc"


class PublicMessagesByRequestLoader(DataLoader):
    """The public messages of many requests, oldest first, in one ``search_read``. Callers pass only ids of
    requests the viewer sees (the request was read through its scoped loader first)."""

    def __init__(self, odoo: OdooClient) -> None:
        super().__init__()
        self.odoo = odoo

    async def batch_load_fn(self, keys: list[int]) -> list[list[Row]]:
        rows = await self.odoo.search_read("mail.message", [("res_id", "in", sorted(set(keys))), *PUBLIC_MESSAGES],
                                           fields=list(MESSAGE_FIELDS), order="date asc, id asc")
        by_request: dict[int, list[Row]] = defaultdict(list)
        for row in rows:
            by_request[row["res_id"]].append(row)
        return [by_request.get(key, []) for key in keys]


class ReadByIdLoader(DataLoader):
    """Rows of ``model`` by id with one ``read`` per batch (ids come from rows already scoped)."""

    def __init__(self, odoo: OdooClient, model: str, fields: list[str]) -> None:
        super().__init__()
        self.odoo, self.model, self.fields = odoo, model, fields

    async def batch_load_fn(self, keys: list[int]) -> list[Row | None]:
        rows = await self.odoo.read(self.model, sorted(set(keys)), fields=self.fields)
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(key) for key in keys]


class ServiceRequestLoaders:
    """The service-request loaders of one request (``Loaders.service_requests``)."""

    def __init__(self, odoo: OdooClient, scope_domain: list[Any]) -> None:
        self.odoo, self.scope_domain = odoo, scope_domain

    @cached_property
    def request(self) -> ServiceRequestByIdLoader:
        return ServiceRequestByIdLoader(self.odoo, self.scope_domain)

    @cached_property
    def by_client(self) -> ServiceRequestsByClientLoader:
        return ServiceRequestsByClientLoader(self.odoo, self.scope_domain)

    @cached_property
    def messages(self) -> PublicMessagesByRequestLoader:
        return PublicMessagesByRequestLoader(self.odoo)

    @cached_property
    def attachments(self) -> ReadByIdLoader:
        return ReadByIdLoader(self.odoo, "ir.attachment", list(DOCUMENT_FIELDS))

    @cached_property
    def users(self) -> ReadByIdLoader:
        return ReadByIdLoader(self.odoo, "res.users", ["name"])
