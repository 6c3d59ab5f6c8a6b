"""Subscriptions end to end: Odoo changes (written straight into Odoo) reach the right subscribers only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bff.odoo_client import OdooClient
from bff.schema.node import encode_global_id
from tests.conftest import ADMIN, DB, DemoOdoo
from tests.live.harness import LEGACY_WS, Served, serve_bff, ws_client

DASHBOARD = "subscription { dashboardChanged { kind operation ids nodes { id ... on Session { title } } } }"
SEATS = "subscription($id: ID!) { eventSeatsChanged(eventId: $id) { id name seatsAvailable } }"
PLAN = "subscription($id: ID!) { trainingPlanChanged(id: $id) { id name progress { percent } } }"
SESSION = "subscription($id: ID!) { sessionChanged(id: $id) { id title } }"
REGISTER = """mutation($e: ID!, $t: ID) { registerForEvent(eventId: $e, ticketId: $t,
  attendees: [{name: "Omar", email: "omar@x.io"}]) { registrations { id } errors { code message } } }"""
AVAILABLE = """query($now: DateTime!) { events(first: 1, filter: {onlyAvailable: true, startsAfter: $now}) {
  edges { node { id name tickets { id } } } } }"""


@pytest.fixture
async def live(fresh_odoo: DemoOdoo) -> AsyncIterator[Served]:
    async with serve_bff(fresh_odoo) as served:
        yield served


@pytest.fixture
async def odoo_admin(fresh_odoo: DemoOdoo) -> AsyncIterator[OdooClient]:
    """Writes straight into Odoo, not through the BFF (as staff working in Odoo's own UI)."""
    async with OdooClient(url=fresh_odoo.server.url, db=DB, login=ADMIN[0], password=ADMIN[1]) as client:
        yield client


def _session_of(demo: DemoOdoo, login: str) -> int:
    partner = demo.seeded.client_partners[login]
    rows = demo.db.tables["calendar.event"]
    return next(sid for sid in demo.seeded.sessions if partner in (rows[sid].get("partner_ids") or []))


async def test_a_staff_change_reaches_its_owner_and_nobody_else(
        live: Served, fresh_odoo: DemoOdoo, odoo_admin: OdooClient) -> None:
    dana = await live.gql.log_in("dana@customk9.demo")
    omar = await live.gql.log_in("omar@customk9.demo")
    session_id = _session_of(fresh_odoo, "dana@customk9.demo")
    async with ws_client(live.url, dana.token) as dana_ws, ws_client(live.url, omar.token) as omar_ws:
        dana_op = await dana_ws.subscribe(DASHBOARD)
        await omar_ws.subscribe(DASHBOARD)
        await asyncio.sleep(0.3)  # both subscriptions registered
        await odoo_admin.write("calendar.event", [session_id], {"name": "Recall, moved indoors"})
        message = await dana_ws.receive(timeout=2.0)
        assert message["id"] == dana_op and message["type"] == "next", message
        change = message["payload"]["data"]["dashboardChanged"]
        assert change == {"kind": "SESSION", "operation": "UPDATED", "ids": [encode_global_id("Session", session_id)],
                          "nodes": [{"id": encode_global_id("Session", session_id), "title": "Recall, moved indoors"}]}
        assert await omar_ws.nothing_within(0.5)


async def test_anonymous_seat_subscriber_sees_a_registration(live: Served, fresh_odoo: DemoOdoo) -> None:
    omar = await live.gql.log_in("omar@customk9.demo")
    event = (await omar.query(AVAILABLE, {"now": datetime.now(UTC).isoformat()}))["events"]["edges"][0]["node"]
    seats = "query($id: ID!) { node(id: $id) { ... on Event { seatsAvailable } } }"
    before = (await live.gql.query(seats, {"id": event["id"]}))["node"]["seatsAvailable"]
    async with ws_client(live.url) as anonymous:
        await anonymous.subscribe(SEATS, {"id": event["id"]})
        await asyncio.sleep(0.3)
        ticket = event["tickets"][0]["id"] if event["tickets"] else None
        data = await omar.query(REGISTER, {"e": event["id"], "t": ticket})
        assert data["registerForEvent"]["errors"] == [], data
        message = await anonymous.receive(timeout=2.0)
    assert message["type"] == "next", message
    changed = message["payload"]["data"]["eventSeatsChanged"]
    assert changed["id"] == event["id"] and changed["name"] == event["name"]
    assert before is None or changed["seatsAvailable"] == before - 1


@pytest.mark.parametrize(("query", "type_name"), [(PLAN, "TrainingPlan"), (SESSION, "Session")])
async def test_an_id_the_viewer_may_not_see_is_refused_like_a_missing_one(
        live: Served, fresh_odoo: DemoOdoo, query: str, type_name: str) -> None:
    dana = await live.gql.log_in("dana@customk9.demo")
    omar = await live.gql.log_in("omar@customk9.demo")
    me = (await dana.query("{ me { trainingPlans { id } upcomingSessions(first: 50) { id } } }"))["me"]
    danas = (me["trainingPlans"] if type_name == "TrainingPlan" else me["upcomingSessions"])[0]["id"]
    missing = encode_global_id(type_name, 987_654_321)
    answers = []
    async with ws_client(live.url, omar.token) as ws:
        for gid in (danas, missing):
            await ws.subscribe(query, {"id": gid})
            answers.append(await ws.receive())
            assert (await ws.receive())["type"] == "complete"
    assert answers[0]["type"] == answers[1]["type"] == "next", answers
    errors = [a["payload"]["errors"] for a in answers]
    assert [[e["extensions"]["code"] for e in err] for err in errors] == [["NOT_FOUND"], ["NOT_FOUND"]]
    assert errors[0][0]["message"] == errors[1][0]["message"]
    assert answers[0]["payload"]["data"] is None
    async with ws_client(live.url, dana.token) as ws:  # the probe itself can see Dana's object
        await ws.subscribe(query, {"id": danas})
        assert await ws.nothing_within(0.3)


async def test_resync_reaches_every_subscriber_and_legacy_protocol_works(live: Served, fresh_odoo: DemoOdoo) -> None:
    from bff.live.changes import Resync

    dana = await live.gql.log_in("dana@customk9.demo")
    async with ws_client(live.url, dana.token, protocol=LEGACY_WS) as legacy:
        await legacy.subscribe(DASHBOARD)
        await asyncio.sleep(0.3)
        live.broker.publish(Resync("test"))
        message = await legacy.receive()
        assert message["type"] == "data", message
        assert message["payload"]["data"]["dashboardChanged"] == {
            "kind": "RESYNC", "operation": None, "ids": [], "nodes": []}


async def test_subscription_caps_answer_a_coded_error(fresh_odoo: DemoOdoo) -> None:
    async with serve_bff(fresh_odoo, max_subscriptions_per_connection=2) as live:
        dana = await live.gql.log_in("dana@customk9.demo")
        async with ws_client(live.url, dana.token) as ws:
            for _ in range(3):
                await ws.subscribe(DASHBOARD)
            message = await ws.receive()
        assert message["type"] in ("next", "error"), message
        errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
        assert errors[0]["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS"


async def test_an_expired_token_ends_the_subscription_with_4401(fresh_odoo: DemoOdoo) -> None:
    async with serve_bff(fresh_odoo, access_token_ttl_s=1) as live:
        dana = await live.gql.log_in("dana@customk9.demo")
        async with ws_client(live.url, dana.token) as ws:
            await ws.subscribe(DASHBOARD)
            message = await ws.receive(timeout=4.0)
        assert message == {"type": "closed", "code": 4401, "message_type": "WSMsgType.CLOSE"} or \
            message.get("code") == 4401, message


async def test_a_session_subscription_follows_one_session(
        live: Served, fresh_odoo: DemoOdoo, odoo_admin: OdooClient) -> None:
    dana = await live.gql.log_in("dana@customk9.demo")
    session_id = _session_of(fresh_odoo, "dana@customk9.demo")
    gid = encode_global_id("Session", session_id)
    async with ws_client(live.url, dana.token) as ws:
        await ws.subscribe(SESSION, {"id": gid})
        await asyncio.sleep(0.3)
        await odoo_admin.write("calendar.event", [session_id], {"name": "Moved"})
        message = await ws.receive(timeout=2.0)
    assert message["payload"]["data"]["sessionChanged"] == {"id": gid, "title": "Moved"}


async def _cut_link_with_five_changes(demo: DemoOdoo, session_id: int) -> None:
    """Odoo unreachable for 5 s (every connection dropped and refused) while 5 changes happen inside it."""
    await demo.server.pause()
    for n in range(5):
        demo.db.execute(2, "calendar.event", "write", [[session_id], {"name": f"While cut {n}"}], {})
        await asyncio.sleep(1.0)
    await demo.server.resume()


async def _dashboard_frames(ws: Any, until: float) -> list[dict[str, Any]]:
    frames: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    while loop.time() < until:
        try:
            message = await ws.receive(timeout=max(0.05, until - loop.time()))
        except TimeoutError:
            break
        change = message["payload"]["data"]["dashboardChanged"]
        frames.append(change)
        if change["kind"] == "RESYNC" or len(frames) == 5:
            break
    return frames


async def _dana_during_a_cut(live: Served, demo: DemoOdoo) -> list[dict[str, Any]]:
    """Dana's dashboard frames in the 15 s after a 5 s cut with 5 changes to her session."""
    dana = await live.gql.log_in("dana@customk9.demo")
    async with ws_client(live.url, dana.token) as ws:
        await ws.subscribe(DASHBOARD)
        await asyncio.sleep(0.3)
        await _cut_link_with_five_changes(demo, _session_of(demo, "dana@customk9.demo"))
        return await _dashboard_frames(ws, asyncio.get_running_loop().time() + 15)


async def test_a_cut_link_replays_every_change_within_odoos_history(live: Served, fresh_odoo: DemoOdoo) -> None:
    frames = await _dana_during_a_cut(live, fresh_odoo)
    assert [f["kind"] for f in frames] == ["SESSION"] * 5, frames
    assert frames[-1]["nodes"][0]["title"] == "While cut 4"


async def test_a_gap_beyond_odoos_history_sends_resync(fresh_odoo: DemoOdoo) -> None:
    fresh_odoo.db.bus_retention_s = 2.0  # Odoo pruned what the BFF missed
    async with serve_bff(fresh_odoo, bus_replay_window_s=3.0) as live:
        frames = await _dana_during_a_cut(live, fresh_odoo)
    assert frames and frames[-1]["kind"] == "RESYNC", frames  # never a silent gap


@pytest.mark.parametrize(("query", "type_name"), [(PLAN, "TrainingPlan"), (SESSION, "Session")])
async def test_a_trainer_cannot_follow_another_trainers_client(
        live: Served, query: str, type_name: str) -> None:
    from tests.test_id_isolation import staff_ids

    tess = await live.gql.log_in("trainer@customk9.demo")
    marco = await live.gql.log_in("marco@customk9.demo")
    only_tess = sorted((await staff_ids(tess))[type_name] - (await staff_ids(marco))[type_name])
    assert only_tess, type_name
    answers = []
    async with ws_client(live.url, marco.token) as ws:
        for gid in (only_tess[0], encode_global_id(type_name, 987_654_321)):
            await ws.subscribe(query, {"id": gid})
            answers.append((await ws.receive())["payload"])
            assert (await ws.receive())["type"] == "complete"
    assert answers[0] == {**answers[1], "errors": [{**answers[1]["errors"][0],
                                                   "extensions": answers[0]["errors"][0]["extensions"]}]}
    assert answers[0]["errors"][0]["extensions"]["code"] == "NOT_FOUND"


MISSING_EVENT = encode_global_id("Event", 987_654_321)
SOCKET_ERRORS = {
    "not in the schema": ("subscription { nope }", None, "GRAPHQL_VALIDATION_FAILED"),
    "signed in only": ("subscription { dashboardChanged { kind } }", None, "UNAUTHENTICATED"),
    "malformed id": ('subscription { eventSeatsChanged(eventId: "bad") { id } }', None, "BAD_USER_INPUT"),
    "missing event": (SEATS, {"id": MISSING_EVENT}, "NOT_FOUND"),
    "a variable of the wrong type": (SEATS, {"id": {"not": "an id"}}, "BAD_USER_INPUT"),
}


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", LEGACY_WS])
async def test_every_error_on_the_socket_carries_a_code(live: Served, protocol: str) -> None:
    codes = {}
    async with ws_client(live.url, None, protocol=protocol) as ws:
        for name, (query, variables, _code) in SOCKET_ERRORS.items():
            await ws.subscribe(query, variables)
            message = await ws.receive()
            payload = message["payload"]
            errors = payload if isinstance(payload, list) else payload.get("errors") or [payload]
            codes[name] = errors[0].get("extensions", {}).get("code")
            if message["type"] in ("next", "data"):
                assert (await ws.receive())["type"] == "complete"
    assert codes == {name: code for name, (_query, _variables, code) in SOCKET_ERRORS.items()}
