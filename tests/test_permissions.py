"""Every mutation (and subscription) declares who may call it; private queries do too."""

from __future__ import annotations

from strawberry.permission import PermissionExtension

from bff.graphql_schema import Mutation, Query, Subscription, build_schema
from bff.permissions import IsAuthenticated, IsClient, IsPublic, IsStaff

PUBLIC_QUERIES = {"events", "event", "eventBySlug", "eventCategories", "posts", "post", "postBySlug", "blogs",
                  "blogTags", "equipment", "equipmentItem", "equipmentBySlug", "languages", "node"}


def declared(root: type) -> dict[str, list[type]]:
    """GraphQL field name -> permission classes declared on it."""
    schema = build_schema()
    definition = schema.get_type_by_name(root.__name__)
    found = {}
    for field in definition.fields:
        classes = [type(p) for ext in field.extensions if isinstance(ext, PermissionExtension)
                   for p in ext.permissions]
        found[schema.config.name_converter.get_graphql_name(field)] = classes
    return found


def test_every_mutation_declares_a_permission() -> None:
    mutations = declared(Mutation)
    assert len(mutations) >= 20
    missing = [name for name, classes in mutations.items() if not classes]
    assert missing == [], f"mutations without permission_classes: {missing}"
    assert mutations["logIn"] == [IsPublic] and mutations["bookSession"] == [IsClient]
    assert mutations["createPost"] == [IsStaff] and mutations["changePassword"] == [IsAuthenticated]


def test_every_subscription_declares_a_permission() -> None:
    subscriptions = declared(Subscription)
    assert len(subscriptions) >= 4
    assert [name for name, classes in subscriptions.items() if not classes] == []
    assert subscriptions["eventSeatsChanged"] == [IsPublic] and subscriptions["dashboardChanged"] == [IsAuthenticated]


def test_every_private_query_declares_a_permission() -> None:
    queries = declared(Query)
    private = {name for name in queries if name not in PUBLIC_QUERIES}
    assert private >= {"me", "dashboard", "dog", "trainingPlan", "session", "rental", "clients", "trainerAgenda"}
    assert [name for name in private if not queries[name]] == []
