"""Live updates: the one-per-process change feed that follows Odoo (bus websocket or polling), the broker that
fans its changes out to GraphQL subscriptions, and what each subscription listens to."""
