"""`uses:` entries, `{table: orders, access: read}`: one key per kind that `uses:` may name, from the registry.

The model is built on first use, from the kinds that offer access levels, so that a new kind needs no change
here; kind models refer to `Use`, whose schema pydantic asks for only when it builds them.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, GetCoreSchemaHandler, create_model, model_validator
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

    @functools.cached_property  # found once: resolution and rules ask for it many times
    def kind(self) -> str:
        return next(k for k in self.target_kinds() if getattr(self, k) is not None)

    @functools.cached_property
    def target(self) -> str:
        return str(getattr(self, self.kind))


OPTIONS = ("prefix",)  # `uses:` fields a kind may accept besides its name and access level (`Kind.use_options`)
KEY_PREFIX = r"^[A-Za-z0-9][A-Za-z0-9!_.'()/-]{0,1023}$"


class UseBase(OneKind):
    if TYPE_CHECKING:
        access: str
        prefix: str | None

    @model_validator(mode="after")
    def _options_of_its_kind(self) -> UseBase:
        from alpaco_gen.kinds import KINDS

        for option in OPTIONS:
            if getattr(self, option) is not None and option not in KINDS[self.kind].use_options:
                takers = [k.key for k in KINDS.values() if option in k.use_options]
                raise ValueError(f"`{option}` applies to {', '.join(takers)} only, not to a {self.kind}")
        return self

    @property
    def options(self) -> dict[str, str]:
        """The options set, as keywords for the kind's `grants` and `use_calls`: `{"prefix": "results/"}`."""
        return {option: value for option in OPTIONS if (value := getattr(self, option)) is not None}


@functools.cache
def _target_kinds(model: type[OneKind]) -> tuple[str, ...]:
    return tuple(name for name in model.model_fields if name not in ("access", *OPTIONS))


@functools.cache
def use_model() -> type[UseBase]:
    from alpaco_gen.kinds import KINDS

    usable = [kind for kind in KINDS.values() if kind.access]
    levels = tuple(dict.fromkeys(level for kind in usable for level in kind.access))
    fields: dict[str, Any] = {kind.key: (Ref | None, None) for kind in usable}
    fields["access"] = (Literal[levels], ...)
    fields["prefix"] = (str | None, Field(
        None, pattern=KEY_PREFIX, description="Only objects whose keys start with this (`results/`); buckets."))
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
