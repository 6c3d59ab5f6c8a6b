"""Query, mutation and subscription resolvers, one module per domain."""
