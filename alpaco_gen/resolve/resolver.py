"""Resolve a validated spec into the render-ready service, reporting every reference that points nowhere.

Each kind resolves its own section (alpaco_gen.kinds), after the kinds it points at; every lookup is a
dictionary lookup, so resolution is linear in the size of the spec.
"""

from __future__ import annotations

from typing import Any

from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds import KINDS, resolution_order
from alpaco_gen.kinds.base import Names
from alpaco_gen.resolve.context import Context
from alpaco_gen.resolve.model import Service
from alpaco_gen.resolve.references import References


def resolve(spec: Any, spec_file: str) -> tuple[Service, list[Finding]]:
    names = Names(spec.project, spec.service, spec.environment)
    refs = References({key: kind.entries(spec) for key, kind in KINDS.items()},
                      {key: ".".join(kind.section) for key, kind in KINDS.items()})
    ctx = Context(spec, names, refs, dict(KINDS))
    for kind in resolution_order():
        ctx.resolved[kind.key] = dict(kind.resolve(ctx))
    for (key, name), statements in ctx.inbound.items():
        ctx.resolved[key][name] = KINDS[key].with_inbound(ctx.resolved[key][name], tuple(statements))
    tags = {"Project": spec.project, "Service": spec.service, "Environment": spec.environment,
            "ManagedBy": "alpaco-gen", **spec.tags}
    objects = {key: tuple(ctx.resolved[key].values()) for key in KINDS}
    return Service(spec, spec_file, names, tags, objects), refs.findings
