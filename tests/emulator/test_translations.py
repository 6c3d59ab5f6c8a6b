"""The emulator's translated fields beyond the contract tests: storage, copy, clearing, sort, res.lang rules."""

from __future__ import annotations

import pytest

from odoo_emulator.database import Database
from odoo_emulator.exceptions import UserError, ValidationError

FR = {"context": {"lang": "fr_FR"}}


@pytest.fixture
def db() -> Database:
    database = Database()
    [fr] = database.execute(1, "res.lang", "search", [[("code", "=", "fr_FR"), ("active", "=", False)]], {})
    database.execute(1, "res.lang", "write", [[fr], {"active": True}], {})
    return database


def name(db: Database, model: str, rec: int, kwargs: dict | None = None) -> str:
    return db.execute(1, model, "read", [[rec], ["name"]], kwargs or {})[0]["name"]


def test_stored_as_one_dict_per_field_and_copied_whole(db: Database) -> None:
    tag = db.execute(1, "blog.tag", "create", [{"name": "puppies"}], FR)
    assert db.tables["blog.tag"][tag]["name"] == {"en_US": "puppies", "fr_FR": "puppies"}
    db.execute(1, "blog.tag", "write", [[tag], {"name": "chiots"}], FR)
    assert db.tables["blog.tag"][tag]["name"] == {"en_US": "puppies", "fr_FR": "chiots"}
    copy = db.execute(1, "blog.tag", "copy", [[tag]], {})
    assert db.tables["blog.tag"][copy]["name"] == {"en_US": "puppies", "fr_FR": "chiots"}


def test_writing_false_clears_every_language(db: Database) -> None:
    blog = db.execute(1, "blog.blog", "create", [{"name": "Tips"}], {})
    post = db.execute(1, "blog.post", "create", [{"name": "Recall", "subtitle": "Come", "blog_id": blog}], {})
    db.execute(1, "blog.post", "write", [[post], {"subtitle": "Viens"}], FR)
    db.execute(1, "blog.post", "write", [[post], {"subtitle": False}], {})
    assert db.execute(1, "blog.post", "read", [[post], ["subtitle"]], FR)[0]["subtitle"] is False


def test_order_and_related_names_follow_the_language(db: Database) -> None:
    walk = db.execute(1, "event.type", "create", [{"name": "Walk"}], {})
    class_ = db.execute(1, "event.type", "create", [{"name": "Class"}], {})
    db.execute(1, "event.type", "write", [[walk], {"name": "Balade"}], FR)
    db.execute(1, "event.type", "write", [[class_], {"name": "Cours"}], FR)
    assert db.execute(1, "event.type", "search", [[]], {"order": "name asc"}) == [class_, walk]
    assert db.execute(1, "event.type", "search", [[]], {"order": "name asc", **FR}) == [walk, class_]
    product = db.execute(1, "product.product", "create", [{"name": "Crate"}], {})
    db.execute(1, "product.product", "write", [[product], {"name": "Caisse"}], FR)
    assert name(db, "product.product", product, FR) == "Caisse" and name(db, "product.product", product) == "Crate"


def test_res_lang_rules(db: Database) -> None:
    [en] = db.execute(1, "res.lang", "search", [[("code", "=", "en_US")]], {})
    with pytest.raises(UserError, match="currently used by users"):
        db.execute(1, "res.lang", "write", [[en], {"active": False}], {})
    with pytest.raises(UserError, match="Language code cannot be modified"):
        db.execute(1, "res.lang", "write", [[en], {"code": "en_GB"}], {})
    everyone = db.execute(1, "res.lang", "search", [[]], {})
    for model in ("res.users", "res.partner"):
        ids = db.execute(1, model, "search", [[("active", "in", [True, False])]], {})
        db.execute(1, model, "write", [ids, {"lang": False}], {})
    with pytest.raises(ValidationError, match="At least one language must be active"):
        db.execute(1, "res.lang", "write", [everyone, {"active": False}], {})
