"""The addon's booking rules (``odoo_addons/customk9/rules``) as the emulator loads them.

The cases are the rules package's own ``cases.py``: the addon's Odoo tests (``tests/test_rules.py`` of the
addon) run the very same list through the addon's import of the package, so one list pins both callers.
"""

from __future__ import annotations

import ast
import importlib
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from odoo_emulator import rules

cases = importlib.import_module(f"{rules.PACKAGE}.cases")


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: f"{c[0]}.{c[1]}")
def test_rule_case(case: tuple) -> None:
    assert cases.check(rules.package, case) is None


def test_a_wrong_expectation_is_reported() -> None:
    """``check`` itself can fail: a case with a wrong answer or a missed refusal is a mismatch."""
    assert cases.check(rules.package, ("rentals", "free_units", (5.0, 2.0), 4)) is not None
    assert cases.check(rules.package, ("sessions", "duration", (45,), cases.Refused("VALIDATION", "x"))) is not None
    assert cases.check(rules.package, ("sessions", "duration", (50,), timedelta(minutes=50))) is not None


def test_the_emulator_runs_the_addons_files() -> None:
    folder = Path(__file__).resolve().parents[2] / "odoo_addons" / "customk9" / "rules"
    for module in (rules.sessions, rules.hours, rules.rentals, rules.events, rules.records, rules.idempotency,
                   rules.holds):
        assert Path(module.__file__).parent == folder
    assert "odoo" not in sys.modules  # loading the rules did not import Odoo


def test_the_rules_import_only_the_standard_library() -> None:
    allowed = set(sys.stdlib_module_names)
    for path in rules.RULES_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert node.module and node.module.split(".")[0] in allowed, (path.name, node.module)
            elif isinstance(node, ast.Import):
                assert all(alias.name.split(".")[0] in allowed for alias in node.names), path.name


def test_a_refusal_is_answered_and_translated() -> None:
    refusal = rules.RuleError("EVENT_FULL", "event_id", "Only %(seats)s seats are left.", seats=2)
    assert refusal.answer() == {"ok": False, "code": "EVENT_FULL", "field": "event_id",
                                "message": "Only 2 seats are left."}
    french = {"Only %(seats)s seats are left.": "Plus que %(seats)s places."}
    answer = refusal.answer(lambda template, **params: french[template] % params)
    assert answer["message"] == "Plus que 2 places."


def test_slots_follow_the_wall_clock_across_daylight_saving() -> None:
    """08:00-10:00 in Los Angeles on the Saturday and the Monday around the November 2026 change."""
    la = rules.hours.zone("America/Los_Angeles")
    lines = [{"dayofweek": str(d), "hour_from": 8.0, "hour_to": 10.0} for d in (5, 0)]
    start, end = datetime(2026, 10, 31), datetime(2026, 11, 3)
    intervals = rules.hours.working_intervals(lines, start, end, la)
    assert intervals == [(datetime(2026, 10, 31, 15), datetime(2026, 10, 31, 17)),
                         (datetime(2026, 11, 2, 16), datetime(2026, 11, 2, 18))]
    slots = rules.sessions.free_slots(intervals, la, start, end, timedelta(hours=2), datetime(2026, 10, 1), [])
    assert slots == [["2026-10-31 15:00:00", "2026-10-31 17:00:00"], ["2026-11-02 16:00:00", "2026-11-02 18:00:00"]]


def test_two_week_calendars_alternate() -> None:
    week = rules.hours.week_type(datetime(2026, 12, 7))
    line = {"dayofweek": "0", "hour_from": 9.0, "hour_to": 10.0, "week_type": week}
    found = rules.hours.working_intervals([line], datetime(2026, 12, 7), datetime(2026, 12, 15),
                                          rules.hours.zone("UTC"), two_weeks=True)
    assert found == [(datetime(2026, 12, 7, 9), datetime(2026, 12, 7, 10))]
