"""Each abusive document of the hardening issue is refused with a small coded error and no Odoo call, while
the documented queries keep working (timings are in the limits branch's report, not asserted here)."""

from __future__ import annotations

import pytest
from graphql import parse

from bff.graphql_schema import build_schema
from bff.query_cost import Pricing
from bff.query_limits import DocumentLimits
from bff.query_shape import fragments_of, operations_of
from tests.conftest import DemoOdoo
from tests.graphql_client import GraphQLClient


def aliased(count: int, selection: str) -> str:
    return "{ " + " ".join(f"a{i}: {selection}" for i in range(count)) + " }"


SCHEMA_DUMP = "__schema { types { fields { args { name } } } }"
EVENT_PAGE = "events(first: 100) { edges { node { tags { name } tickets { name } } } }"
FRAGMENT_DAG = "{ events { ...F0 } }\n" + "\n".join(
    f"fragment F{i} on EventConnection {{ c{i}: totalCount ...F{i + 1} ...F{i + 1} }}" for i in range(40)
) + "\nfragment F40 on EventConnection { totalCount }"

ABUSIVE: dict[str, tuple[str, str]] = {
    # the shapes, at the sizes: refused by the first limit they meet
    "4,000 aliased schema dumps": (aliased(4000, SCHEMA_DUMP), "Source contains more than 50000 code points"),
    "4,900 aliased counts": (aliased(4900, "events(first: 0) { totalCount }"), "Source contains more than"),
    "100,000 tokens": ("{ " + "x " * 100_000 + "}", "Source contains more than 50000 code points"),
    "1,000 operations": ("\n".join(f"query Q{i} {{ events(first: 1) {{ totalCount }} }}" for i in range(1000)),
                         "Document contains more than 5000 tokens"),
    # the same shapes, small enough to pass the parser: refused by the document limits
    "31 aliased counts": (aliased(31, "events(first: 0) { totalCount }"), "The document uses 31 aliases"),
    "11 aliased schema dumps": (aliased(11, SCHEMA_DUMP), "exceeds the limit of 5000"),  # grows with the schema
    "6,000 tokens of fields": ("{ " + "x " * 6000 + "}", "Document contains more than 5000 tokens"),
    "21 operations": ("\n".join(f"query Q{i} {{ events(first: 1) {{ totalCount }} }}" for i in range(21)),
                      "The document holds 21 operations"),
    "3 aliased event pages": (aliased(3, EVENT_PAGE), "Query cost 6750 exceeds the limit of 5000"),
    "a fragment DAG": (FRAGMENT_DAG, f"The document uses {2 ** 40 - 1} aliases"),
    "a comment of 40,000 lines": ("#\n" * 20_000 + "{ __typename }", "Document contains more than 5000 tokens"),
}

README_AT_100 = """{
  events(first: 100, filter: { onlyAvailable: true }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name start seatsAvailable category { name } tags { name }
                   tickets { name price { amount currencyCode } } } }
  }
  posts(first: 100) { edges { node { title slug readingTimeMinutes blog { name } } } }
  equipment(first: 100) { edges { node { name dailyPrice { amount } unitsOwned } } }
}"""


@pytest.mark.parametrize("name", ABUSIVE)
async def test_an_abusive_document_is_refused_without_calling_odoo(name: str, gql: GraphQLClient,
                                                                   demo_odoo: DemoOdoo) -> None:
    query, message = ABUSIVE[name]
    before = len(demo_odoo.server.calls)
    body = await gql.raw(query)
    assert body.get("data") is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert message in error["message"]
    assert len(demo_odoo.server.calls) == before
    assert (await gql.http.get("/healthz")).json() == {"status": "ok"}


async def test_as_many_schema_dumps_as_the_cost_allows_run(gql: GraphQLClient) -> None:
    """A dump costs what the schema holds (about 500 rows), so the count that fits follows the schema's size."""
    document = parse("{ " + SCHEMA_DUMP + " }")
    one = Pricing(build_schema()._schema).operation_cost(operations_of(document)[0], fragments_of(document)).total
    fitting = DocumentLimits().max_cost // one
    assert 6 <= fitting <= 10, one
    body = await gql.raw(aliased(fitting, SCHEMA_DUMP))
    assert "errors" not in body and len(body["data"]) == fitting
    assert "exceeds the limit" in (await gql.raw(aliased(fitting + 1, SCHEMA_DUMP)))["errors"][0]["message"]


async def test_the_readme_query_runs_at_the_largest_page_size(gql: GraphQLClient, demo_odoo: DemoOdoo) -> None:
    demo_odoo.server.clear_calls()
    data = await gql.query(README_AT_100)
    assert data["events"]["totalCount"] == len(data["events"]["edges"]) > 0
    assert data["posts"]["edges"] and data["equipment"]["edges"]
    # log-in and the cold catalogue (rental categories, languages) included
    assert 0 < len(demo_odoo.server.calls) <= 14  # a fixed number of batched calls, not one per row
