"""`@record`: an immutable dataclass whose `__repr__`, `__eq__` and `__hash__` are shared, not generated per class.

`dataclasses` writes the source of every method it adds and compiles it with `exec` when the class is defined:
about 1.3 ms for a frozen dataclass on Python 3.11, three quarters of it for `__repr__`, `__eq__`, `__hash__`,
`__setattr__` and `__delattr__`. With ~80 such classes, every start of alpaco-gen paid ~75 ms for it. Here
`dataclasses` generates `__init__` only. The three shared methods behave as the generated ones do (fields
compared in order, same class only; hash of the compared fields; `Name(field=value, ...)`), reading the field
names the class keeps. Immutability is checked statically: mypy treats every `@record` as frozen
(`frozen_default` below) and rejects an assignment to a field, as it does for `@dataclass(frozen=True)`; at run
time nothing stops one, which is the price of the two setters not generated.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

from typing_extensions import dataclass_transform

T = TypeVar("T")


def _key_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        single = attrgetter(names[0])
        return lambda obj: (single(obj),)
    return lambda obj: ()


def _eq(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__class__.__record_key__
    return bool(key(self) == key(other))


def _hash(self: Any) -> int:
    return hash(self.__class__.__record_key__(self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__class__.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: type[T]) -> type[T]:
    """`@dataclass(frozen=True)` to mypy; at run time `__init__` generated, the methods above shared unless the
    class defines its own."""
    made = dataclasses.dataclass(repr=False, eq=False)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    made.__record_key__ = staticmethod(_key_of(tuple(f.name for f in fields if f.compare)))  # type: ignore[attr-defined]
    made.__record_shown__ = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    for name, method in (("__repr__", _repr), ("__eq__", _eq), ("__hash__", _hash)):
        if name not in cls.__dict__ or (name == "__hash__" and cls.__dict__[name] is None):
            setattr(made, name, method)
    return made
