"""Loaders for training sessions: the time zone each organiser's working hours are read in."""

from __future__ import annotations

from aiodataloader import DataLoader

from bff.errors import FeatureUnavailable
from bff.odoo_client import OdooClient

DEFAULT_ZONE = "UTC"


class WorkingTimeZoneLoader(DataLoader):
    """IANA zone of many users' working hours (the addon's ``working_time_zones``), one call per batch.

    The addon reads it as the booking API does (the user's resource, else the company's calendar), so a
    session's ``timeZone`` is the zone its slot was offered in. A user Odoo no longer has gets UTC.
    """

    def __init__(self, odoo: OdooClient) -> None:
        super().__init__()
        self.odoo = odoo

    async def batch_load_fn(self, keys: list[int]) -> list[str]:
        if not (await self.odoo.detect()).has("customk9"):
            raise FeatureUnavailable("Time zones of sessions need the CustomK9 Odoo addon")
        result = await self.odoo.call("customk9.booking", "working_time_zones", [sorted(set(keys))])
        zones = result.get("time_zones") if isinstance(result, dict) and result.get("ok") else None
        if not isinstance(zones, dict):
            raise FeatureUnavailable("The CustomK9 Odoo addon is too old to name working time zones: upgrade it")
        return [str(zones.get(str(key)) or DEFAULT_ZONE) for key in keys]
