"""odoo_emulator.domain: syntax errors as Odoo raises them, and every leaf operator."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from odoo_emulator import domain as dom
from odoo_emulator.exceptions import PythonAssertionError, PythonValueError
from odoo_emulator.fields import Field


class FakeStore:
    """A two-model Resolver: ``pet`` (name, age, born, birthday, vaccinated, owner_id, tag_ids) and ``person``."""

    def __init__(self) -> None:
        self.fields = {
            "pet": {
                f.name: f
                for f in (
                    Field("id", "integer"),
                    Field("name", "char"),
                    Field("age", "integer"),
                    Field("born", "date"),
                    Field("seen", "datetime"),
                    Field("vaccinated", "boolean"),
                    Field("owner_id", "many2one", relation="person"),
                    Field("tag_ids", "many2many", relation="tag"),
                    Field("mood", "char", store=False),
                    Field("display_name", "char", store=False),
                )
            },
            "person": {
                f.name: f
                for f in (
                    Field("id", "integer"),
                    Field("name", "char"),
                    Field("parent_id", "many2one", relation="person"),
                    Field("active", "boolean"),
                    Field("display_name", "char", store=False),
                )
            },
            "tag": {
                f.name: f
                for f in (
                    Field("id", "integer"),
                    Field("name", "char"),
                    Field("display_name", "char", store=False),
                )
            },
        }
        self.rows: dict[str, dict[int, dict]] = {
            "pet": {
                1: {
                    "name": "Rex",
                    "age": 3,
                    "born": "2023-01-05",
                    "seen": "2026-12-01 10:00:00",
                    "vaccinated": True,
                    "owner_id": 10,
                    "tag_ids": [100, 101],
                },
                2: {
                    "name": "rexy",
                    "age": 7,
                    "born": "2019-06-30",
                    "seen": False,
                    "vaccinated": False,
                    "owner_id": 11,
                    "tag_ids": [101],
                },
                3: {
                    "name": False,
                    "age": 0,
                    "born": False,
                    "seen": "2026-12-02 08:00:00",
                    "vaccinated": False,
                    "owner_id": False,
                    "tag_ids": [],
                },
                4: {
                    "name": "Bella_1",
                    "age": 12,
                    "born": "2014-03-01",
                    "seen": False,
                    "vaccinated": True,
                    "owner_id": 12,
                    "tag_ids": [100],
                },
            },
            "person": {
                10: {"name": "Ann", "parent_id": False, "active": True},
                11: {"name": "Bob", "parent_id": 10, "active": True},
                12: {"name": "Cid", "parent_id": 11, "active": False},
            },
            "tag": {100: {"name": "big"}, 101: {"name": "calm"}},
        }

    def get_field(self, model: str, name: str) -> Field | None:
        return self.fields[model].get(name)

    def all_ids(self, model: str) -> list[int]:
        return list(self.rows[model])

    def value(self, model: str, rec_id: int, fname: str) -> Any:
        if fname == "id":
            return rec_id
        fld = self.fields[model][fname]
        return self.rows[model][rec_id].get(fname, fld.empty())

    def display_name(self, model: str, rec_id: int) -> str | None:
        row = self.rows[model].get(rec_id)
        return None if row is None else row.get("name") or ""

    def search(self, model: str, domain: list, active_test: bool) -> set[int]:
        ids = self.all_ids(model)
        if active_test and "active" in self.fields[model]:
            ids = [i for i in ids if self.rows[model][i].get("active")]
        return set(dom.filter_ids(domain, model, ids, self))

    def parent_field(self, model: str) -> str | None:
        return "parent_id" if model == "person" else None

    def run_search_method(self, model: str, fld: Field, operator: str, value: Any) -> list:
        return [("age", ">", 5)] if value else [("age", "<=", 5)]


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def pets(store: FakeStore, domain: Any) -> list[int]:
    return dom.filter_ids(domain, "pet", store.all_ids("pet"), store)


# ---------------------------------------------------------------- syntax


def test_normalize_makes_implicit_and_explicit() -> None:
    assert dom.normalize([("a", "=", 1), ("b", "=", 2)]) == ["&", ("a", "=", 1), ("b", "=", 2)]
    assert dom.normalize([]) == [dom.TRUE_LEAF]
    assert dom.normalize(["|", ["a", "=", 1], ["b", "=", 2]]) == ["|", ("a", "=", 1), ("b", "=", 2)]


def test_syntax_errors_are_odoos() -> None:
    with pytest.raises(PythonAssertionError, match="must have a 'domain' form"):
        dom.normalize("not a list")
    with pytest.raises(
        PythonValueError, match=r"^Domain \['\|', \['name', '=', 'x'\]\] is syntactically not correct\.$"
    ):
        dom.normalize(["|", ["name", "=", "x"]])
    with pytest.raises(PythonValueError, match=r"^Invalid leaf \('name', 'badop', 'x'\)$"):
        dom.normalize([["name", "badop", "x"]])
    with pytest.raises(PythonValueError, match="not enough values to unpack"):
        dom.normalize([["name", "like"]])
    with pytest.raises(PythonValueError, match="Invalid leaf"):
        dom.normalize(["^", ("a", "=", 1)])


def test_unknown_field_and_unsearchable_field(store: FakeStore, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(PythonValueError, match=r"^Invalid field pet\.zz in leaf \('zz', '=', 1\)$"):
        pets(store, [("zz", "=", 1)])
    with caplog.at_level(logging.ERROR, logger="odoo_emulator.domain"):
        assert pets(store, [("mood", "=", "happy")]) == pets(store, [])  # Odoo 18: TRUE, logged
        assert pets(store, ["!", ("mood", "=", "happy")]) == []
    assert "cannot be searched" in caplog.text
    with pytest.raises(PythonValueError, match=r"Invalid field person\.zz in leaf"):
        pets(store, [("owner_id.zz", "=", 1)])


def test_and_or_combinators() -> None:
    assert dom.AND([("a", "=", 1)], [], [("b", "=", 2)]) == ["&", ("a", "=", 1), ("b", "=", 2)]
    assert dom.AND([], []) == []
    assert dom.OR([("a", "=", 1)], [("b", "=", 2)]) == ["|", ("a", "=", 1), ("b", "=", 2)]


# ---------------------------------------------------------------- logic


def test_constant_leaves_and_prefix_operators(store: FakeStore) -> None:
    assert pets(store, [(1, "=", 1)]) == [1, 2, 3, 4]
    assert pets(store, [(0, "=", 1)]) == []
    assert pets(store, ["|", ("age", "=", 3), ("age", "=", 7)]) == [1, 2]
    assert pets(store, ["!", ("vaccinated", "=", True)]) == [2, 3]
    assert pets(store, [("vaccinated", "=", True), ("age", ">", 5)]) == [4]
    assert pets(store, ["&", "|", ("age", "=", 3), ("age", "=", 12), ("vaccinated", "=", True)]) == [1, 4]
    assert pets(store, ["!", ("born", ">", "2020-01-01")]) == [2, 4]  # negated comparison keeps NULL out


# ---------------------------------------------------------------- scalar operators


@pytest.mark.parametrize(
    ("leaf", "expected"),
    [
        (("age", "=", 3), [1]),
        (("age", "!=", 3), [2, 3, 4]),
        (("age", "<>", 3), [2, 3, 4]),
        (("age", ">", 3), [2, 4]),
        (("age", ">=", 3), [1, 2, 4]),
        (("age", "<", 3), [3]),
        (("age", "<=", 3), [1, 3]),
        (("age", "in", [3, 12]), [1, 4]),
        (("age", "not in", [3, 12]), [2, 3]),
        (("name", "like", "Rex"), [1]),
        (("name", "ilike", "rex"), [1, 2]),
        (("name", "not like", "Rex"), [2, 3, 4]),
        (("name", "not ilike", "rex"), [3, 4]),
        (("name", "=like", "Rex"), [1]),
        (("name", "=like", "R%"), [1]),
        (("name", "=ilike", "r_x"), [1]),
        (("name", "=ilike", "bella\\_%"), [4]),
        (("name", "=", False), [3]),
        (("name", "!=", False), [1, 2, 4]),
        (("name", "in", ["Rex", False]), [1, 3]),
        (("vaccinated", "=", False), [2, 3]),
        (("vaccinated", "!=", True), [2, 3]),
        (("name", "=?", False), [1, 2, 3, 4]),
        (("name", "=?", "Rex"), [1]),
        (("id", "in", [2, 4]), [2, 4]),
        (("id", "=", 4), [4]),
    ],
)
def test_scalar_operators(store: FakeStore, leaf: tuple, expected: list[int]) -> None:
    assert pets(store, [leaf]) == expected


def test_dates_and_datetimes_compare_as_strings_in_any_format(store: FakeStore) -> None:
    assert pets(store, [("born", ">=", "2020-01-01")]) == [1]
    assert pets(store, [("born", "<", "2019-06-30 12:00:00")]) == [4]  # datetime string on a date field
    assert pets(store, [("seen", ">", "2026-12-01")]) == [1, 3]  # date string on a datetime field
    assert pets(store, [("seen", ">", "2026-12-01T12:00:00")]) == [3]
    assert pets(store, [("seen", "=", False)]) == [2, 4]


# ---------------------------------------------------------------- relational operators


def test_many2one_by_id_name_and_path(store: FakeStore) -> None:
    assert pets(store, [("owner_id", "=", 10)]) == [1]
    assert pets(store, [("owner_id", "=", False)]) == [3]
    assert pets(store, [("owner_id", "!=", False)]) == [1, 2, 4]
    assert pets(store, [("owner_id", "in", [10, 12])]) == [1, 4]
    assert pets(store, [("owner_id", "not in", [10])]) == [2, 3, 4]
    assert pets(store, [("owner_id", "in", [False, 11])]) == [2, 3]
    assert pets(store, [("owner_id", "ilike", "b")]) == [2]  # name of the target
    assert pets(store, [("owner_id", "=", "Ann")]) == [1]
    assert pets(store, [("owner_id", "not ilike", "b")]) == [1, 3, 4]
    assert pets(store, [("owner_id.name", "=", "Bob")]) == [2]
    assert pets(store, [("owner_id.parent_id.name", "=", "Ann")]) == [2]
    assert pets(store, [("owner_id.name", "!=", "Bob")]) == [1, 4]  # "any" semantics: no owner never matches


def test_any_and_not_any(store: FakeStore) -> None:
    assert pets(store, [("owner_id", "any", [("name", "in", ["Ann", "Cid"])])]) == [1, 4]  # m2o ignores active
    assert pets(store, [("owner_id", "not any", [("name", "=", "Ann")])]) == [2, 3, 4]
    assert pets(store, [("tag_ids", "any", [("name", "=", "calm")])]) == [1, 2]
    assert pets(store, [("tag_ids", "not any", [("name", "=", "calm")])]) == [3, 4]
    with pytest.raises(PythonValueError):
        pets(store, [("age", "any", [])])


def test_x2many_contains_semantics(store: FakeStore) -> None:
    assert pets(store, [("tag_ids", "=", 100)]) == [1, 4]
    assert pets(store, [("tag_ids", "in", [101])]) == [1, 2]
    assert pets(store, [("tag_ids", "!=", 100)]) == [2, 3]
    assert pets(store, [("tag_ids", "not in", [100, 101])]) == [3]
    assert pets(store, [("tag_ids", "=", False)]) == [3]
    assert pets(store, [("tag_ids", "!=", False)]) == [1, 2, 4]
    assert pets(store, [("tag_ids", "ilike", "cal")]) == [1, 2]
    assert pets(store, [("tag_ids.name", "=", "big")]) == [1, 4]


def test_child_of_and_parent_of(store: FakeStore) -> None:
    assert pets(store, [("owner_id", "child_of", 10)]) == [1, 2, 4]
    assert pets(store, [("owner_id", "child_of", [11])]) == [2, 4]
    assert pets(store, [("owner_id", "child_of", "Bob")]) == [2, 4]
    assert pets(store, [("owner_id", "parent_of", 11)]) == [1, 2]
    people = dom.filter_ids([("id", "child_of", 11)], "person", store.all_ids("person"), store)
    assert people == [11, 12]
    assert dom.filter_ids([("id", "parent_of", 12)], "person", store.all_ids("person"), store) == [10, 11, 12]
    assert pets(store, [("tag_ids", "child_of", 101)]) == [1, 2]  # no parent field: plain "in"


def test_search_method_of_non_stored_field(store: FakeStore) -> None:
    store.fields["pet"]["mood"].search = lambda *a: []
    assert pets(store, [("mood", "=", True)]) == [2, 4]
