"""Loaders for res.partner rows the public schema shows (event venues)."""

from __future__ import annotations

from bff.loaders.base import RecordByIdLoader


class AddressByPartnerIdLoader(RecordByIdLoader):
    model = "res.partner"
    fields = ("name", "street", "street2", "city", "zip", "state_id", "country_id")
