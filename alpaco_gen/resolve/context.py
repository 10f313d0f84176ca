"""What kinds resolve against: the spec, its names, reference checks and what is resolved so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Names, Placement
from alpaco_gen.resolve.references import References


@dataclass
class Context:
    spec: Any  # alpaco_gen.spec.models.Spec
    names: Names
    refs: References
    kinds: dict[str, Any]  # the registry: key -> Kind
    resolved: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind -> name -> resolved object
    # (kind, name) -> statements other resources need in that resource's policy
    inbound: dict[tuple[str, str], dict[Any, None]] = field(default_factory=dict)
    # What `uses:` entries naming one resource get, made once per resolution: many callers share a resource.
    made_links: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    made_grants: dict[tuple[str, str, str, tuple[tuple[str, str], ...]], tuple[Any, ...]] = \
        field(default_factory=dict)

    def lookup(self, kind: str, name: str, path: SpecPath) -> Any | None:
        """The resolved object `name` of `kind`, or None (reported as AG101 when it is not declared)."""
        if not self.refs.ok(kind, name, path):
            return None
        return self.resolved.get(kind, {}).get(name)

    def placement(self, subnets: list[str], security_groups: list[str], path: SpecPath) -> Placement:
        """A function's or task's `subnets:` and `security_groups:`, resolved."""
        found_subnets = (self.lookup("subnet", n, (*path, "subnets", i)) for i, n in enumerate(subnets))
        found_groups = (self.lookup("security_group", n, (*path, "security_groups", i))
                        for i, n in enumerate(security_groups))
        return Placement(tuple(s for s in found_subnets if s), tuple(g for g in found_groups if g))

    def allow_on(self, kind: str, name: str, statement: Any) -> None:
        """Add `statement` to the resource policy of resource `name` of `kind`: a queue policy letting a topic
        send, the key policy letting a service principal encrypt. The kind receives them, deduplicated, in
        `Kind.with_inbound` once everything is resolved."""
        self.inbound.setdefault((kind, name), {})[statement] = None

    def links(self, kind: str, name: str) -> dict[str, str]:
        """`kind`'s links to resource `name` (`Kind.links`): environment variable -> HCL expression."""
        made = self.made_links.get((kind, name))
        if made is None:
            made = self.made_links[kind, name] = self.kinds[kind].links(self, name)
        return made

    def grants(self, kind: str, name: str, access: str, options: dict[str, str]) -> tuple[Any, ...]:
        """The statements `access` to resource `name` of `kind` takes (`Kind.grants`), with `uses:` options."""
        key = (kind, name, access, tuple(sorted(options.items())))
        made = self.made_grants.get(key)
        if made is None:
            made = self.made_grants[key] = tuple(self.kinds[kind].grants(self, name, access, **options))
        return made

    def uses(self, kind: str) -> dict[str, Any]:
        return self.resolved.get(kind, {})
