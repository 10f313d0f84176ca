"""`uses:` entries: the environment variables they set and the statements they grant, through the kinds."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.iam import Statement
from alpaco_gen.resolve.context import Context


def resolve_uses(ctx: Context, uses: list[Any], path: SpecPath) -> tuple[dict[str, str], tuple[Statement, ...]]:
    """(environment variable -> HCL expression, statements) of a function's or task's `uses:`.

    Unknown targets are AG101; access levels a kind does not offer are left to rule AG801.
    """
    links: dict[str, str] = {}
    statements: list[Statement] = []
    for i, use in enumerate(uses):
        kind = ctx.kinds[use.kind]
        if not ctx.refs.ok(use.kind, use.target, (*path, "uses", i, use.kind)):
            continue
        links.update(ctx.links(use.kind, use.target))
        if use.access in kind.access:
            statements += ctx.grants(use.kind, use.target, use.access, use.options)
    return links, _merged(statements)


def _merged(statements: list[Statement]) -> tuple[Statement, ...]:
    """One statement per Sid (IAM wants them unique): two uses of one bucket share its key statement, whose
    actions are united."""
    by_sid: dict[str, Statement] = {}
    for statement in statements:
        seen = by_sid.get(statement.sid)
        if seen is None:
            by_sid[statement.sid] = statement
        elif (seen.resources, seen.conditions) == (statement.resources, statement.conditions):
            by_sid[statement.sid] = replace(seen, actions=tuple(sorted({*seen.actions, *statement.actions})))
        else:
            raise ValueError(f"two different statements with the Sid {statement.sid}")
    return tuple(by_sid.values())


def delivery_grants(ctx: Context, target: Any, path: SpecPath) -> tuple[Statement, ...]:
    """The statements a role delivering to `target` (`{state_machine: nightly}`) needs, such as a schedule's
    role starting a state machine; () when the target is not declared (reported as AG101)."""
    if not ctx.refs.ok(target.kind, target.target, (*path, target.kind)):
        return ()
    kind = ctx.kinds[target.kind]
    return tuple(kind.grants(ctx, target.target, kind.delivery_access))
