"""The CustomK9 demo data and the routine that writes it into an Odoo (``bff seed``, demo mode, the tests).

Kept out of ``bff/`` so that the runtime carries no demo content: only the CLI's demo paths import it, and
lazily. ``content`` is the data, ``seed`` the routine, ``addon`` its steps that need the customk9 addon.
"""
