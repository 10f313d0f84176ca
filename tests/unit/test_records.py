"""`@record` behaves as `@dataclass(frozen=True)` does, to callers and to mypy, with shared methods."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from alpaco_gen.records import record


def _pair(body: dict[str, object]) -> tuple[type, type]:
    """The same class made by @record and by @dataclass(frozen=True)."""
    annotations = {"name": "str", "size": "int", "tags": "tuple[str, ...]", "note": "str"}
    defaults = {"tags": (), "note": dataclasses.field(default="", compare=False, repr=False)}
    made = []
    for decorate in (record, dataclasses.dataclass(frozen=True)):
        namespace = {"__annotations__": dict(annotations), **defaults, **body}
        made.append(decorate(type("Thing", (), namespace)))
    return made[0], made[1]


@pytest.mark.parametrize("args", [("a", 1), ("a", 1, ("x", "y")), ("a", 1, (), "ignored in eq, hash, repr")])
def test_same_eq_hash_and_repr_as_a_frozen_dataclass(args: tuple) -> None:
    ours, theirs = _pair({})
    for other in [("a", 1), ("a", 2), ("b", 1), ("a", 1, ("x", "y")), ("a", 1, (), "other note")]:
        assert (ours(*args) == ours(*other)) is (theirs(*args) == theirs(*other))
        assert (ours(*args) != ours(*other)) is (theirs(*args) != theirs(*other))
    assert hash(ours(*args)) == hash(theirs(*args))
    assert repr(ours(*args)) == repr(theirs(*args))
    assert ours(*args) != theirs(*args)  # another class: never equal, as dataclasses compare
    assert dataclasses.replace(ours(*args), size=5) == ours(args[0], 5, *args[2:])


def test_a_class_keeps_its_own_methods_and_subclasses_their_fields() -> None:
    @record
    class Base:
        a: int

        def __str__(self) -> str:
            return f"<{self.a}>"

    @record
    class Child(Base):
        b: int = 0

    @record
    class Named:
        a: int

        def __repr__(self) -> str:
            return "mine"

    assert (str(Child(1, 2)), repr(Child(1, 2)), repr(Named(1))) == ("<1>", f"{Child.__qualname__}(a=1, b=2)", "mine")
    assert Child(1, 2) != Child(1, 3) and Child(1, 2) == Child(1, 2) and Child(1, 2) != Base(1)
    assert len({Child(1, 2), Child(1, 2), Base(1)}) == 2


def test_a_record_refers_to_itself_in_its_repr_without_recursing() -> None:
    @record
    class Node:
        children: list

    node = Node([])
    node.children.append(node)
    assert repr(node) == f"{Node.__qualname__}(children=[...])"


def test_mypy_rejects_assigning_to_a_field(tmp_path: Path) -> None:
    source = tmp_path / "assign.py"
    source.write_text("from alpaco_gen.records import record\n\n\n@record\nclass A:\n    x: int\n\n\n"
                      "a = A(1)\na.x = 2\nA(x='no')\n")
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", str(source)], capture_output=True,
                          text=True, timeout=300, cwd=Path(__file__).resolve().parents[2])
    assert 'assign.py:10: error: Property "x" defined in "A" is read-only' in done.stdout, done.stdout
    assert "assign.py:11: error: Argument \"x\" to \"A\" has incompatible type" in done.stdout, done.stdout
