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
        links[kind.link_name(use.target)] = kind.link(ctx, use.target)
        if use.access in kind.access:
            statements += kind.grants(ctx, use.target, use.access)
    return links, tuple(statements)
