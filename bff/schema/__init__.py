"""Strawberry types, one module per domain. The root types are assembled in ``bff.graphql_schema``."""
