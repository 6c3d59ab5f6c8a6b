"""The four pages of the table: the GraphQL document a frontend sends to the BFF, and the same page fetched
straight from Odoo (``bench.direct``). Each document selects what the direct paths read, no more.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bench import direct, direct_private
from bench.data import Subject
from bff.odoo_client import OdooClient
from bff.schema.node import encode_global_id

Direct = Callable[[OdooClient, Subject], Awaitable[None]]

EVENTS = """query EventsPage($first: Int) { events(first: $first) { totalCount edges { node {
  name category { name } tags { name } tickets { name price { amount } } } } } }"""

BLOG = """query BlogIndex($first: Int) { posts(first: $first) { totalCount edges { node {
  title subtitle teaser publishedAt authorName blog { name } tags { name } } } } }"""

DASHBOARD = """query Dashboard { dashboard {
  nextSessions(first: 3) { title start dog { name } trainingPlan { name } }
  activePlans { name dog { name } tasks { name isDone } progress { percent } }
  upcomingRegistrations { state event { name start } }
  counts { dogs activePlans upcomingSessions openRentals upcomingRegistrations } } }"""

PLAN = """query TrainingPlan($id: ID!) { trainingPlan(id: $id) {
  name startDate endDate trainer { name } dog { name } stages { name }
  tasks { name deadline isDone stage { name } } progress { percent } } }"""


@dataclass(frozen=True)
class Page:
    name: str
    query: str
    signed_in: bool  # as Dana, else anonymous
    naive: Direct
    critical: Direct
    variables: Callable[[Subject], dict[str, Any]]


PAGES = (
    Page("events page (first 50)", EVENTS, False, direct.naive_events, direct.critical_events,
         lambda subject: {"first": 50}),
    Page("blog index (first 20)", BLOG, False, direct.naive_blog, direct.critical_blog,
         lambda subject: {"first": 20}),
    Page("client dashboard (Dana)", DASHBOARD, True, direct_private.naive_dashboard, direct_private.critical_dashboard,
         lambda subject: {}),
    Page("training plan (30 tasks)", PLAN, True, direct_private.naive_plan, direct_private.critical_plan,
         lambda subject: {"id": encode_global_id("TrainingPlan", subject.plan)}),
)
