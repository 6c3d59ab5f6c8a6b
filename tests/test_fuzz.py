"""Schema-driven fuzzing: generated queries and mutations, anonymous and signed in, against the BFF.

``hypothesis-graphql`` writes valid documents for every root field of ``schema.graphql`` with arbitrary
arguments (ids are often real ones of the seeded data, so mutations reach Odoo). Whatever it sends, the BFF
must answer without an HTTP 5xx, without an ``INTERNAL`` error and without Odoo's own text (a traceback, an
``odoo.`` exception name, ``psycopg2``). Each bad answer is recorded by kind and root field rather than
stopping the run, so one run counts every kind of failure; the test fails at the end if there is any.

Budget: ``FUZZ_EXAMPLES`` documents in all (default 100, the short run in ``make test``), or as many as fit
in ``FUZZ_SECONDS`` when that is set (``make fuzz``, 600 s by default); the three viewers share both. The
short run is derandomized, so ``make test`` sends the same documents each time; ``make fuzz`` draws new
ones on every run.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo, open_bff, start_seeded_emulator

SCHEMA = graphql.build_schema((Path(__file__).parent.parent / "schema.graphql").read_text())
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 100)
SECONDS = float(os.environ.get("FUZZ_SECONDS") or 0)
VIEWERS = {"anonymous": None, "client": "dana@customk9.demo", "trainer": "trainer@customk9.demo"}
# logOut ends the token the rest of a signed-in run works with; every other root field is fuzzed.
SIGNED_IN_SKIP = frozenset({"logOut"})
ODOO_TEXT = re.compile(r"Traceback|psycopg2|\bodoo\.[a-z_]+|File \"/")
NODE_TYPES = sorted(name for name, t in SCHEMA.type_map.items()
                    if isinstance(t, graphql.GraphQLObjectType) and any(i.name == "Node" for i in t.interfaces))


def root_fields(viewer: str) -> list[str]:
    names = [*SCHEMA.query_type.fields, *SCHEMA.mutation_type.fields]  # type: ignore[union-attr]
    return [name for name in names if viewer == "anonymous" or name not in SIGNED_IN_SKIP]


def id_values(demo: DemoOdoo) -> st.SearchStrategy[graphql.ValueNode]:
    """Real global ids of the seeded data, ids of every Node type near them, and arbitrary text."""
    seeded = demo.seeded
    real = [encode_global_id(type_name, odoo_id) for type_name, ids in [
        ("Event", seeded.events.values()), ("Equipment", seeded.equipment.values()),
        ("Post", seeded.posts.values()), ("TrainingPlan", seeded.plans.values()), ("Session", seeded.sessions),
        ("Dog", seeded.dogs.values()), ("Rental", seeded.rentals), ("Document", seeded.documents),
        ("Client", seeded.client_partners.values())] for odoo_id in ids]
    near = st.builds(encode_global_id, st.sampled_from(NODE_TYPES), st.integers(min_value=-1, max_value=60))
    return st.one_of(st.sampled_from(real), near, st.text(max_size=20)).map(nodes.String)


def mostly(valid: st.SearchStrategy[str], other: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``valid`` nine times in ten: a literal the scalar refuses only tests validation, which always holds."""
    return st.integers(0, 9).flatmap(lambda n: other if n == 0 else valid)


def scalar_values(demo: DemoOdoo) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    dates = st.dates().map(lambda d: d.isoformat())
    datetimes = st.datetimes().map(lambda d: d.isoformat(timespec="seconds") + "Z")
    return {
        "ID": id_values(demo),
        "Date": mostly(dates, st.one_of(datetimes, st.text(max_size=12))).map(nodes.String),
        "DateTime": mostly(datetimes, st.one_of(dates, st.text(max_size=25))).map(nodes.String),
    }


@dataclass
class Findings:
    """Bad answers by (kind, viewer, root fields), with the first document and answer of each."""

    sent: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    first: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)

    def check(self, viewer: str, document: str, response: httpx.Response) -> None:
        self.sent += 1
        found = sorted(set(codes(response)))
        self.outcomes[",".join(found) if found else f"HTTP {response.status_code} no code"] += 1
        fields = ",".join(operation_fields(document))
        kinds = []
        if response.status_code >= 500:
            kinds.append((f"HTTP {response.status_code}", fields))
        if "INTERNAL" in found:
            kinds.append(("INTERNAL", ",".join(internal_paths(response)) or fields))
        if ODOO_TEXT.search(response.text):
            kinds.append(("Odoo text", fields))
        for kind, where in kinds:
            key = (kind, viewer, where)
            self.by_kind[key] += 1
            self.first.setdefault(key, (document, response.text[:600]))

    def report(self) -> str:
        lines = [f"fuzz: {self.sent} documents sent, {sum(self.by_kind.values())} bad answers",
                 "  codes seen (documents): " + ", ".join(f"{k} {v}" for k, v in self.outcomes.most_common())]
        for (kind, viewer, fields), count in sorted(self.by_kind.items()):
            document, answer = self.first[(kind, viewer, fields)]
            lines.append(f"- {kind} x{count} as {viewer} in {fields}:\n    {' '.join(document.split())}\n"
                         f"    -> {answer}")
        return "\n".join(lines)


