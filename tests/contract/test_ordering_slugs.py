"""What sorting and slugs rely on: Odoo sorts only by stored fields (a product's template fields by a join), and
its website slug is ``ir.http._slug``: the ``seo_name`` or the display name, slugified, then the id."""

from __future__ import annotations

import pytest

from bff.odoo_values import slug
from bff.schema.ordering import ClientOrderField, EquipmentOrderField, EventOrderField, PostOrderField

from .conftest import Cleanup
from .rpc import OdooRpc, RpcError

pytestmark = pytest.mark.contract

ORDER_FIELDS = {"event.event": EventOrderField, "blog.post": PostOrderField,
                "product.product": EquipmentOrderField, "res.partner": ClientOrderField}


@pytest.mark.parametrize("model", ORDER_FIELDS)
async def test_every_field_the_bff_sorts_by_sorts_in_odoo(admin: OdooRpc, model: str) -> None:
    for field in ORDER_FIELDS[model]:
        for direction in ("asc", "desc"):
            rows = await admin.call_kw(model, "search_read", [[]], {
                "fields": ["id"], "order": f"{field.value} {direction}, id {direction}", "limit": 2})
            assert isinstance(rows, list), (field, direction)


async def test_a_computed_field_cannot_sort(admin: OdooRpc) -> None:
    with pytest.raises(RpcError) as caught:
        await admin.call_kw("event.event", "search_read", [[]], {"fields": ["id"], "order": "seats_available desc"})
    assert caught.value.name == "builtins.ValueError" and "not stored" in caught.value.message


async def test_products_sort_by_their_template_price_and_name(admin: OdooRpc, cleanup: Cleanup,
                                                              unique: str) -> None:
    ids = [await cleanup.create("product.product", {"name": f"{unique} {name}", "list_price": price})
           for name, price in (("B", 9.0), ("A", 3.0), ("C", 9.0))]
    domain = [("id", "in", ids)]
    by_price = await admin.call_kw("product.product", "search", [domain], {"order": "list_price desc, id desc"})
    assert by_price == [ids[2], ids[0], ids[1]]
    by_name = await admin.call_kw("product.product", "search", [domain], {"order": "name asc, id asc"})
    assert by_name == [ids[1], ids[0], ids[2]]


async def test_website_urls_end_with_the_slug_the_bff_builds(admin: OdooRpc, cleanup: Cleanup,
                                                             unique: str) -> None:
    name = f"{unique} Dog's day_out: Été!"
    event = await cleanup.create("event.event", {"name": name, "date_begin": "2031-05-01 10:00:00",
                                                 "date_end": "2031-05-01 12:00:00"})
    blog = await cleanup.create("blog.blog", {"name": f"{unique} News & Tips"})
    post = await cleanup.create("blog.post", {"name": name, "blog_id": blog})

    async def url(model: str, rec_id: int) -> str:
        return (await admin.call_kw(model, "read", [[rec_id]], {"fields": ["website_url"]}))[0]["website_url"]

    assert await url("event.event", event) == f"/event/{slug(name, event)}"
    assert slug(name, event).startswith(slug(unique, 1)[:-2] + "-dog-s-day-out-ete-")
    assert await url("blog.post", post) == f"/blog/{slug(f'{unique} News & Tips', blog)}/{slug(name, post)}"
    await admin.call_kw("event.event", "write", [[event], {"seo_name": "Summer K9 fest"}])
    assert await url("event.event", event) == f"/event/{slug('Summer K9 fest', event)}"
    assert (await admin.call_kw("event.event", "read", [[event]], {"fields": ["seo_name"]}))[0]["seo_name"] == \
        "Summer K9 fest"
