"""CustomK9 BFF: a GraphQL backend-for-frontend over Odoo."""
