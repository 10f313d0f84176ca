"""`uses:` entries, `{table: orders, access: read}`: one key per kind that `uses:` may name, from the registry.

The model is built on first use, from the kinds that offer access levels, so that a new kind needs no change
here; kind models refer to `Use`, whose schema pydantic asks for only when it builds them.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Literal

from pydantic import GetCoreSchemaHandler, create_model, model_validator
from pydantic_core import CoreSchema

from alpaco_gen.spec.base import Ref, Strict


class OneKind(Strict):
    """A mapping naming one resource by its kind: `{queue: jobs}`."""

    @model_validator(mode="after")
    def _one_target(self) -> OneKind:
        targets = [k for k in self.target_kinds() if getattr(self, k) is not None]  # `""` is AG101
        if len(targets) != 1:
            *others, last = self.target_kinds()
            raise ValueError(f"set exactly one of {', '.join(others)} or {last}")
        return self

    @classmethod
    def target_kinds(cls) -> list[str]:
        return list(_target_kinds(cls))

    @property
    def kind(self) -> str:
        return next(k for k in self.target_kinds() if getattr(self, k) is not None)

    @property
    def target(self) -> str:
        return str(getattr(self, self.kind))


class UseBase(OneKind):
    if TYPE_CHECKING:
        access: str


@functools.cache
def _target_kinds(model: type[OneKind]) -> tuple[str, ...]:
    return tuple(name for name in model.model_fields if name != "access")


@functools.cache
def use_model() -> type[UseBase]:
    from alpaco_gen.kinds import KINDS

    usable = [kind for kind in KINDS.values() if kind.access]
    levels = tuple(dict.fromkeys(level for kind in usable for level in kind.access))
    fields: dict[str, Any] = {kind.key: (Ref | None, None) for kind in usable}
    fields["access"] = (Literal[levels], ...)
    return create_model("Use", __base__=UseBase, **fields)


@functools.cache
def target_model() -> type[OneKind]:
    from alpaco_gen.kinds import KINDS

    fields: dict[str, Any] = {kind.key: (Ref | None, None) for kind in KINDS.values() if kind.delivery_access}
    return create_model("Target", __base__=OneKind, **fields)


class Target:
    """Stands for the `Target` model (`{queue: jobs}`, `{function: resize}`): where an AWS service delivers
    (schedules, event rules, notifications, subscriptions, destinations); pydantic builds it lazily."""

    kind: str
    target: str

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return handler(target_model())


class Use:
    """Stands for the `Use` model in annotations (`uses: list[Use]`); pydantic builds the real one lazily."""

    kind: str
    target: str
    access: str

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return handler(use_model())