def codes(response: httpx.Response) -> Iterator[str]:
    """Every ``code`` in the answer: top-level errors and payload errors alike."""
    def walk(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            if isinstance(value.get("code"), str):
                yield value["code"]
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
    try:
        yield from walk(response.json())
    except ValueError:
        return


def internal_paths(response: httpx.Response) -> list[str]:
    """Where the ``INTERNAL`` errors are (``me.sessions``; list indexes dropped): one key per distinct bug."""
    errors = response.json().get("errors") or []
    return sorted({".".join(str(part) for part in error["path"] if not isinstance(part, int)) for error in errors
                   if error.get("extensions", {}).get("code") == "INTERNAL" and error.get("path")})


def operation_fields(document: str) -> list[str]:
    operation = graphql.parse(document).definitions[0]
    assert isinstance(operation, graphql.OperationDefinitionNode)
    return sorted({s.name.value for s in operation.selection_set.selections if isinstance(s, graphql.FieldNode)})


@pytest.fixture(scope="module")
async def fuzz_odoo() -> AsyncIterator[DemoOdoo]:
    """An emulator of the fuzz run's own: generated mutations write to it."""
    demo = await start_seeded_emulator()
    yield demo
    await demo.server.stop()


# Known bugs of issue 8 item 3, fixed on the input-validation branch, answer INTERNAL: a date-only `from`/`to`
# next to a datetime (createRental, me.sessions, Client.sessions, trainerAgenda, Equipment.availability, the
# last one anonymously too), addDog with a year before 1000 (then every read of that dog), and
# changePassword(oldPassword: ""). Which documents the short run draws depends on the process (set order),
# so any viewer may meet one: remove these marks once that branch is merged (``make fuzz`` ignores them).
@pytest.mark.parametrize("viewer", list(VIEWERS))
async def test_generated_documents_get_no_5xx_no_internal_and_no_odoo_text(fuzz_odoo: DemoOdoo, viewer: str) -> None:
    gql, odoo = await open_bff(fuzz_odoo.server, api_key=fuzz_odoo.seeded.integration_api_key,
                               access_token_ttl_s=3600)
    email = VIEWERS[viewer]
    token = (await gql.log_in(email)).token if email else None
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    loop = asyncio.get_running_loop()
    findings = Findings()
    strategy = from_schema(SCHEMA, fields=root_fields(viewer), custom_scalars=scalar_values(fuzz_odoo))
    stop_at = time.monotonic() + SECONDS / len(VIEWERS)  # the budget is for the whole run, shared by viewers

    def send(document: str) -> None:
        future = asyncio.run_coroutine_threadsafe(gql.http.post("/graphql", json={"query": document},
                                                                headers=headers), loop)
        findings.check(viewer, document, future.result(timeout=60))

    def run(examples: int, derandomize: bool) -> None:
        @settings(max_examples=examples, deadline=None, database=None, derandomize=derandomize,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck), print_blob=False)
        @given(document=strategy)
        def fuzz(document: str) -> None:
            send(document)

        fuzz()

    try:
        if SECONDS:  # rounds of fresh random documents until the time (or FUZZ_EXAMPLES) runs out
            while time.monotonic() < stop_at and findings.sent < EXAMPLES // len(VIEWERS):
                await asyncio.to_thread(run, min(100, EXAMPLES // len(VIEWERS) - findings.sent), False)
        else:
            await asyncio.to_thread(run, max(1, EXAMPLES // len(VIEWERS)), True)
    finally:
        await gql.http.aclose()
        await odoo.close()
    print("\n" + findings.report())
    assert findings.sent > 0
    assert not findings.by_kind, findings.report()


def test_findings_flag_each_kind_of_bad_answer() -> None:
    """The checks above must be able to fail: each kind of bad answer is recorded, a good one is not."""
    document = "{ events { totalCount } }"
    findings = Findings()
    findings.check("anonymous", document, httpx.Response(200, json={"data": {"events": {"totalCount": 3}}}))
    findings.check("anonymous", document, httpx.Response(500, text="Internal Server Error"))
    findings.check("client", document, httpx.Response(200, json={
        "data": None, "errors": [{"message": "Internal server error", "extensions": {"code": "INTERNAL"}}]}))
    findings.check("client", document, httpx.Response(200, json={
        "data": {"addDog": {"errors": [{"code": "VALIDATION", "message": "odoo.exceptions.ValidationError"}]}}}))
    assert findings.sent == 4
    assert set(findings.by_kind) == {("HTTP 500", "anonymous", "events"), ("INTERNAL", "client", "events"),
                                     ("Odoo text", "client", "events")}
