"""`uses:` entries: the environment variables they set and the statements they grant, through the kinds."""

from __future__ import annotations

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
        links.update(kind.links(ctx, use.target))
        if use.access in kind.access:
            statements += kind.grants(ctx, use.target, use.access)
    return links, tuple(statements)


def delivery_grants(ctx: Context, target: Any, path: SpecPath) -> tuple[Statement, ...]:
    """The statements a role delivering to `target` (`{state_machine: nightly}`) needs, such as a schedule's
    role starting a state machine; () when the target is not declared (reported as AG101)."""
    if not ctx.refs.ok(target.kind, target.target, (*path, target.kind)):
        return ()
    kind = ctx.kinds[target.kind]
    return tuple(kind.grants(ctx, target.target, kind.delivery_access))
