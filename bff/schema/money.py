"""Money as storefronts show it: an exact decimal amount, its ISO 4217 code and a formatted text.

Odoo sends amounts as JSON floats (``25.0``) and the currency as a many2one pair (``[1, "USD"]``: the
display name of ``res.currency`` is its ISO code). A float is not money: the amount is rounded, as a
``Decimal``, to the currency's minor units (2 for USD and EUR, 0 for JPY, per CLDR/ISO 4217, as Odoo's own
currency data has them) and sent as a string (``"25.00"``), so a client never sees ``24.999999``.
``formatted`` is the amount as the request's language writes it (``$25.00`` in en-US, ``25,00 €`` in
fr-FR), by babel's CLDR data; without a known language, en-US.

The request language is ``info.context.lang`` (an Odoo code such as ``fr_FR``) when the request set one,
else the first ``Accept-Language`` entry babel knows, else ``en_US``; it is worked out once per request.
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import strawberry
from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision

from bff.context import Info
from bff.odoo_values import many2one_name
from bff.specification import later

DEFAULT_LOCALE = "en_US"
_LOCALE_KEY = "money_locale"
_MAX_LANGUAGES = 8  # Accept-Language entries looked at, so a hostile header costs nothing


def currency_digits(code: str) -> int:
    """Minor units of an ISO 4217 currency (CLDR); 2 for a code CLDR does not know."""
    if not code:
        return 2
    try:
        return int(get_currency_precision(code))
    except (KeyError, ValueError):
        return 2


def exact_amount(value: Any, code: str) -> Decimal:
    """An Odoo float (or ``False``) as a Decimal with the currency's decimal places, rounded half up."""
    try:
        amount = Decimal(str(value)) if isinstance(value, (int, float, str)) and value is not False else Decimal(0)
    except InvalidOperation:
        amount = Decimal(0)
    if not amount.is_finite():
        amount = Decimal(0)
    return amount.quantize(Decimal(1).scaleb(-currency_digits(code)), rounding=ROUND_HALF_UP)


def _accept_language(header: str) -> list[str]:
    """Language tags of an ``Accept-Language`` header, best first (q-values honoured, ``*`` skipped)."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:_MAX_LANGUAGES]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


def _known_locale(tag: Any) -> str | None:
    if not isinstance(tag, str) or not tag or len(tag) > 35:
        return None
    try:
        return str(Locale.parse(tag.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def request_locale(info: Info) -> str:
    """The locale to format money in for this request (see the module docstring)."""
    extra = info.context.extra
    if _LOCALE_KEY not in extra:
        chosen = _known_locale(getattr(info.context, "lang", None))
        request = info.context.request
        headers = getattr(request, "headers", None)
        if chosen is None and headers is not None:
            for tag in _accept_language(str(headers.get("accept-language") or "")):
                chosen = _known_locale(tag)
                if chosen:
                    break
        extra[_LOCALE_KEY] = chosen or DEFAULT_LOCALE
    return str(extra[_LOCALE_KEY])


@strawberry.type(description="An amount of money in one currency.")
class Money:
    amount: Decimal = strawberry.field(
        description='The exact amount in the currency\'s main unit, as a decimal string with the currency\'s '
                    'decimal places, e.g. "25.00" (USD) or "2500" (JPY). Never a float.')
    code: strawberry.Private[str]

    @classmethod
    def of(cls, amount: Any, currency: Any) -> Money:
        """From Odoo's amount and ``currency_id`` pair. A row without a currency (Odoo leaves it empty on
        a record without a company) is in the company's currency, found when ``currencyCode`` is asked."""
        code = (many2one_name(currency) or "").strip().upper()
        return cls(amount=exact_amount(amount, code), code=code)

    @strawberry.field(description="ISO 4217 code of the currency, e.g. `USD`.")
    def currency_code(self, info: Info) -> str:
        # plain when the row named its currency (the usual case): no coroutine per amount on a page
        return self.code or later(info.context.catalog.company_currency())

    @strawberry.field(description="The amount written for people in the request's language "
                                  "(`Accept-Language`; en-US when none is known), e.g. `$25.00` or `25,00 €`.")
    def formatted(self, info: Info) -> str:
        if self.code:
            return formatted_amount(self.amount, self.code, request_locale(info))
        return later(self._formatted_in_company_currency(info))

    async def _formatted_in_company_currency(self, info: Info) -> str:
        return formatted_amount(self.amount, await info.context.catalog.company_currency(), request_locale(info))


@functools.lru_cache(maxsize=4096)
def formatted_amount(amount: Decimal, code: str, locale: str) -> str:
    """babel's ``format_currency``, remembered: a page repeats a few prices, and each call costs about 0.1 ms
    (it looks the locale's patterns up again). Pure, so sharing it between requests shares nothing private."""
    return str(format_currency(amount, code, locale=locale))
