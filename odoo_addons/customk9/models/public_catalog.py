# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Change notifications of the public catalogue (event categories, tags and tickets; blogs, posts and their
tags; equipment), so the BFF drops its cached public answers as soon as staff change one of them instead of
serving the old text until its cache time runs out (``bff/public_cache.py`` in the BFF)."""
from odoo import models


class EventType(models.Model):
    _name = "event.type"
    _inherit = ["event.type", "customk9.bus.notify.mixin"]


class EventTag(models.Model):
    _name = "event.tag"
    _inherit = ["event.tag", "customk9.bus.notify.mixin"]


class EventTicket(models.Model):
    _name = "event.event.ticket"
    _inherit = ["event.event.ticket", "customk9.bus.notify.mixin"]


class BlogBlog(models.Model):
    _name = "blog.blog"
    _inherit = ["blog.blog", "customk9.bus.notify.mixin"]


class BlogPost(models.Model):
    _name = "blog.post"
    _inherit = ["blog.post", "customk9.bus.notify.mixin"]


class BlogTag(models.Model):
    _name = "blog.tag"
    _inherit = ["blog.tag", "customk9.bus.notify.mixin"]


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "customk9.bus.notify.mixin"]
