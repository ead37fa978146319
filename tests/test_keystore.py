"""KeyStore: the same answers in memory and spilled to SQLite."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nerima_opendata.files.keystore import KeyStore


@pytest.mark.parametrize("limit", [1, 3, 1_000])
def test_same_answers_in_memory_and_on_disk(limit: int) -> None:
    with KeyStore(memory_limit=limit) as store:
        assert store.add("a", "1")
        assert store.add("b")
        assert not store.add("a", "other")  # first value kept
        assert store.add("c", "名前")
        assert store.add("d")
        assert len(store) == 4
        assert store.spilled is (limit < 4)
        assert "a" in store and "z" not in store and 1 not in store
        assert store.get("a") == "1"
        assert store.get("c") == "名前"
        assert store.get("b") is None and store.get("z") is None


def test_many_keys_spill_and_close() -> None:
    store = KeyStore(memory_limit=100)
    for i in range(5_000):
        assert store.add(f"k{i}", str(i))
    assert not store.add("k4999")
    assert store.spilled and len(store) == 5_000
    assert store.get("k1234") == "1234"
    store.close()
    assert len(store) == 0 and "k1" not in store


@pytest.mark.parametrize("limit", [1, 3, 1_000])
def test_put_replaces_and_items_come_in_key_order(limit: int) -> None:
    with KeyStore(memory_limit=limit) as store:
        for key in ["b", "a", "ä", "c", "a"]:
            store.put(key, (store.get(key) or "") + key)
        assert len(store) == 4
        assert list(store.items()) == [("a", "aa"), ("b", "b"), ("c", "c"), ("ä", "ä")]


@pytest.mark.parametrize("limit", [1, 1_000])
def test_put_replaces_a_value_in_memory_and_on_disk(limit: int) -> None:
    with KeyStore(memory_limit=limit) as store:
        store.put("a", "1")
        store.add("b", "2")
        store.put("a", "3")
        store.put("b", None)
        assert (store.get("a"), store.get("b"), len(store)) == ("3", None, 2)
        assert store.spilled is (limit < 2)


def _callables() -> Iterator[tuple[str, Any]]:
    """Every function and method defined in the package, with its qualified name."""
    import nerima_opendata

    for info in pkgutil.walk_packages(nerima_opendata.__path__, "nerima_opendata."):
        if ".cli" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, member in vars(module).items():
            if getattr(member, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(member):
                yield f"{module.__name__}.{name}", member
            elif inspect.isclass(member):
                for method in vars(member).values():
                    if inspect.isfunction(method):
                        yield f"{module.__name__}.{name}", method


def _limit_defaults() -> list[tuple[str, object]]:
    """Every default of a ``memory_limit`` or ``key_limit`` parameter in the package."""
    found = {
        (name, parameter.default)
        for name, function in _callables()
        for parameter in inspect.signature(function).parameters.values()
        if parameter.name in {"memory_limit", "key_limit"}
        and parameter.default is not inspect.Parameter.empty
    }
    return sorted(found, key=repr)


def test_every_memory_limit_defaults_to_the_one_constant() -> None:
    """Memory is flat from 100,000 lines only if every store spills at the same, low,
    limit: no module keeps a number of its own."""
    from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT

    defaults = _limit_defaults()
    assert len(defaults) >= 8, defaults
    assert [d for d in defaults if d[1] != DEFAULT_MEMORY_LIMIT] == []


#: Cases of operations (name, key, value), then the answers by key.
_Cases = list[tuple[list[tuple[str, str, str | None]], dict[str, str | None]]]

#: (operations, then the answers): remembered keys answer as added ones, before and after
#: they are written to disk; the first value stays.
REMEMBERED: _Cases = [
    ([("remember", "a", "1"), ("remember", "a", "2")], {"a": "1"}),
    ([("add", "a", "1"), ("remember", "a", "2")], {"a": "1"}),
    ([("remember", "a", "1"), ("add", "a", "2")], {"a": "1"}),
    ([("remember", "a", None), ("remember", "b", "x")], {"a": None, "b": "x"}),
    (
        [("remember", f"k{i}", str(i)) for i in range(3_000)],
        {f"k{i}": str(i) for i in range(3_000)},
    ),
    (
        [("remember", f"k{i % 1_500}", str(i)) for i in range(3_000)],
        {f"k{i}": str(i) for i in range(1_500)},
    ),
]


def test_a_remembered_key_sqlite_refuses_fails_once_and_the_store_goes_on() -> None:
    with KeyStore(memory_limit=0) as store:
        store.add("a")
        store.remember("\ud800")  # a lone surrogate: no UTF-8
        with pytest.raises(UnicodeEncodeError):
            len(store)
        assert (
            len(store) == 1 and store.add("b") and list(store.items()) == [("a", None), ("b", None)]
        )


#: (operations, then the answers): an appended value goes after the key's value, or is it
#: when the key is new or has none; appends interleave with the other writes in order.
APPENDED: _Cases = [
    ([("append", "a", "1"), ("append", "a", "2")], {"a": "1|2"}),
    ([("add", "a", None), ("append", "a", "2")], {"a": "2"}),
    ([("remember", "a", "1"), ("append", "a", "2"), ("remember", "a", "3")], {"a": "1|2"}),
    ([("append", "a", "1"), ("put", "a", "2"), ("append", "a", "3")], {"a": "2|3"}),
    ([("append", "b", "1"), ("add", "a", "x"), ("append", "b", "2")], {"a": "x", "b": "1|2"}),
    (
        [("append", f"k{i % 1_500}", str(i)) for i in range(3_000)],
        {f"k{i}": f"{i}|{i + 1_500}" for i in range(1_500)},
    ),
]


@pytest.mark.parametrize("limit", [0, 1, 1_000_000])
@pytest.mark.parametrize(("operations", "expected"), REMEMBERED + APPENDED)
def test_remembered_and_appended_keys_answer_as_added_ones(
    limit: int, operations: list[tuple[str, str, str | None]], expected: dict[str, str | None]
) -> None:
    with KeyStore(memory_limit=limit) as store:
        for operation, key, value in operations:
            if operation == "append":
                assert value is not None
                store.append(key, value, "|")
            else:
                getattr(store, operation)(key, value)
        assert all(store.get(k) == v and k in store for k, v in expected.items())
        assert "z" not in store and store.get("z") is None
        assert not store.add(next(iter(expected)))
        assert len(store) == len(expected)
        assert list(store.items()) == sorted(expected.items())
        assert store.spilled is (limit < len(expected))


#: The first call after appends waiting on disk, and what it answers.
FIRST_READS: list[tuple[str, Any]] = [
    ("get", lambda store: store.get("a") == "1|2"),
    ("contains", lambda store: "b" in store),
    ("items", lambda store: list(store.items()) == [("a", "1|2"), ("b", "3")]),
    ("add", lambda store: not store.add("a", "x")),
    ("len", lambda store: len(store) == 2),
]


@pytest.mark.parametrize(("name", "answers"), FIRST_READS, ids=[r[0] for r in FIRST_READS])
def test_every_call_sees_the_appends_waiting(name: str, answers: Any) -> None:
    with KeyStore(memory_limit=0) as store:
        store.append("a", "1", "|")
        store.append("a", "2", "|")
        store.append("b", "3", "|")
        assert answers(store), name
        assert store.get("a") == "1|2" and len(store) == 2


def test_an_append_sqlite_refuses_fails_once_and_the_others_go_in() -> None:
    with KeyStore(memory_limit=0) as store:
        store.add("a")
        store.append("b", "1", "|")
        store.append("\ud800", "x", "|")  # a lone surrogate: no UTF-8
        store.append("a", "y", "|")
        with pytest.raises(UnicodeEncodeError):
            len(store)
        store.append("a", "z", "|")
        assert len(store) == 2 and list(store.items()) == [("a", "y|z"), ("b", "1")]


@settings(max_examples=60, deadline=None)
@given(
    before=st.lists(st.sampled_from("abcdef"), max_size=6),
    remembered=st.lists(st.sampled_from("abcdefg"), max_size=4),
    batch=st.lists(st.sampled_from("abcdefgh"), max_size=12),
    limit=st.sampled_from([0, 1, 3, 1_000]),
)
def test_batched_answers_are_the_one_by_one_answers(
    before: list[str], remembered: list[str], batch: list[str], limit: int
) -> None:
    answers = []
    for batched in (False, True):
        with KeyStore(memory_limit=limit) as store:
            for key in before:
                store.add(key)
            for key in remembered:
                store.remember(key)
            if batched:
                found = store.contains_all(batch), store.add_all(batch)
            else:
                found = [k in store for k in batch], [store.add(k) for k in batch]
            answers.append((found, len(store), sorted(store.items())))
    assert answers[0] == answers[1]


def test_batches_longer_than_one_statement_takes() -> None:
    keys = [f"k{i}" for i in range(1_203)]
    with KeyStore(memory_limit=1) as store:
        assert store.add_all(keys[::2]) == [True] * 602
        assert store.contains_all(keys) == [i % 2 == 0 for i in range(1_203)]
        assert store.add_all(keys) == [i % 2 == 1 for i in range(1_203)]
        assert len(store) == 1_203


def test_a_batch_leaves_a_remembered_key_sqlite_refuses_waiting_as_add_does() -> None:
    with KeyStore(memory_limit=0) as store:
        store.add("q")
        store.remember("\ud800")  # written, and refused, only with its batch
        assert store.add_all(["a", "q", "a"]) == [True, False, False]
        assert store.contains_all(["a", "q", "z"]) == [True, True, False]
        assert "a" in store
