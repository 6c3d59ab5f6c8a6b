"""call_kw errors: which exception class each bad call gives (protocol.md cases 21-44)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Cleanup
from .rpc import OdooRpc, RpcError

pytestmark = pytest.mark.contract


async def _error(
    client: OdooRpc, model: str, method: str, args: list[Any], kwargs: dict[str, Any] | None = None
) -> RpcError:
    with pytest.raises(RpcError) as err:
        await client.call_kw(model, method, args, kwargs)
    assert err.value.code == 200
    return err.value


async def test_unknown_model_is_404_with_null_id(admin: OdooRpc) -> None:
    response = await admin.post(
        "/web/dataset/call_kw/no.such.model/search_read",
        {"model": "no.such.model", "method": "search_read", "args": [], "kwargs": {}},
        req_id=28,
    )
    body = response.body
    assert response.status == 200
    assert body["id"] is None
    assert body["error"]["code"] == 404
    assert body["error"]["data"]["name"] == "werkzeug.exceptions.NotFound"


async def test_missing_kwargs_is_type_error(admin: OdooRpc) -> None:
    with pytest.raises(RpcError) as err:
        await admin.call(
            "/web/dataset/call_kw/res.partner/search_read",
            {"model": "res.partner", "method": "search_read", "args": []},
        )
    assert err.value.name == "builtins.TypeError"
    assert "kwargs" in err.value.message


async def test_url_suffix_is_cosmetic(admin: OdooRpc) -> None:
    params = {"model": "res.partner", "method": "search_count", "args": [[]], "kwargs": {}}
    assert isinstance(await admin.call("/web/dataset/call_kw/anything/whatever", params), int)


async def test_unknown_and_private_methods(admin: OdooRpc) -> None:
    assert (await _error(admin, "res.partner", "no_such_method", [])).name == "builtins.AttributeError"
    assert (
        await _error(admin, "res.partner", "_read_format", [[1], ["name"]])
    ).name == "odoo.exceptions.AccessError"


@pytest.mark.parametrize(
    "method,args,kwargs",
    [
        ("search_read", [], {"domain": [], "fields": ["name", "no_such_field"], "limit": 1}),
        ("read", [[1]], {"fields": ["no_such_field"]}),
        ("create", [{"name": "X", "no_such_field": 1}], {}),
    ],
)
async def test_unknown_field_is_value_error(admin: OdooRpc, method: str, args: list, kwargs: dict) -> None:
    error = await _error(admin, "res.partner", method, args, kwargs)
    assert error.name == "builtins.ValueError"
    assert "no_such_field" in error.message


@pytest.mark.parametrize(
    "domain",
    [
        [["no_such_field", "=", 1]],  # unknown field
        [["name", "badop", "x"]],  # unknown operator
        ["|", ["name", "=", "x"]],  # dangling operator
        [["name", "like"]],  # 2-element leaf
    ],
)
async def test_bad_domain_is_value_error(admin: OdooRpc, domain: list) -> None:
    error = await _error(admin, "res.partner", "search_read", [], {"domain": domain, "fields": ["name"]})
    assert error.name == "builtins.ValueError"


async def test_string_domain_is_assertion_error(admin: OdooRpc) -> None:
    error = await _error(admin, "res.partner", "search_read", [], {"domain": "not a list", "fields": ["name"]})
    assert error.name == "builtins.AssertionError"


async def test_read_and_unlink_of_missing_ids(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    pid = await cleanup.create("res.partner", {"name": unique})
    assert await admin.call_kw("res.partner", "unlink", [[pid]]) is True
    assert await admin.call_kw("res.partner", "read", [[pid]], {"fields": ["name"]}) == []
    error = await _error(admin, "res.partner", "unlink", [[pid]])
    assert error.name == "odoo.exceptions.MissingError"


async def test_non_integer_id_leaks_invalid_text_representation(admin: OdooRpc) -> None:
    error = await _error(admin, "res.partner", "read", [["abc"]], {"fields": ["name"]})
    assert error.name == "psycopg2.errors.InvalidTextRepresentation"


async def test_missing_required_field_is_validation_error(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    project = await cleanup.create("project.project", {"name": unique})
    error = await _error(admin, "project.task", "create", [{"project_id": project}])
    assert error.name == "odoo.exceptions.ValidationError"
    assert "project.task" in error.message and "name" in error.message


async def test_recursive_parent_is_validation_error(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    pid = await cleanup.create("res.partner", {"name": unique})
    error = await _error(admin, "res.partner", "write", [[pid], {"parent_id": pid}])
    assert error.name == "odoo.exceptions.ValidationError"


async def test_many2one_to_missing_id_is_missing_error(admin: OdooRpc, cleanup: Cleanup, unique: str) -> None:
    pid = await cleanup.create("res.partner", {"name": unique})
    # Recorded on Odoo 18 with country_id (protocol.md case 41); parent_id answers ValidationError instead.
    error = await _error(admin, "res.partner", "write", [[pid], {"country_id": 999999999}])
    assert error.name == "odoo.exceptions.MissingError"
