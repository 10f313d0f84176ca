"""A task's `secrets:`: environment variables ECS fills from a secret or parameter when the task starts
(`valueFrom`). The execution role reads them, not the task role: the code never holds the grant."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, model_validator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds import parameter as parameters
from alpaco_gen.kinds import secret as secrets
from alpaco_gen.kinds.base import Arrow
from alpaco_gen.kinds.iam import Statement, sid
from alpaco_gen.records import record
from alpaco_gen.render.hcl import hcl_string
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Ref, Strict


class SecretSource(Strict):
    """Where ECS reads one environment variable of a task from: `{secret: db, json_key: password}` or
    `{parameter: api-key}`."""

    model_config = ConfigDict(title="SecretSource")

    secret: Ref | None = Field(None, description="A secret of `secrets:`.")
    parameter: Ref | None = Field(None, description="A parameter of `parameters:`.")
    json_key: str | None = Field(None, description="With `secret`: one key of a JSON secret value.")

    @model_validator(mode="after")
    def _one_source(self) -> SecretSource:
        if (self.secret is None) == (self.parameter is None):
            raise ValueError("set exactly one of secret or parameter")
        if self.json_key is not None and self.secret is None:
            raise ValueError("json_key selects a key of a secret's JSON value; parameters have none")
        if self.json_key is not None and (":" in self.json_key or not self.json_key):
            # valueFrom is `<arn>:<json-key>:<version-stage>:<version-id>`: ECS would split the key
            raise ValueError("json_key cannot be empty or hold `:`, which separates the parts of ECS's valueFrom")
        return self

    @property
    def kind(self) -> str:
        return "secret" if self.secret is not None else "parameter"

    @property
    def target(self) -> str:
        return str(self.secret if self.secret is not None else self.parameter)


@record
class SecretValue:
    """One resolved `secrets:` entry: the variable, what ECS reads it from, and the secret or parameter."""

    name: str
    value_from: str  # HCL expression
    source: Any  # Secret | Parameter
    path: SpecPath

    @property
    def is_secret(self) -> bool:
        return isinstance(self.source, secrets.Secret)

    def calls(self) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        """What ECS calls, as the execution role, to read it."""
        if self.is_secret:
            return secrets.read_calls(self.source)
        return parameters.read_calls(self.source, parameters.READ_MANY)


def resolve_secret_values(ctx: Context, sources: dict[str, SecretSource],
                          path: SpecPath) -> tuple[tuple[SecretValue, ...], tuple[Statement, ...]]:
    """The task's `secrets:` resolved, and the statements its execution role needs to read them."""
    values: list[SecretValue] = []
    statements: dict[Statement, None] = {}
    for variable, source in sources.items():
        where = (*path, "secrets", variable)
        found = ctx.lookup(source.kind, source.target, (*where, source.kind))
        if found is None:
            continue
        statement_id = sid(source.kind, source.target, "for ecs")
        if isinstance(found, secrets.Secret):
            value_from = found.arn
            if source.json_key is not None:
                inner = found.arn[1:-1] if found.arn.startswith('"') else "${" + found.arn + "}"
                value_from = f'"{inner}:{hcl_string(source.json_key)[1:-1]}::"'
            grants = secrets.read_statements(statement_id, found)
        else:
            value_from = found.arn
            grants = parameters.read_statements(statement_id, found, parameters.READ_MANY)
        values.append(SecretValue(variable, value_from, found, where))
        statements.update(dict.fromkeys(grants))
    return tuple(values), tuple(statements)


def secret_arrows(task: Any) -> list[Arrow]:
    """The diagram's dotted arrows from a task to what ECS reads its `secrets:` from, labelled by variable."""
    return [Arrow(("task", task), ("secret" if value.is_secret else "parameter", value.source), value.name, True)
            for value in task.secrets]
