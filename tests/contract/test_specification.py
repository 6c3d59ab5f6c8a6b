"""What ``web_search_read`` / ``web_read`` with a nested specification return (Odoo 17/18), which the BFF's
compiled pages (``bff.specification``) rely on: many2one as ``{"id", ...}``, x2many as rows, sub-spec
``limit``/``order``/``context``, ``display_name``, the ``length`` key, empty pages and offsets."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Cleanup
from .rpc import OdooRpc
from .test_languages import french  # noqa: F401 (fixture)

pytestmark = pytest.mark.contract


async def _company(cleanup: Cleanup, unique: str) -> tuple[int, list[int]]:
    """A company with three contacts named A, B, C (ids in that order)."""
    company = await cleanup.create("res.partner", {"name": unique, "is_company": True})
    kids = [await cleanup.create("res.partner", {"name": f"{unique} {x}", "parent_id": company}) for x in "ABC"]
    return company, kids


async def wsr(admin: OdooRpc, model: str, domain: list[Any], spec: dict[str, Any], **kwargs: Any) -> Any:
    return await admin.call_kw(model, "web_search_read", [], {"domain": domain, "specification": spec, **kwargs})


async def test_nested_many2one_and_x2many(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    company, (a, b, c) = await _company(cleanup, unique)
    result = await wsr(admin, "res.partner", [["id", "=", company]], {
        "name": {}, "display_name": {}, "parent_id": {"fields": {"display_name": {}}},
        "child_ids": {"fields": {"name": {}, "parent_id": {}}, "order": "name desc"}}, limit=1)
    assert result == {"length": 1, "records": [{
        "id": company, "name": unique, "display_name": unique, "parent_id": False,
        "child_ids": [{"id": c, "name": f"{unique} C", "parent_id": company},  # a bare many2one is its id
                      {"id": b, "name": f"{unique} B", "parent_id": company},
                      {"id": a, "name": f"{unique} A", "parent_id": company}]}]}
    kids = await admin.call_kw("res.partner", "web_read", [[b, a]], {"specification": {
        "parent_id": {"fields": {"display_name": {}, "is_company": {}}}, "child_ids": {}}})
    assert kids == [{"id": b, "parent_id": {"id": company, "display_name": unique, "is_company": True},
                     "child_ids": []},
                    {"id": a, "parent_id": {"id": company, "display_name": unique, "is_company": True},
                     "child_ids": []}]
    bare = await admin.call_kw("res.partner", "web_read", [[a]], {"specification": {
        "parent_id": {"fields": {}}, "child_ids": {"fields": {}}}})
    assert bare == [{"id": a, "parent_id": {"id": company}, "child_ids": []}]  # no display_name unless asked


async def test_x2many_limit_reads_the_first_rows_and_keeps_every_id(admin: OdooRpc, cleanup: Cleanup,
                                                                    unique: str) -> None:
    company, (a, b, c) = await _company(cleanup, unique)
    [row] = (await wsr(admin, "res.partner", [["id", "=", company]], {
        "child_ids": {"fields": {"name": {}}, "limit": 2, "order": "name asc"}}))["records"]
    assert row["child_ids"] == [{"id": a, "name": f"{unique} A"}, {"id": b, "name": f"{unique} B"}, {"id": c}]
    ids_only = await wsr(admin, "res.partner", [["id", "=", company]], {"child_ids": {}})
    assert ids_only["records"] == [{"id": company, "child_ids": [a, b, c]}]


async def test_empty_specification_length_and_offsets(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    company, (a, b, c) = await _company(cleanup, unique)
    kids = [["parent_id", "=", company]]
    assert await wsr(admin, "res.partner", [["id", "=", a]], {}) == {"length": 1, "records": [{"id": a}]}
    order = {"order": "name asc"}
    assert await wsr(admin, "res.partner", kids, {"name": {}}, limit=2, **order) == {
        "length": 3, "records": [{"id": a, "name": f"{unique} A"}, {"id": b, "name": f"{unique} B"}]}
    assert await wsr(admin, "res.partner", kids, {}, limit=3, **order) == {
        "length": 3, "records": [{"id": a}, {"id": b}, {"id": c}]}
    assert await wsr(admin, "res.partner", kids, {}, offset=2, limit=2, **order) == {
        "length": 3, "records": [{"id": c}]}
    assert await wsr(admin, "res.partner", kids, {}, offset=1, **order) == {
        "length": 3, "records": [{"id": b}, {"id": c}]}
    assert await wsr(admin, "res.partner", kids, {}, offset=5, limit=2, **order) == {"length": 0, "records": []}
    assert await wsr(admin, "res.partner", [["id", "=", 0]], {"name": {}}, limit=5) == {"length": 0, "records": []}


async def test_context_lang_reaches_nested_rows(admin: OdooRpc, cleanup: Cleanup, unique: str,
                                                french: int) -> None:  # noqa: F811
    tag_group = await cleanup.create("event.tag.category", {"name": f"{unique} Group"})
    tag = await cleanup.create("event.tag", {"name": f"{unique} Dog", "category_id": tag_group})
    await admin.call_kw("event.tag", "write", [[tag], {"name": f"{unique} Chien"}], {"context": {"lang": "fr_FR"}})
    event = await cleanup.create("event.event", {
        "name": unique, "date_begin": "2031-05-01 10:00:00", "date_end": "2031-05-01 12:00:00",
        "tag_ids": [[6, 0, [tag]]]})
    spec = {"name": {}, "tag_ids": {"fields": {"name": {}}}}
    fr = await wsr(admin, "event.event", [["id", "=", event]], spec, context={"lang": "fr_FR"})
    assert fr["records"][0]["tag_ids"] == [{"id": tag, "name": f"{unique} Chien"}]
    en = await wsr(admin, "event.event", [["id", "=", event]], spec, context={"lang": "en_US"})
    assert en["records"][0]["tag_ids"] == [{"id": tag, "name": f"{unique} Dog"}]
    nested_only = await wsr(admin, "event.event", [["id", "=", event]], {
        "tag_ids": {"fields": {"name": {}}, "context": {"lang": "fr_FR"}}}, context={"lang": "en_US"})
    assert nested_only["records"][0]["tag_ids"] == [{"id": tag, "name": f"{unique} Chien"}]
