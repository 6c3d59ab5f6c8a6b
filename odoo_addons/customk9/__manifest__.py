# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "CustomK9",
    "summary": "Dogs, training plans, sessions, rentals and change notifications for the CustomK9 GraphQL BFF",
    "description": "Dogs, training plans, sessions, rentals and bus change notifications for the CustomK9 "
                   "GraphQL BFF. See README.md in the module directory.",
    "version": "18.0.1.3.0",
    "category": "Services/Project",
    "author": "CustomK9",
    "license": "LGPL-3",
    "depends": [
        "project",
        "calendar",
        "event_sale",
        "website_event",
        "website_blog",
        "website_sale",  # equipment: published products, readable (and their images) by anonymous browsers
        "sale_management",
        "sale_stock",
        "portal",
        "bus",
    ],
    "data": [
        "security/customk9_groups.xml",
        "security/ir.model.access.csv",
        "security/customk9_rules.xml",
        "views/customk9_dog_views.xml",
        "views/inherited_views.xml",
        "data/customk9_payment_data.xml",
        "data/service_requests.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": False,
}
