"""The schema check: breaking changes against the last release are found, and the committed schema has no
unmarked one (this test is CI's schema gate)."""

from __future__ import annotations

from bff import schema_compat

OLD = """
type Query { events(first: Int): [Event!]! dog(id: ID!): Dog }
type Event { id: ID! name: String! seats: Int }
type Dog { id: ID! name: String! }
enum Kind { A B }
"""
NEW = """
type Query { events(first: Int!): [Event!]! dog(id: ID!): Dog }
type Event { id: ID! name: String }
type Dog { id: ID! name: String! breed: String }
enum Kind { A B C }
"""


def test_breaking_and_dangerous_changes_are_named() -> None:
    breaking, dangerous = schema_compat.changes(OLD, NEW)
    assert "FIELD_REMOVED: Field Event.seats was removed." in breaking
    assert "FIELD_CHANGED_KIND: Field Event.name changed type from String! to String." in breaking
    assert any(line.startswith("ARG_CHANGED_KIND: ") and "Query.events" in line for line in breaking)
    assert not any("breed" in line for line in breaking)  # an added field breaks nobody
    assert dangerous == ["VALUE_ADDED_TO_ENUM: Enum value Kind.C was added."]


def test_marked_changes_pass_and_unmarked_fail(tmp_path, monkeypatch) -> None:
    intended = tmp_path / "intended.txt"
    intended.write_text("# why: seats moved to Ticket\nFIELD_REMOVED: Field Event.seats was removed.\n")
    monkeypatch.setattr(schema_compat, "INTENDED_FILE", intended)
    monkeypatch.setattr(schema_compat, "released_schema", lambda tag, root=None: OLD)
    comparison = schema_compat.compare(NEW, release="v0.0.1")
    assert "FIELD_REMOVED: Field Event.seats was removed." not in comparison.unmarked
    assert comparison.unmarked and all(line in comparison.breaking for line in comparison.unmarked)
    assert "not marked intended" in schema_compat.report(comparison)


def test_the_committed_schema_has_no_unmarked_breaking_change_since_the_last_release() -> None:
    current = (schema_compat.ROOT / "schema.graphql").read_text(encoding="utf-8")
    comparison = schema_compat.compare(current)
    assert comparison.unmarked == [], schema_compat.report(comparison)
