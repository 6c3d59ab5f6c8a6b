"""Invariants under concurrency, through two BFF processes: one seat, one trainer hour, one crate.

Process A is the app in this test process; process B is a real ``bff serve`` subprocess on another port.
Both talk to the same Odoo (the emulator) over HTTP, so nothing in one BFF process can serialize the
requests: only the check-and-write inside Odoo (the addon's locked methods) keeps the invariants.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.conftest import DB, DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

JWT_SECRET = "test-secret-" + "x" * 32
REGISTER = """mutation R($e: ID!, $k: String) { registerForEvent(eventId: $e, attendees: [{name: "A", email: "a@x.io"}],
  idempotencyKey: $k) { registrations { id } errors { code } } }"""
BOOK = """mutation B($d: ID!, $t: ID!, $s: DateTime!, $k: String) { bookSession(dogId: $d, trainerId: $t, start: $s,
  durationMinutes: 60, idempotencyKey: $k) { session { id } errors { code } } }"""
RENT = """mutation C($i: ID!, $f: DateTime!, $t: DateTime!, $k: String) { createRental(items: [{equipmentId: $i,
  quantity: 1}], from: $f, to: $t, idempotencyKey: $k) { rental { id } errors { code } } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
async def two_bffs(fresh_odoo: DemoOdoo) -> AsyncIterator[tuple[GraphQLClient, GraphQLClient]]:
    """BFF process A (in this process) and B (a subprocess), both as the integration account."""
    key = fresh_odoo.seeded.integration_api_key
    in_process, odoo = await open_bff(fresh_odoo.server, api_key=key)
    port = free_port()
    env = {**os.environ, "ODOO_URL": fresh_odoo.server.url, "ODOO_DB": DB, "ODOO_LOGIN": "bff@customk9.demo",
           "ODOO_API_KEY": key or "", "BFF_JWT_SECRET": JWT_SECRET, "BFF_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen([sys.executable, "-m", "bff.cli", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    other = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10)
    try:
        for _ in range(100):
            try:
                if (await other.get("/healthz")).status_code == 200:
                    break
            except httpx.TransportError:
                await asyncio.sleep(0.1)
        else:
            raise RuntimeError("bff serve did not start")
        yield in_process, GraphQLClient(other)
    finally:
        process.terminate()
        process.wait(timeout=10)
        await other.aclose()
        await in_process.http.aclose()
        await odoo.close()


async def spread(a: GraphQLClient, b: GraphQLClient, query: str, variables: list[dict]) -> list[dict]:
    """Send the requests at once, alternating between the two processes."""
    calls = [(a if i % 2 == 0 else b).raw(query, v) for i, v in enumerate(variables)]
    return await asyncio.gather(*calls)


def outcome(bodies: list[dict], field: str) -> list[str]:
    return sorted(body["data"][field]["errors"][0]["code"] if body["data"][field]["errors"] else "OK"
                  for body in bodies)


async def clients(a: GraphQLClient, b: GraphQLClient) -> tuple[list[GraphQLClient], list[GraphQLClient]]:
    """Dana and Omar signed in on each process (tokens are JWTs with the shared secret)."""
    dana, omar = await a.log_in("dana@customk9.demo"), await a.log_in("omar@customk9.demo")
    return [dana, b.as_token(dana.token)], [omar, b.as_token(omar.token)]


async def test_twenty_registrations_for_the_last_seat(fresh_odoo: DemoOdoo, two_bffs) -> None:
    a, b = two_bffs
    db = fresh_odoo.db
    start = (datetime.now(UTC) + timedelta(days=10)).strftime("%Y-%m-%d 10:00:00")
    end = (datetime.now(UTC) + timedelta(days=10)).strftime("%Y-%m-%d 12:00:00")
    event = db.execute(1, "event.event", "create", [{"name": "Last seat", "date_begin": start, "date_end": end,
                                                     "is_published": True, "seats_limited": True, "seats_max": 2}], {})
    db.execute(1, "event.registration", "create", [{"event_id": event, "name": "First", "state": "open"}], {})
    from bff.schema.node import encode_global_id

    danas, omars = await clients(a, b)
    senders = [danas[0], omars[1]] * 10
    bodies = await asyncio.gather(*(c.raw(REGISTER, {"e": encode_global_id("Event", event)}) for c in senders))
    assert outcome(bodies, "registerForEvent") == ["EVENT_FULL"] * 19 + ["OK"]
    assert db.execute(1, "event.registration", "search_count", [[("event_id", "=", event)]], {}) == 2


async def test_twenty_bookings_of_one_trainer_hour(fresh_odoo: DemoOdoo, two_bffs) -> None:
    a, b = two_bffs
    danas, _ = await clients(a, b)
    dana = danas[0]
    trainers = (await dana.query("{ trainers { id name } }"))["trainers"]
    tess = next(t["id"] for t in trainers if t["name"] == "Tess Trainer")
    rex = next(d["id"] for d in (await dana.query("{ me { dogs { id name } } }"))["me"]["dogs"] if d["name"] == "Rex")
    now = datetime.now(UTC)
    slots = (await dana.query("""query S($t: ID!, $f: DateTime!, $to: DateTime!) { availableSlots(trainerId: $t,
      from: $f, to: $to, durationMinutes: 60) { start end } }""", {
        "t": tess, "f": (now + timedelta(days=3)).isoformat(), "to": (now + timedelta(days=10)).isoformat()}))
    slot = slots["availableSlots"][0]["start"]
    sessions_before = fresh_odoo.db.execute(1, "calendar.event", "search_count", [[]], {})
    bodies = await asyncio.gather(*(c.raw(BOOK, {"d": rex, "t": tess, "s": slot}) for c in danas * 10))
    assert outcome(bodies, "bookSession") == ["OK"] + ["SLOT_TAKEN"] * 19
    assert fresh_odoo.db.execute(1, "calendar.event", "search_count", [[]], {}) == sessions_before + 1


async def test_twenty_rentals_of_the_last_crate(fresh_odoo: DemoOdoo, two_bffs) -> None:
    a, b = two_bffs
    danas, omars = await clients(a, b)
    crate = fresh_odoo.seeded.equipment["K9-CRATE-S"]  # one unit owned
    from bff.schema.node import encode_global_id

    start = (datetime.now(UTC) + timedelta(days=20)).replace(microsecond=0)
    variables = {"i": encode_global_id("Equipment", crate), "f": start.isoformat(),
                 "t": (start + timedelta(days=2)).isoformat()}
    rentals_before = fresh_odoo.db.execute(1, "sale.order", "search_count", [[("is_rental", "=", True)]], {})
    bodies = await asyncio.gather(*(c.raw(RENT, variables) for c in (danas + omars) * 5))
    assert outcome(bodies, "createRental") == ["EQUIPMENT_UNAVAILABLE"] * 19 + ["OK"]
    rentals_after = fresh_odoo.db.execute(1, "sale.order", "search_count", [[("is_rental", "=", True)]], {})
    assert rentals_after == rentals_before + 1


async def test_the_same_idempotency_key_five_times_creates_one_record(fresh_odoo: DemoOdoo, two_bffs) -> None:
    a, b = two_bffs
    danas, _ = await clients(a, b)
    from bff.schema.node import encode_global_id

    crate = encode_global_id("Equipment", fresh_odoo.seeded.equipment["K9-CRATE-M"])
    start = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0)
    variables = {"i": crate, "f": start.isoformat(), "t": (start + timedelta(days=1)).isoformat(),
                 "k": "retry-key-0001"}
    before = fresh_odoo.db.execute(1, "sale.order", "search_count", [[("is_rental", "=", True)]], {})
    bodies = await asyncio.gather(*(c.raw(RENT, variables) for c in [danas[0], danas[1]] * 2 + [danas[0]]))
    ids = {body["data"]["createRental"]["rental"]["id"] for body in bodies}
    assert len(ids) == 1 and all(not body["data"]["createRental"]["errors"] for body in bodies)
    assert fresh_odoo.db.execute(1, "sale.order", "search_count", [[("is_rental", "=", True)]], {}) == before + 1
    dog = """mutation D($k: String) { addDog(input: {name: "Pip"}, idempotencyKey: $k) {
      dog { id } errors { code } } }"""
    made = [await c.raw(dog, {"k": "dog-key-00001"}) for c in danas * 2 + [danas[0]]]
    assert len({body["data"]["addDog"]["dog"]["id"] for body in made}) == 1
    assert fresh_odoo.db.execute(1, "customk9.dog", "search_count", [[("name", "=", "Pip")]], {}) == 1
