"""The cost model prices Odoo calls and rows (``bff/query_cost.py``): documented pages pass, abuse does not."""

from __future__ import annotations

from typing import Any

from graphql import get_introspection_query, graphql_sync, parse

from bff.graphql_schema import build_schema
from bff.query_cost import Cost, Pricing
from bff.query_limits import DocumentLimits
from bff.query_prices import CALL_WEIGHT, FREE_RESOLVERS
from bff.query_shape import fragments_of, operations_of
from tests.test_abusive_documents import README_AT_100

REAL = build_schema()._schema
PRICING = Pricing(REAL, default_page_size=20, max_page_size=100)
MAX_COST = DocumentLimits().max_cost


STOREFRONT_AT_100 = """
query Storefront {
  events(first: 100) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id name subtitle slug start end timezone seatsAvailable isSoldOut coverImageUrl
        category { id name }
        tags { id name color }
        tickets { id name price { amount currencyCode formatted } seatsAvailable isSoldOut }
        address { city country }
      }
    }
  }
  posts(first: 100) {
    totalCount
    edges { node { id title slug teaser authorName publishedAt readingTimeMinutes coverImageUrl
                   tags { id name } blog { id name slug } } }
  }
  equipment(first: 100) {
    edges { node { id name reference imageUrl unitsOwned dailyPrice { amount currencyCode } deposit { amount } } }
  }
}
"""

DASHBOARD = """{
  me { name dogs { name } trainingPlans { name progress { percent } } upcomingSessions { title start } }
  dashboard { counts { dogs activePlans upcomingSessions openRentals upcomingRegistrations } }
}"""


def cost(query: str, variables: dict[str, Any] | None = None, pricing: Pricing = PRICING) -> Cost:
    document = parse(query)
    (operation,) = operations_of(document)
    return pricing.operation_cost(operation, fragments_of(document), variables)


def aliased(count: int, selection: str) -> str:
    return "{ " + " ".join(f"a{i}: {selection}" for i in range(count)) + " }"


def list_items(value: Any) -> int:
    if isinstance(value, list):
        return len(value) + sum(list_items(item) for item in value)
    if isinstance(value, dict):
        return sum(list_items(item) for item in value.values())
    return 0


def test_the_documented_pages_pass_at_the_largest_page_size() -> None:
    # events: 4 calls, 100 + 100 * (1 category + 10 tags + 10 tickets) rows; posts: 2 calls, 100 + 100 blogs;
    # equipment: 1 call, 100 rows
    assert cost(README_AT_100) == Cost(calls=7, rows=2500)
    assert cost(README_AT_100).total == 2850 <= MAX_COST
    assert cost(STOREFRONT_AT_100) == Cost(calls=10, rows=3700)
    assert cost(STOREFRONT_AT_100).total == 4200 <= MAX_COST


def test_a_signed_in_dashboard_is_cheap() -> None:
    # me 1, dogs 1, trainingPlans 1, progress 1, upcomingSessions 1 (5 by default), dashboard 1, counts 5
    assert cost(DASHBOARD) == Cost(calls=11, rows=1 + 10 + 10 + 10 + 5 + 1 + 1)


def test_every_odoo_call_costs_whatever_the_page_size() -> None:
    assert cost("{ events(first: 0) { totalCount } }") == Cost(calls=1, rows=0)
    assert cost(aliased(4900, "events(first: 0) { totalCount }")).total == 4900 * CALL_WEIGHT
    assert cost("{ event(id: \"x\") { name tags { name } } }") == Cost(calls=2, rows=11)


def test_scalars_and_objects_answered_without_odoo_are_free() -> None:
    assert cost("{ __typename }") == Cost()
    bare = cost("{ events(first: 10) { edges { node { id } } } }")
    rich = cost("{ events(first: 10) { totalCount pageInfo { hasNextPage } edges { cursor node { id name start "
                "end slug seatsAvailable isSoldOut } } } }")
    assert bare == rich == Cost(calls=1, rows=10)


def test_a_call_is_counted_once_per_place_rows_per_parent_item() -> None:
    # tags under 100 events is one batched `read`, of up to 10 tags per event
    assert cost("{ events(first: 100) { edges { node { tags { name } } } } }") == Cost(calls=2, rows=1100)
    assert cost("{ events(first: 3) { edges { node { tags { name } } } } }") == Cost(calls=2, rows=33)


