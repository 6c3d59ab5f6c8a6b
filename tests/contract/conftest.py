"""Contract tests run against a real Odoo 18 when ``ODOO_URL`` is set, else against the in-memory emulator.

Real Odoo: ``ODOO_URL``, ``ODOO_DB``, ``ODOO_LOGIN``, ``ODOO_PASSWORD`` (an administrator). Every test creates
the records it needs under a unique name and removes them afterwards (``cleanup``), so it can run on a
shared database. Emulator: a fresh ``Database()`` per test (admin/admin, db "customk9") on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from .rpc import OdooRpc, RpcError


@dataclass
class Target:
    url: str
    db: str
    login: str
    password: str
    emulated: bool


@pytest.fixture
async def target() -> AsyncIterator[Target]:
    url = os.environ.get("ODOO_URL")
    if url:
        yield Target(url, os.environ["ODOO_DB"], os.environ["ODOO_LOGIN"], os.environ["ODOO_PASSWORD"], False)
        return
    from odoo_emulator.database import Database
    from odoo_emulator.server import EmulatorServer

    async with EmulatorServer(Database(name="customk9")) as server:
        yield Target(server.url, "customk9", "admin", "admin", True)


@pytest.fixture
async def anon(target: Target) -> AsyncIterator[OdooRpc]:
    client = OdooRpc(target.url, target.db)
    yield client
    await client.close()


@pytest.fixture
async def admin(target: Target) -> AsyncIterator[OdooRpc]:
    client = OdooRpc(target.url, target.db)
    await client.authenticate(target.login, target.password)
    yield client
    await client.close()


@pytest.fixture
def unique() -> str:
    """A name prefix no other test run uses."""
    return f"K9 contract {uuid.uuid4().hex[:10]}"


class Cleanup:
    """Records to unlink (as admin, last created first) when the test ends."""

    def __init__(self, admin: OdooRpc) -> None:
        self.admin = admin
        self.records: list[tuple[str, list[int]]] = []
        self.first_new_stage: int | None = None

    def add(self, model: str, ids: int | list[int]) -> None:
        self.records.append((model, [ids] if isinstance(ids, int) else list(ids)))

    async def create(self, model: str, vals: dict[str, Any] | list[dict[str, Any]]) -> Any:
        result = await self.admin.call_kw(model, "create", [vals])
        self.add(model, result)
        return result

    async def create_in(self, model: str, vals: dict[str, Any], kwargs: dict[str, Any]) -> Any:
        """``create`` with extra keyword arguments (a ``context``)."""
        result = await self.admin.call_kw(model, "create", [vals], kwargs)
        self.add(model, result)
        return result

    async def run(self) -> None:
        for model, ids in reversed(self.records):
            try:
                existing = await self.admin.call_kw(
                    model, "search", [[("id", "in", ids)]], {"context": {"active_test": False}}
                )
                if existing:
                    await self._dependents(model, existing)
                    await self.admin.call_kw(model, "unlink", [existing])
            except RpcError:
                pass  # best effort: e.g. an order whose goods left the stock cannot be deleted on a real Odoo
        await self._orphan_stages()

    async def _dependents(self, model: str, ids: list[int]) -> None:
        """What Odoo made for the test's records and that blocks their deletion: the orders a test's partner placed
        or that sell a test's product (cancelled first: Odoo deletes only draft or cancelled orders)."""
        if model == "res.partner":
            await self._drop_orders(await self.admin.call_kw("sale.order", "search", [[("partner_id", "in", ids)]]))
        if model in ("product.product", "product.template"):
            field = "product_id" if model == "product.product" else "product_id.product_tmpl_id"
            lines = await self.admin.call_kw("sale.order.line", "search_read", [[(field, "in", ids)]],
                                             {"fields": ["order_id"]})
            await self._drop_orders(sorted({line["order_id"][0] for line in lines}))

    async def _drop_orders(self, orders: list[int]) -> None:
        if not orders:
            return
        with contextlib.suppress(RpcError):
            await self.admin.call_kw("sale.order", "action_cancel", [orders],
                                     {"context": {"disable_cancel_warning": True}})
        with contextlib.suppress(RpcError):
            await self.admin.call_kw("sale.order", "unlink", [orders])

    async def start(self) -> None:
        """Remember the newest task stage: Odoo gives every new internal user personal stages (Inbox, Today...)
        that admin cannot see while the user exists (record rule) and that lose their user when it is deleted."""
        with contextlib.suppress(RpcError):
            newest = await self.admin.call_kw("project.task.type", "search", [[]], {"order": "id desc", "limit": 1})
            self.first_new_stage = (newest[0] if newest else 0) + 1

    async def _orphan_stages(self) -> None:
        if self.first_new_stage is None or not any(model == "res.users" for model, _ in self.records):
            return
        with contextlib.suppress(RpcError):
            stages = await self.admin.call_kw("project.task.type", "search", [[
                ("id", ">=", self.first_new_stage), ("user_id", "=", False), ("project_ids", "=", False)]])
            if stages:
                await self.admin.call_kw("project.task.type", "unlink", [stages])


@pytest.fixture
async def cleanup(admin: OdooRpc) -> AsyncIterator[Cleanup]:
    helper = Cleanup(admin)
    await helper.start()
    yield helper
    await helper.run()
