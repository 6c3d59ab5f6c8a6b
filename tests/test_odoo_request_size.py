"""An Odoo (or its proxy) that refuses a request's size answers HTTP 413: a coded error, not INTERNAL."""

from __future__ import annotations

import pytest

from bff import errors
from bff.odoo_client import OdooClient
from odoo_emulator.database import Database
from odoo_emulator.server import EmulatorServer


# aiohttp warns about any body over 1 MiB it sends; this test sends one on purpose.
@pytest.mark.filterwarnings("ignore:Sending a large body:ResourceWarning")
async def test_http_413_is_bad_user_input_and_the_client_keeps_working() -> None:
    async with EmulatorServer(Database(name="customk9")) as server:
        async with OdooClient(url=server.url, db="customk9", login="admin", password="admin") as odoo:
            with pytest.raises(errors.OdooRequestTooLarge) as caught:
                await odoo.search_count("res.partner", [("name", "ilike", "x" * 1_100_000)])
            assert caught.value.code == "BAD_USER_INPUT" and caught.value.public
            assert server.calls_to("res.partner", "search_count") == []  # refused before the ORM
            assert await odoo.search_count("res.partner", [("name", "ilike", "x" * 1000)]) == 0
