"""An in-process emulator of Odoo 18 for tests and the demo mode.

It is a double of Odoo, not of the BFF: the BFF reaches it over real HTTP on 127.0.0.1 exactly as it
reaches Odoo 18, and never imports it (only the CLI and the tests do, to start one).

Layers, each in its own module:

    odoo_emulator.database  Database: the in-memory ORM (models from data/odoo18_fields.json plus the
                            hand-written models Odoo needs around them, plus the project's addon
                            ``customk9`` unless ``Database(addons=())``), users, groups, API keys, the
                            bus store (``db.bus``) and the mail outbox (``db.outbox``), and
                            ``Database.execute(uid, model, method, args, kwargs)``, the one entry point
                            that every RPC route ends in.
    odoo_emulator.domain    Odoo domain evaluation (prefix operators, all leaf operators, dotted paths).
    odoo_emulator.access    what a portal, public or internal user may read and write (ACLs and record
                            rules as recorded on a real Odoo 18, see docs in that module).
    odoo_emulator.server    the aiohttp application: JSON-RPC routes, sessions and cookies, error
                            envelopes, latency injection, the call log; ``EmulatorServer`` runs it.
    odoo_emulator.bus_ws    the bus: ``/websocket`` (subscribe, ``last`` replay, 4001) and
                            ``/websocket/peek_notifications`` over ``db.bus`` (ids from a sequence,
                            pruned after ``db.bus_retention_s``; ``db.reset_bus()`` simulates a restore).
    odoo_emulator.image_routes  ``/web/image/...``: stored images for browsers, resized, Odoo's placeholder
                            (HTTP 200) for anything it cannot give; ``odoo_emulator.images`` is Odoo's
                            image processing on Pillow, ``models/image.py`` the ``image_<N>`` fields.
    odoo_emulator.exceptions the Odoo exception classes, named as Odoo names them on the wire.
"""
