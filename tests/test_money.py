"""Money: exact decimal strings with the currency's places, a non-null ISO code, and a text formatted in the
request's language (``Accept-Language``; en-US when none is known)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from bff.schema.money import Money, _accept_language, exact_amount
from bff.schema.scalars import DECIMAL
from tests.graphql_client import GraphQLClient

PRICES = "{ equipment(first: 10) { edges { node { reference dailyPrice { amount currencyCode formatted } } } } }"


def _agility(data: dict) -> dict:
    return next(e["node"]["dailyPrice"] for e in data["equipment"]["edges"] if e["node"]["reference"] == "K9-AGIL")


@pytest.mark.parametrize(("header", "formatted"), [
    (None, "$15.00"),
    ("fr-FR,fr;q=0.9,en;q=0.8", "15,00\u00a0$US"),
    ("de-DE", "15,00\u00a0$"),
    ("en-GB;q=0.5, ja;q=0.9", "$15.00"),  # the better-weighted language wins: Japanese writes $15.00 too
    ("xx-YY, *", "$15.00"),  # nothing babel knows: en-US
    ("fr;q=0, en-CA", "US$15.00"),  # q=0 means "not this one"
])
async def test_formatted_follows_accept_language(gql: GraphQLClient, header: str | None, formatted: str) -> None:
    data = await gql.query(PRICES, headers={"Accept-Language": header} if header else None)
    assert _agility(data) == {"amount": "15.00", "currencyCode": "USD", "formatted": formatted}


def test_exact_amounts_use_the_currency_places() -> None:
    assert exact_amount(24.999999, "USD") == Decimal("25.00")
    assert str(exact_amount(0.1 + 0.2, "EUR")) == "0.30"
    assert str(exact_amount(2500.0, "JPY")) == "2500" and str(exact_amount(1.5, "JPY")) == "2"  # half up
    assert str(exact_amount(1.2345, "KWD")) == "1.235"  # three places
    assert str(exact_amount(False, "USD")) == "0.00" and str(exact_amount(float("nan"), "USD")) == "0.00"


def test_decimal_scalar_never_uses_an_exponent() -> None:
    assert DECIMAL.serialize(Decimal("1E+2")) == "100" and DECIMAL.serialize(Decimal("25.00")) == "25.00"


def test_accept_language_order() -> None:
    assert _accept_language("da, en-gb;q=0.8, en;q=0.7") == ["da", "en-gb", "en"]
    assert _accept_language("en;q=0.1, fr;q=bad, de") == ["de", "en"]
    assert _accept_language(",".join(["fr"] * 100)) == ["fr"] * 8  # bounded work for any header


async def test_an_amount_without_currency_is_in_the_company_currency() -> None:
    asked: list[str] = []

    class Catalog:
        async def company_currency(self) -> str:
            asked.append("company")
            return "EUR"

    info = SimpleNamespace(context=SimpleNamespace(catalog=Catalog(), extra={}, request=None))
    money = Money.of(12.5, False)
    assert str(money.amount) == "12.50" and money.code == ""
    assert await money.currency_code(info) == "EUR"  # type: ignore[arg-type]
    assert await money.formatted(info) == "€12.50"  # type: ignore[arg-type]
    # a named currency is a plain value: no coroutine, no catalogue call
    assert Money.of(3, [2, "JPY"]).currency_code(info) == "JPY" and asked == ["company", "company"]
