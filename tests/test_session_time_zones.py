"""Trainer hours in the time zone Odoo keeps them in: slots and sessions say their zone.

The demo company's calendar is Mon-Fri 08-12 and 13-17 in America/Los_Angeles (the venue), so every slot of
a demo trainer falls in those local hours whatever the UTC offset of the day, and moving the calendar to
another zone moves the slots and the zone the API names.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.conftest import DemoOdoo, open_bff
from tests.graphql_client import GraphQLClient

SLOTS = """query S($t: ID!, $f: DateTime!, $to: DateTime!) {
  availableSlots(trainerId: $t, from: $f, to: $to, durationMinutes: 60) { start end timeZone } }"""
TRAINERS = "{ trainers { id name } }"
SESSIONS = "{ me { upcomingSessions(first: 20) { start timeZone trainer { name } } } }"


def local_hours(slots: list[dict], zone: str) -> list[tuple[datetime, datetime]]:
    return [(datetime.fromisoformat(s["start"]).astimezone(ZoneInfo(zone)),
             datetime.fromisoformat(s["end"]).astimezone(ZoneInfo(zone))) for s in slots]


def within_working_hours(start: datetime, end: datetime) -> bool:
    """Mon-Fri, inside 08:00-12:00 or 13:00-17:00 on the local wall clock, on a whole or half hour."""
    morning = 8 <= start.hour < 12 and (end.hour, end.minute) <= (12, 0)
    afternoon = 13 <= start.hour < 17 and (end.hour, end.minute) <= (17, 0)
    return start.weekday() < 5 and start.date() == end.date() and start.minute in (0, 30) and (morning or afternoon)


async def slots_of(client: GraphQLClient, trainer: str, days: int = 14) -> list[dict]:
    now = datetime.now(UTC)
    return (await client.query(SLOTS, {"t": trainer, "f": (now + timedelta(days=2)).isoformat(),
                                       "to": (now + timedelta(days=2 + days)).isoformat()}))["availableSlots"]


async def test_demo_trainer_slots_fall_in_los_angeles_working_hours(gql: GraphQLClient) -> None:
    dana = await gql.log_in("dana@customk9.demo")
    for trainer in (await dana.query(TRAINERS))["trainers"]:
        slots = await slots_of(dana, trainer["id"])
        assert len(slots) > 50
        assert {s["timeZone"] for s in slots} == {"America/Los_Angeles"}
        local = local_hours(slots, "America/Los_Angeles")
        assert all(within_working_hours(a, b) for a, b in local), [a for a, b in local
                                                                   if not within_working_hours(a, b)][:3]
        assert any((a.hour, a.minute) == (8, 0) for a, _b in local)  # the day starts at 08:00 local


async def test_slots_follow_the_calendar_s_zone(fresh_odoo: DemoOdoo) -> None:
    db = fresh_odoo.db
    [company] = db.execute(1, "res.company", "read", [[1], ["resource_calendar_id"]], {})
    db.execute(1, "resource.calendar", "write", [[company["resource_calendar_id"][0]], {"tz": "Europe/Brussels"}],
               {})
    gql, odoo = await open_bff(fresh_odoo.server, api_key=fresh_odoo.seeded.integration_api_key)
    try:
        dana = await gql.log_in("dana@customk9.demo")
        trainer = (await dana.query(TRAINERS))["trainers"][0]["id"]
        slots = await slots_of(dana, trainer, days=7)
        assert {s["timeZone"] for s in slots} == {"Europe/Brussels"}
        assert all(within_working_hours(a, b) for a, b in local_hours(slots, "Europe/Brussels"))
        assert not any(within_working_hours(a, b) for a, b in local_hours(slots, "America/Los_Angeles"))
    finally:
        await gql.http.aclose()
        await odoo.close()


async def test_sessions_say_their_zone_with_one_odoo_call_for_all(demo_odoo: DemoOdoo, gql: GraphQLClient) -> None:
    dana = await gql.log_in("dana@customk9.demo")
    demo_odoo.server.clear_calls()
    sessions = (await dana.query(SESSIONS))["me"]["upcomingSessions"]
    assert len({s["trainer"]["name"] for s in sessions}) == 2  # two organisers, still one call
    assert {s["timeZone"] for s in sessions} == {"America/Los_Angeles"}
    assert len(demo_odoo.server.calls_to("customk9.booking", "working_time_zones")) == 1
