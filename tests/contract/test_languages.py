"""Translated fields and languages as Odoo 18 has them (the BFF's ``lang`` and ``Accept-Language`` rely on it).

Facts pinned here (Odoo 18 ``fields._String``, ``models._update_field_translations``, ``api.Environment.lang``):
a language becomes usable by writing ``res.lang.active`` as an administrator; a read with ``context.lang`` picks
that language and falls back to en_US where it has no translation; a write with ``context.lang`` changes that
language only (en_US too when the field was empty); a create stores the value as en_US as well; a code that is
not an active language is refused with UserError "Invalid language code: <code>"; the website names its default
language (``website.default_lang_id``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .conftest import Cleanup
from .rpc import OdooRpc, RpcError

pytestmark = pytest.mark.contract

FR = {"context": {"lang": "fr_FR"}}
EN = {"context": {"lang": "en_US"}}


@pytest.fixture
async def french(admin: OdooRpc) -> AsyncIterator[int]:
    """fr_FR active for the test (left as it was found)."""
    [row] = await admin.call_kw("res.lang", "search_read", [[["code", "=", "fr_FR"], ["active", "in", [True, False]]]],
                                {"fields": ["active"]})
    if not row["active"]:
        assert await admin.call_kw("res.lang", "write", [[row["id"]], {"active": True}]) is True
    yield row["id"]
    if not row["active"]:
        await admin.call_kw("res.lang", "write", [[row["id"]], {"active": False}])


async def names(admin: OdooRpc, model: str, rec_id: int, kwargs: dict) -> str:
    [row] = await admin.call_kw(model, "read", [[rec_id]], {"fields": ["name"], **kwargs})
    return row["name"]


async def test_activating_a_language_by_writing_res_lang(admin: OdooRpc, french: int) -> None:
    rows = await admin.call_kw("res.lang", "search_read", [[]], {"fields": ["code", "iso_code", "url_code",
                                                                             "direction", "name"]})
    by_code = {row["code"]: row for row in rows}
    assert {"en_US", "fr_FR"} <= set(by_code)  # active ones only, by default
    assert by_code["fr_FR"]["iso_code"] == "fr" and by_code["fr_FR"]["direction"] == "ltr"
    assert by_code["en_US"]["url_code"] == "en"
    [site] = (await admin.call_kw("website", "search_read", [[]], {"fields": ["default_lang_id"], "limit": 1}))
    assert site["default_lang_id"][0] in {row["id"] for row in rows}


async def test_read_picks_the_language_and_falls_back_to_en_us(admin: OdooRpc, cleanup: Cleanup, unique: str,
                                                              french: int) -> None:
    translated = await cleanup.create("event.type", {"name": f"{unique} Workshop"})
    untranslated = await cleanup.create("event.type", {"name": f"{unique} Meetup"})
    assert await admin.call_kw("event.type", "write", [[translated], {"name": f"{unique} Atelier"}], FR) is True
    assert await names(admin, "event.type", translated, FR) == f"{unique} Atelier"
    assert await names(admin, "event.type", translated, EN) == f"{unique} Workshop"
    assert await names(admin, "event.type", translated, {}) == f"{unique} Workshop"  # admin speaks en_US
    assert await names(admin, "event.type", untranslated, FR) == f"{unique} Meetup"  # fallback to en_US
    # search and many2one names follow the context language too
    found = await admin.call_kw("event.type", "search_read", [[["name", "ilike", f"{unique} Atel"]]],
                                {"fields": ["display_name"], **FR})
    assert [row["id"] for row in found] == [translated] and found[0]["display_name"] == f"{unique} Atelier"


async def test_write_with_a_language_writes_that_language_only(admin: OdooRpc, cleanup: Cleanup, unique: str,
                                                               french: int) -> None:
    rec = await cleanup.create("event.type", {"name": f"{unique} Class"})
    await admin.call_kw("event.type", "write", [[rec], {"name": f"{unique} Cours"}], FR)
    await admin.call_kw("event.type", "write", [[rec], {"name": f"{unique} Course"}], EN)
    assert await names(admin, "event.type", rec, EN) == f"{unique} Course"
    assert await names(admin, "event.type", rec, FR) == f"{unique} Cours"  # writing en_US kept French
    created_fr = await cleanup.create_in("event.type", {"name": f"{unique} Promenade"}, FR)
    assert await names(admin, "event.type", created_fr, EN) == f"{unique} Promenade"  # the source text too
    await admin.call_kw("event.type", "write", [[created_fr], {"name": f"{unique} Walk"}], EN)
    assert await names(admin, "event.type", created_fr, FR) == f"{unique} Promenade"


async def test_a_language_that_is_not_active_is_refused(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    rec = await cleanup.create("event.type", {"name": f"{unique} Lesson"})
    inactive = await admin.call_kw("res.lang", "search_read", [[["active", "=", False]]],
                                   {"fields": ["code"], "limit": 1})
    for code in ("xx_XX", inactive[0]["code"]):
        with pytest.raises(RpcError) as err:
            await names(admin, "event.type", rec, {"context": {"lang": code}})
        assert err.value.name == "odoo.exceptions.UserError"
        assert err.value.message == f"Invalid language code: {code}"


async def test_update_field_translations_sets_texts_and_html_terms(admin: OdooRpc, cleanup: Cleanup, unique: str,
                                                                  french: int) -> None:
    """How the demo data gets French post bodies: html_translate fields take ``{lang: {term: translation}}``
    (writing them with a lang would re-derive en_US term by term); plain fields take ``{lang: text}``."""
    blog = await cleanup.create("blog.blog", {"name": f"{unique} Blog"})
    post = await cleanup.create("blog.post", {"name": f"{unique} Post", "blog_id": blog,
                                              "content": "<p>Hello dog</p><p>Sit</p>"})
    done = await admin.call_kw("blog.post", "update_field_translations",
                               [[post], "content", {"fr_FR": {"Hello dog": "Bonjour chien"}}])
    assert done is True
    [fr] = await admin.call_kw("blog.post", "read", [[post]], {"fields": ["content"], **FR})
    [en] = await admin.call_kw("blog.post", "read", [[post]], {"fields": ["content"], **EN})
    assert (fr["content"], en["content"]) == ("<p>Bonjour chien</p><p>Sit</p>", "<p>Hello dog</p><p>Sit</p>")
    # a new English body keeps the translation of the terms it still has
    await admin.call_kw("blog.post", "write", [[post], {"content": "<p>Hello dog</p><p>Down</p>"}], EN)
    [fr] = await admin.call_kw("blog.post", "read", [[post]], {"fields": ["content"], **FR})
    assert fr["content"] == "<p>Bonjour chien</p><p>Down</p>"
    await admin.call_kw("blog.post", "update_field_translations", [[post], "name", {"fr_FR": f"{unique} Billet"}])
    assert await names(admin, "blog.post", post, FR) == f"{unique} Billet"
    await admin.call_kw("blog.post", "update_field_translations", [[post], "name", {"fr_FR": False}])
    assert await names(admin, "blog.post", post, FR) == f"{unique} Post"  # removed: back to en_US


async def test_seo_names_are_translated_like_names(admin: OdooRpc) -> None:
    """Website slugs take ``seo_name`` when set, else the name; both are translated fields (website's
    ``seo.metadata`` mixin), so a record's slug, and with it the canonical slug, depends on the language."""
    for model in ("event.event", "blog.post", "blog.blog", "product.template"):
        answer = await admin.call_kw(model, "fields_get", [["seo_name", "name"]], {"attributes": ["translate"]})
        assert answer == {"seo_name": {"translate": True}, "name": {"translate": True}}, model
