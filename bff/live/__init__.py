"""Live updates: Odoo's change notifications relayed to GraphQL subscriptions."""
