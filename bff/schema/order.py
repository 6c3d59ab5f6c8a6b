"""Orders the client pays: sale.order quotations the booking API makes for paid tickets, rentals and
memberships, paid on Odoo's own portal page (``paymentUrl``) with whatever providers the business offers.

While an order is unpaid it holds its seats and units until ``holdUntil`` (the addon's payment hold); then
Odoo's cron cancels it. Paid (or confirmed by staff), its registrations and rental are confirmed by Odoo.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry

from bff.auth.viewer import Role
from bff.context import Info
from bff.odoo_values import many2one_name, parse_datetime
from bff.schema.money import Money
from bff.schema.node import Node
from bff.schema.registration import EventRegistration
from bff.schema.rental import Rental

Row = dict[str, Any]
PAYABLE_STATES = frozenset({"draft", "sent"})


@strawberry.enum(description="Where an order stands in Odoo.")
class OrderState(enum.Enum):
    QUOTATION = "draft"
    SENT = "sent"
    CONFIRMED = "sale"
    CANCELLED = "cancel"


@strawberry.enum(description="How much of an order is paid (online payments Odoo recorded on it).")
class OrderPaymentState(enum.Enum):
    NOT_PAID = "NOT_PAID"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    PAID = "PAID"
    FREE = "FREE"


def payment_state(row: Row) -> OrderPaymentState:
    total = Decimal(str(row.get("amount_total") or 0))
    paid = Decimal(str(row.get("amount_paid") or 0))
    if total <= 0:
        return OrderPaymentState.FREE
    if paid >= total:
        return OrderPaymentState.PAID
    return OrderPaymentState.PARTIALLY_PAID if paid > 0 else OrderPaymentState.NOT_PAID


@strawberry.type(description="One line of an order.")
class OrderLine:
    product: str = strawberry.field(description="The product sold (ticket, equipment, deposit, membership).")
    description: str = strawberry.field(description="The line's text as on the order.")
    quantity: float = strawberry.field(description="Units.")
    unit_price: Money = strawberry.field(description="Price of one unit, before taxes.")
    subtotal: Money = strawberry.field(description="Price of the line, before taxes.")

    @classmethod
    def from_row(cls, row: Row, currency: Any) -> OrderLine:
        return cls(product=many2one_name(row.get("product_id")) or "", description=row.get("name") or "",
                   quantity=float(row.get("product_uom_qty") or 0),
                   unit_price=Money.of(row.get("price_unit"), currency),
                   subtotal=Money.of(row.get("price_subtotal"), currency))


@strawberry.type(description="An order the client pays: for event tickets, a rental or a membership.")
class Order(Node):
    row: strawberry.Private[Row]
    reference: str = strawberry.field(description="Order reference, e.g. S00012.")
    state: OrderState = strawberry.field(description="Where the order stands.")
    payment_state: OrderPaymentState = strawberry.field(description="How much of it is paid.")
    ordered_at: datetime | None = strawberry.field(description="Order date (UTC).")
    amount_untaxed: Money = strawberry.field(description="Total before taxes.")
    amount_tax: Money = strawberry.field(description="Taxes.")
    amount_total: Money = strawberry.field(description="Total to pay, taxes included.")
    hold_until: datetime | None = strawberry.field(
        description="While unpaid: until when it holds its seats and units (UTC); then Odoo cancels it. Null "
                    "once paid, confirmed or cancelled.")

    @classmethod
    def from_row(cls, row: Row) -> Order:
        currency = row.get("currency_id")
        state = row.get("state") or "draft"
        return cls(odoo_id=row["id"], row=row, reference=row.get("name") or "", state=OrderState(state),
                   payment_state=payment_state(row), ordered_at=parse_datetime(row.get("date_order")),
                   amount_untaxed=Money.of(row.get("amount_untaxed"), currency),
                   amount_tax=Money.of(row.get("amount_tax"), currency),
                   amount_total=Money.of(row.get("amount_total"), currency),
                   hold_until=parse_datetime(row.get("customk9_hold_until")) if state in PAYABLE_STATES else None)

    @strawberry.field(description="What is ordered.")
    async def lines(self, info: Info) -> list[OrderLine]:
        rows = await info.context.loaders.order_lines.load(self.odoo_id)
        return [OrderLine.from_row(row, self.row.get("currency_id")) for row in rows]

    @strawberry.field(description="The event registrations this order pays for (empty for other orders).")
    async def registrations(self, info: Info) -> list[EventRegistration]:
        rows = await info.context.loaders.registrations_by_order.load(self.odoo_id)
        return [EventRegistration.from_row(row) for row in rows]

    @strawberry.field(description="The rental this order pays for; null for other orders.")
    async def rental(self, info: Info) -> Rental | None:
        if not self.row.get("is_rental"):
            return None
        row = await info.context.loaders.rental.load(self.odoo_id)
        return Rental.from_row(row) if row else None

    @strawberry.field(description=(
        "Odoo's own page for this order, where the client pays it online (its URL carries the order's access "
        "token: treat it as a secret, do not log or share it). Only the order's client gets it; null for staff."))
    async def payment_url(self, info: Info) -> str | None:
        if info.context.viewer.role is not Role.CLIENT:
            return None  # a client reaches only their own orders (``Scope.orders``): staff get no link
        token = self.row.get("access_token")
        if token:
            path = f"/my/orders/{self.odoo_id}?access_token={token}"
        else:  # an order staff made: Odoo makes its token on first use
            path = await info.context.odoo.call("sale.order", "get_portal_url", [[self.odoo_id]], {})
        return f"{info.context.settings.public_base_url}{path}"
