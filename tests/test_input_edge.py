"""Input that used to write and then break reads (hardening issue, item 3): every case is refused with a code,
writes nothing, reaches no Odoo write, and the reads that broke (`me.dogs`, the staff clients page) still answer.

The emulator refuses what PostgreSQL refuses (NUL, lone surrogates), but "nothing written" is checked on the BFF
side too: no create/write/booking call may reach Odoo, so a BFF that forwards bad input fails here even when
the emulator would have refused it.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from bff.schema.node import encode_global_id
from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

ADD_DOG = """mutation A($i: AddDogInput!, $k: String) { addDog(input: $i, idempotencyKey: $k) {
  dog { id name } errors { code field } } }"""
ADD_DOG_LITERAL_NUL = """mutation { addDog(input: {name: "Rex\\u0000"}) { dog { id } errors { code field } } }"""
UPDATE_DOG = """mutation U($id: ID!, $i: UpdateDogInput!) { updateDog(id: $id, input: $i) {
  dog { name } errors { code field } } }"""
PROFILE = """mutation P($i: UpdateProfileInput!) { updateProfile(input: $i) {
  client { city } errors { code field } } }"""
REGISTER = """mutation R($e: ID!, $a: [AttendeeInput!]!) { registerForEvent(eventId: $e, attendees: $a) {
  registrations { id } errors { code field } } }"""
BOOK = """mutation B($d: ID!, $t: ID!, $s: DateTime!) { bookSession(dogId: $d, trainerId: $t, start: $s) {
  session { id } errors { code field } } }"""
RENT = """mutation C($i: ID!, $f: DateTime!, $t: DateTime!) { createRental(items: [{equipmentId: $i, quantity: 1}],
  from: $f, to: $t) { rental { id } errors { code field } } }"""
CHANGE_PASSWORD = """mutation P($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) {
  ok errors { code field } } }"""
POST_BY_SLUG = "query S($s: String!) { postBySlug(slug: $s) { post { id } } }"
NODE = "query N($id: ID!) { node(id: $id) { id } }"
DOG = "query D($id: ID!) { dog(id: $id) { id } }"
EVENTS_AFTER = "query E($a: String) { events(first: 5, after: $a) { totalCount edges { node { id } } } }"
POSTS_SEARCH = "query P($s: String!) { posts(filter: {search: $s}) { totalCount } }"
CLIENTS_SEARCH = "query C($s: String!) { clients(search: $s) { totalCount } }"
SESSIONS = "query S($f: DateTime!, $t: DateTime!) { me { sessions(from: $f, to: $t) { id } } }"
ME_DOGS = "{ me { dogs { id name birthDate } } }"
CLIENTS_PAGE = "{ clients(first: 50) { totalCount edges { node { name dogs { name birthDate } } } } }"
SETUP = """{ me { dogs { id } } trainers { id } events(first: 1) { edges { node { id } } }
  equipment(first: 1) { edges { node { id } } } }"""

HUGE_DOG = encode_global_id("Dog", 99_999_999_999)
FAR_CURSOR = base64.urlsafe_b64encode(b"offset:99999999999").decode()
WRITES = frozenset({"create", "write", "unlink", "copy", "change_password"})
READ_ONLY_BOOKING = frozenset({"available_slots", "equipment_availability"})


@dataclass(frozen=True)
class Case:
    name: str
    query: str
    variables: dict[str, Any] = field(default_factory=dict)
    staff: bool = False
    payload: str | None = None  # the mutation whose `errors` must hold (code, field); None: a top-level code
    code: str = "BAD_USER_INPUT"
    field: str | None = None


CASES = [
    Case("birth date before 1900 (0999)", ADD_DOG, {"i": {"name": "Old", "birthDate": "0999-01-01"}}),
    Case("birth date 1899", ADD_DOG, {"i": {"name": "Old", "birthDate": "1899-12-31"}}),
    Case("birth date in the future", ADD_DOG, {"i": {"name": "Soon", "birthDate": "2999-01-01"}},
         payload="addDog", code="VALIDATION", field="birthDate"),
    Case("lone surrogate in a name", ADD_DOG, {"i": {"name": "\ud800"}}, field="name"),
    Case("NUL in a name", ADD_DOG, {"i": {"name": "Rex\x00"}}, field="name"),
    Case("NUL escaped in a literal", ADD_DOG_LITERAL_NUL, field="name"),
    Case("bidi override in notes", ADD_DOG, {"i": {"name": "Rex", "notes": "abc\u202edef"}}, field="notes"),
    Case("overlong notes", ADD_DOG, {"i": {"name": "Rex", "notes": "n" * 2001}}, field="notes"),
    Case("noncharacter in updateDog", UPDATE_DOG, {"id": "$dog", "i": {"breed": "Pug\uffff"}}, field="breed"),
    Case("control character in the profile", PROFILE, {"i": {"city": "Port\x07land"}}, field="city"),
    Case("NUL in a nested attendee", REGISTER, {"e": "$event", "a": [{"name": "A\x00", "email": "a@b.c"}]},
         field="name"),
    Case("booking in year 9999", BOOK, {"d": "$dog", "t": "$trainer", "s": "9999-12-31T23:30:00Z"}),
    Case("booking beyond the horizon", BOOK, {"d": "$dog", "t": "$trainer", "s": "2100-01-04T10:00:00Z"},
         payload="bookSession", code="VALIDATION", field="start"),
    Case("booking with a time without zone", BOOK, {"d": "$dog", "t": "$trainer", "s": "2027-01-04T10:00:00"}),
    Case("booking for a dog id beyond int4", BOOK, {"d": HUGE_DOG, "t": "$trainer", "s": "2027-01-04T10:00:00Z"},
         payload="bookSession", code="VALIDATION", field="dogId"),
    Case("rental in year 1066", RENT, {"i": "$equipment", "f": "1066-10-14", "t": "1066-10-15"}),
    Case("empty old password", CHANGE_PASSWORD, {"o": "", "n": "a-new-password-1"},
         payload="changePassword", code="VALIDATION", field="oldPassword"),
    Case("4,300-digit slug suffix", POST_BY_SLUG, {"s": "post-" + "9" * 4300}, field="slug"),
    Case("dog id beyond int4 (node)", NODE, {"id": HUGE_DOG}, field="id"),
    Case("dog id beyond int4 (dog)", DOG, {"id": HUGE_DOG}, field="id"),
    Case("cursor beyond int4", EVENTS_AFTER, {"a": FAR_CURSOR}, field="after"),
    Case("900 KB post search", POSTS_SEARCH, {"s": "a" * 900_000}, field="search"),  # 1 MB: 413 at the edge
    Case("overlong client search", CLIENTS_SEARCH, {"s": "a" * 101}, staff=True, field="search"),
    Case("sessions with a naive time", SESSIONS, {"f": "2026-01-01T00:00:00", "t": "2026-02-01T00:00:00Z"}),
    Case("idempotency key reused with another dog", ADD_DOG, {"i": {"name": "Twice"}, "k": "edge-key-0001"},
         payload="addDog", code="IDEMPOTENCY_KEY_REUSED", field="idempotencyKey"),
]


@dataclass
class World:
    demo: DemoOdoo
    client: GraphQLClient
    staff: GraphQLClient
    ids: dict[str, str]


@pytest.fixture(scope="module")
async def world() -> AsyncIterator[World]:
    """One emulator for the table: no case may change it, which each case checks."""
    from tests.conftest import start_seeded_emulator

    demo = await start_seeded_emulator()
    gql, odoo = await open_bff(demo.server, api_key=demo.seeded.integration_api_key)
    client, staff = await gql.log_in("dana@customk9.demo"), await gql.log_in("trainer@customk9.demo")
    setup = await client.query(SETUP)
    first = await client.query(ADD_DOG, {"i": {"name": "Once"}, "k": "edge-key-0001"})  # for the reuse case
    assert first["addDog"]["errors"] == []
    ids = {"$dog": setup["me"]["dogs"][0]["id"], "$trainer": setup["trainers"][0]["id"],
           "$event": setup["events"]["edges"][0]["node"]["id"],
           "$equipment": setup["equipment"]["edges"][0]["node"]["id"]}
    yield World(demo, client, staff, ids)
    await gql.http.aclose()
    await odoo.close()
    await demo.server.stop()


async def post(client: GraphQLClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """POST with the JSON escaped as a browser sends it (``\\ud800`` stays an escape, not invalid UTF-8)."""
    body = json.dumps({"query": query, "variables": variables})
    response = await client.http.post("/graphql", content=body, headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {client.token}"})
    assert response.status_code == 200, response.text[:300]
    return response.json()


def with_ids(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: with_ids(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [with_ids(v, ids) for v in value]
    return ids.get(value, value) if isinstance(value, str) else value


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_refused_with_a_code_nothing_written_reads_still_work(world: World, case: Case) -> None:
    server = world.demo.server
    before = copy.deepcopy(world.demo.db.tables)
    server.clear_calls()
    answer = await post(world.staff if case.staff else world.client, case.query, with_ids(case.variables, world.ids))
    if case.payload is None:
        assert answer.get("errors"), answer
        assert {e["extensions"]["code"] for e in answer["errors"]} == {case.code}, answer
        if case.field is not None:
            assert answer["errors"][0]["extensions"].get("field") == case.field, answer
    else:
        assert "errors" not in answer, answer
        assert answer["data"][case.payload]["errors"] == [{"code": case.code, "field": case.field}]
    writes = [c for c in server.calls if c.method in WRITES
              or (c.model == "customk9.booking" and c.method not in READ_ONLY_BOOKING)]
    if case.code != "IDEMPOTENCY_KEY_REUSED":  # that refusal comes from Odoo's key table by design
        assert writes == [], f"{case.name}: the BFF sent {[(c.model, c.method) for c in writes]}"
    assert world.demo.db.tables == before, f"{case.name} changed Odoo data"
    assert "errors" not in await post(world.client, ME_DOGS, {})
    assert "errors" not in await post(world.staff, CLIENTS_PAGE, {})
