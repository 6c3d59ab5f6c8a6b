"""Live updates: the one-per-process change feed that follows Odoo (bus websocket or polling)."""
