"""What PostgreSQL refuses, the emulator refuses with Odoo's error shape, and writes nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from odoo_emulator.database import AllowAll, Database
from odoo_emulator.exceptions import OdooException, PythonValueError
from odoo_emulator.postgres import NUL_MESSAGE, NumericValueOutOfRange, PythonUnicodeEncodeError


@pytest.fixture
def db() -> Database:
    return Database(access=AllowAll(), now=lambda: datetime(2026, 11, 29, 12, 0, 0))


def call(db: Database, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
    return db.execute(2, model, method, list(args), kwargs)


@pytest.mark.parametrize("value, error, name", [
    ("Rex\x00", PythonValueError, "builtins.ValueError"),
    ("\ud800", PythonUnicodeEncodeError, "builtins.UnicodeEncodeError"),
])
def test_text_postgresql_cannot_store_is_refused(db: Database, value: str, error: type[OdooException],
                                                 name: str) -> None:
    before = call(db, "res.partner", "search_count", [])
    with pytest.raises(error) as caught:
        call(db, "res.partner", "create", {"name": value})
    assert caught.value.odoo_name == name and caught.value.code == 200
    if error is PythonValueError:
        assert caught.value.message == NUL_MESSAGE
    partner = call(db, "res.partner", "create", {"name": "Fine"})
    with pytest.raises(error):
        call(db, "res.partner", "write", [partner], {"comment": value})
    with pytest.raises(error):
        call(db, "res.partner", "search_read", [("name", "ilike", value)], ["name"])
    with pytest.raises(error):
        call(db, "res.partner", "search_count", [("name", "in", ["a", value])])
    assert call(db, "res.partner", "search_count", []) == before + 1
    assert call(db, "res.partner", "read", [partner], ["comment"])[0]["comment"] is False


def test_integers_beyond_int4_are_refused(db: Database) -> None:
    with pytest.raises(NumericValueOutOfRange, match="integer out of range"):
        call(db, "res.partner", "create", {"name": "Big", "color": 2**31})
    assert call(db, "res.partner", "search_count", [("name", "=", "Big")]) == 0
    assert call(db, "res.partner", "read", [call(db, "res.partner", "create", {"name": "Ok", "color": 2**31 - 1})],
                ["color"])[0]["color"] == 2**31 - 1