def test_page_sizes_come_from_the_argument_the_variables_or_the_defaults() -> None:
    page = "{ events(first: %s) { edges { node { id } } } }"
    assert cost(page % "null").rows == cost("{ events { edges { node { id } } } }").rows == 20
    assert cost(page % "1000").rows == 100  # its resolver refuses more than the maximum before calling Odoo
    assert cost(page % "-5").rows == 0
    query = "query($n: Int) { events(first: $n) { edges { node { id } } } }"
    with_default = "query($n: Int = 50) { events(first: $n) { edges { node { id } } } }"
    assert cost(query, {"n": 70}).rows == 70
    assert cost(query).rows == 20  # variables unknown: the default page size
    assert cost(with_default).rows == 50  # variables unknown: the variable's default
    assert cost(with_default, {"n": 2}).rows == 2
    assert cost(with_default, {"n": None}).rows == 50  # not an int: as if not given
    # a list taking `first` with a default in the schema (Client.upcomingSessions: 5)
    assert cost("{ me { upcomingSessions { title } } }").rows == 1 + 5
    assert cost("{ me { upcomingSessions(first: 8) { title } } }").rows == 1 + 8


def test_fragments_are_counted_like_the_selections_they_stand_for() -> None:
    inline = "{ a: events(first: 100) { edges { node { tags { name } } } } " \
             "b: events(first: 100) { edges { node { tags { name } } } } }"
    spread = """
    { a: events(first: 100) { ...Page } b: events(first: 100) { ... on EventConnection { ...Page } } }
    fragment Page on EventConnection { edges { node { tags { name } } } }
    """
    assert cost(spread) == cost(inline) == Cost(calls=4, rows=2200)


def test_introspection_is_priced_at_what_the_schema_really_holds() -> None:
    full = get_introspection_query(descriptions=True, input_value_deprecation=True)
    answered = list_items(graphql_sync(REAL, full).data)
    assert abs(cost(full).rows - answered) <= 2  # the estimate is the schema's own sizes
    dump = "__schema { types { fields { args { name } } } }"
    assert abs(cost(f"{{ {dump} }}").rows - list_items(graphql_sync(REAL, f"{{ {dump} }}").data)) <= 2
    assert cost(full).total <= MAX_COST  # GraphiQL's introspection passes...
    assert cost(aliased(4000, dump)).total > 1_000_000  # ...4,000 aliased schema dumps do not


def test_mutations_cost_several_calls_each() -> None:
    mutation = 'mutation { logIn(email: "a@b.c", password: "x") { accessToken } }'
    assert cost(mutation) == Cost(calls=3, rows=1)


def test_every_free_resolver_exists_and_every_other_resolver_is_priced_as_a_call() -> None:
    """A newcomer's resolver is an Odoo call unless listed free: walk the schema to hold the table true."""
    resolvers = {}
    for type_name, named in REAL.type_map.items():
        for name, field in getattr(named, "fields", {}).items() if not type_name.startswith("__") else ():
            definition = (field.extensions or {}).get("strawberry-definition")
            if getattr(definition, "base_resolver", None) is not None:
                resolvers[f"{type_name}.{name}"] = (type_name, name)
    assert FREE_RESOLVERS <= set(resolvers), "FREE_RESOLVERS names a field without a resolver"
    for coordinate, (type_name, name) in resolvers.items():
        price = PRICING.prices.get((type_name, name))
        free = name == "id" or coordinate in FREE_RESOLVERS
        assert (price is None or price.calls == 0) if free else (price is not None and price.calls >= 1), coordinate


def test_sorting_and_slug_lookups_are_priced_like_what_they_read() -> None:
    """`orderBy` changes the Odoo order, not the calls or rows; a slug lookup is one read, like `event(id)`."""
    sorted_readme = README_AT_100.replace("events(first: 100,", "events(first: 100, orderBy: {field: NAME},").replace(
        "posts(first: 100)", "posts(first: 100, orderBy: [{field: TITLE}, {field: VISITS, direction: DESC}])")
    assert sorted_readme != README_AT_100 and cost(sorted_readme) == cost(README_AT_100)
    by_id = cost('{ event(id: "RXZlbnQ6MQ==") { name tags { name } } }')
    assert cost('{ eventBySlug(slug: "a-1") { canonicalSlug isCanonical event { name tags { name } } } }') == by_id
    assert by_id == Cost(calls=2, rows=11)
