# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Equipment rentals of the booking API (Community rental: sale.order with ``is_rental`` and a period).

Available units of a product over a period = on-hand quantity minus the quantities on rental orders
(draft, sent or confirmed) whose period overlaps. ``create_rental`` checks and books under a lock of every
requested ``product_product`` row, taken in id order so that two multi-product rentals cannot deadlock.
The rules (period, lines, free units, price per started day, cancelling) are ``..rules.rentals``.
"""
from odoo import api, models

from ..rules import rental_tracking as tracking, rentals as rule
from .customk9_booking import Refusal, booking_method


class CustomK9BookingRentals(models.AbstractModel):
    _inherit = "customk9.booking"

    @api.model
    def _rental_products_domain(self):
        categories = self.env["product.category"].search([("name", "=", rule.RENTAL_CATEGORY)])
        return [("categ_id", "child_of", categories.ids), ("is_storable", "=", True), ("sale_ok", "=", True)]

    @api.model
    def _rental_products(self, product_ids):
        """The rental products among ``product_ids`` (ints only), in id order."""
        ids = rule.product_ids(product_ids)
        if not ids:
            return self.env["product.product"]
        return self.env["product.product"].search(
            [("id", "in", ids)] + self._rental_products_domain(), order="id")

    @api.model
    def _available_units(self, products, start, end):
        """{product: units free over [start, end)} (never below 0); a returned rental frees its units, a late one
        keeps them (``..rules.rental_tracking``)."""
        booked = dict(self.env["sale.order.line"]._read_group([
            ("product_id", "in", products.ids),
            ("order_id.is_rental", "=", True),
            ("order_id.state", "in", rule.BOOKED_STATES),
            *tracking.occupying_domain(start, end, self._now(), prefix="order_id."),
        ], ["product_id"], ["product_uom_qty:sum"]))
        return {p: rule.free_units(p.qty_available, booked.get(p, 0.0)) for p in products}

    @api.model
    @booking_method
    def equipment_availability(self, product_ids, start, end):
        """Free units per rental product: ``{"ok": True, "available": {"<id>": units}}``.

        Ids that are not rental products are left out of ``available``.
        """
        start, end = rule.period(start, end, self._now())
        products = self._rental_products(product_ids)
        units = self._available_units(products, start, end)
        return {"ok": True, "available": {str(p.id): n for p, n in units.items()}}

    @api.model
    @booking_method
    def create_rental(self, partner_id, lines, start, end, idempotency_key=False):
        """Book equipment as a payable rental quotation (``_payable_order``; a deposit line when the
        products have one): ``{"ok": True, "rental_id", "sale_order_id"}`` (the same order)."""
        return self._idempotent(idempotency_key, "create_rental", partner_id,
                                lambda: self._create_rental(partner_id, lines, start, end),
                                {"partner_id": partner_id, "lines": lines, "start": start, "end": end})

    @api.model
    def _create_rental(self, partner_id, lines, start, end):
        partner = self._partner(partner_id)
        wanted = rule.lines(lines)
        products = self._rental_products(list(wanted))
        if len(products) != len(wanted):
            raise Refusal("NOT_FOUND", "equipmentId", self.env._("This equipment does not exist."))
        start, end = rule.period(start, end, self._now())
        self._lock("product_product", products.ids)
        products.invalidate_recordset(["qty_available"])
        units = self._available_units(products, start, end)
        for product in products:
            rule.enough(units[product], wanted[product.id], product.display_name)
        self._touch("product.product", products.ids)
        days = rule.days(start, end)
        lines = [{
            "product_id": product.id,
            "product_uom_qty": wanted[product.id],
            "price_unit": product.list_price * days,
        } for product in products]
        deposit = rule.deposit({p.id: p.customk9_deposit for p in products}, wanted)
        if deposit > 0:
            lines.append({"product_id": self.env.ref("customk9.product_rental_deposit").id,
                          "product_uom_qty": 1, "price_unit": deposit})
        order = self._payable_order(partner, lines, {
            "is_rental": True, "rental_start": start, "rental_end": end})
        return {"ok": True, "rental_id": order.id, "sale_order_id": order.id}

    @api.model
    @booking_method
    def cancel_rental(self, partner_id, rental_id):
        """Cancel a client's rental before it starts: ``{"ok": True, "rental_id"}``."""
        partner = self._partner(partner_id)
        order = self.env["sale.order"].browse(self._int(rental_id) or []).exists()
        if not order or not order.is_rental or not self._owns(partner, order.partner_id):
            raise Refusal("NOT_FOUND", "rental_id", self.env._("This rental does not exist."))
        rule.cancellable(order.rental_start, order.locked, self._now())
        if order.state != "cancel":
            order.with_context(disable_cancel_warning=True).action_cancel()
        return {"ok": True, "rental_id": order.id}
