"""Loaders for rental equipment (product.product in the rental category)."""

from __future__ import annotations

from bff.loaders.base import RecordByIdLoader

EQUIPMENT_FIELDS = (
    "name", "display_name", "default_code", "description_sale", "list_price", "currency_id", "categ_id",
    "qty_available", "active",
)
EQUIPMENT_MANY2ONE = frozenset({"currency_id", "categ_id"})


class EquipmentByIdLoader(RecordByIdLoader):
    model = "product.product"
    fields = EQUIPMENT_FIELDS


class EquipmentDepositLoader(RecordByIdLoader):
    """Reads the addon's deposit field; only used once the field is known to exist."""

    model = "product.product"
    fields = ("customk9_deposit", "currency_id")
