"""The watched models are listed in three places that must agree: the addon (classes inheriting the notify
mixin), the emulator's copy of it, and the BFF's polling fallback. A model added to one and forgotten in
another would be live on one path and silent on the other; this test walks the addon's source to catch it.
Also: the small parsers of the feed (notifications, settings)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bff.live.bus_client import parse_change
from bff.live.changes import Change
from bff.live.poller import WATCHED_MODELS
from bff.settings import Settings, SettingsError
from odoo_emulator.models.customk9_bus import WATCHED

ADDON_MODELS = Path(__file__).resolve().parents[2] / "odoo_addons" / "customk9" / "models"
MIXIN = "customk9.bus.notify.mixin"


def _addon_watched() -> set[str]:
    watched = set()
    for path in ADDON_MODELS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            attrs = {
                target.id: ast.literal_eval(stmt.value)
                for stmt in node.body if isinstance(stmt, ast.Assign)
                for target in stmt.targets if isinstance(target, ast.Name) and target.id in ("_name", "_inherit")
            }
            inherit = attrs.get("_inherit", [])
            if MIXIN in (inherit if isinstance(inherit, list) else [inherit]) and "_name" in attrs:
                watched.add(attrs["_name"])
    return watched


def test_the_addon_the_emulator_and_the_poller_watch_the_same_models() -> None:
    addon = _addon_watched()
    assert {"customk9.dog", "event.event", "event.registration", "project.task"} <= addon
    assert set(WATCHED) == addon
    assert set(WATCHED_MODELS) == addon


def test_parse_change_takes_only_well_formed_addon_notifications() -> None:
    payload = {"model": "customk9.dog", "ids": [3, 1], "op": "write"}
    assert parse_change({"id": 7, "message": {"type": "customk9/changed", "payload": payload}}) == Change(
        "customk9.dog", (3, 1), "write", 7)
    for message in (
        {"type": "k9/probe", "payload": payload},
        {"type": "customk9/changed", "payload": {**payload, "op": "drop"}},
        {"type": "customk9/changed", "payload": {**payload, "ids": "1"}},
        {"type": "customk9/changed", "payload": {**payload, "ids": [True, "x"]}},
        {"type": "customk9/changed", "payload": {**payload, "model": None}},
        {"type": "customk9/changed", "payload": None},
        None,
    ):
        assert parse_change({"id": 8, "message": message}) is None


def test_live_settings() -> None:
    assert Settings.from_env({}).live_mode == "auto"
    env = {"BFF_LIVE_MODE": "Polling", "BFF_POLL_INTERVAL_S": "1.5", "BFF_BUS_REPLAY_WINDOW_S": "20",
           "BFF_BUS_BACKOFF_MAX_S": "2", "BFF_BUS_RETRY_S": "10"}
    settings = Settings.from_env(env)
    assert (settings.live_mode, settings.poll_interval_s, settings.bus_replay_window_s, settings.bus_backoff_max_s,
            settings.bus_retry_s) == ("polling", 1.5, 20.0, 2.0, 10.0)
    with pytest.raises(SettingsError, match="BFF_LIVE_MODE"):
        Settings.from_env({"BFF_LIVE_MODE": "sometimes"})
