"""Loaders for rental equipment (product.product in the rental category)."""

from __future__ import annotations

from aiodataloader import DataLoader

from bff.loaders.base import RecordByIdLoader
from bff.odoo_client import OdooClient

EQUIPMENT_FIELDS = (
    "name", "display_name", "default_code", "description_sale", "list_price", "currency_id", "categ_id",
    "qty_available", "active", "write_date",
)
EQUIPMENT_MANY2ONE = frozenset({"currency_id", "categ_id"})


class EquipmentByIdLoader(RecordByIdLoader):
    model = "product.product"
    fields = EQUIPMENT_FIELDS


class EquipmentDepositLoader(RecordByIdLoader):
    """Reads the addon's deposit field; only used once the field is known to exist."""

    model = "product.product"
    fields = ("customk9_deposit", "currency_id")


class EquipmentAvailabilityLoader(DataLoader):
    """Units of many products free over one period, with one call to the addon per batch."""

    def __init__(self, odoo: OdooClient, start: str, end: str) -> None:
        super().__init__()
        self.odoo, self.start, self.end = odoo, start, end

    async def batch_load_fn(self, keys: list[int]) -> list[int | None]:
        result = await self.odoo.call("customk9.booking", "equipment_availability",
                                      [sorted(set(keys)), self.start, self.end])
        if not isinstance(result, dict) or not result.get("ok"):
            return [None for _ in keys]
        available = {int(k): int(v) for k, v in (result.get("available") or {}).items()}
        return [available.get(key) for key in keys]
