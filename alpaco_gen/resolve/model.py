"""The resolved, render-ready service: every reference checked, every name and Terraform address decided.

Past this point there are no unresolved names: templates and rules read these objects and derive nothing.
Each kind's resolved objects are defined in its kind module; `Service` holds them all and gathers what the
kinds add to the service as a whole (planned resources, roles, log groups, outputs).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from alpaco_gen.kinds import KINDS, by_section
from alpaco_gen.kinds.api import account_role_needed
from alpaco_gen.kinds.base import GeneratedName, LogGroup, Names, Output, Planned
from alpaco_gen.kinds.iam import AssumePolicy, Role
from alpaco_gen.records import record


@record
class Service:
    """The whole resolved service. `service.functions`, `service.network`, ...: the objects of each kind."""

    spec: Any  # alpaco_gen.spec.models.Spec
    spec_file: str
    names: Names
    tags: dict[str, str]
    objects: dict[str, tuple[Any, ...]]  # kind -> resolved objects, in spec order

    def __getattr__(self, section: str) -> Any:
        kind = by_section().get(section)
        if kind is None or section.startswith("_"):
            raise AttributeError(section)
        objects = self.objects[kind.key]
        return (objects[0] if objects else None) if kind.single else objects

    @property
    def prefix(self) -> str:
        return self.names.prefix

    @property
    def key(self) -> Any:
        return self.objects["service_key"][0]

    @functools.cached_property
    def by_name(self) -> dict[tuple[str, str], Any]:
        """(kind, name) -> resolved object, for lookups by the names the spec uses."""
        return {(kind, obj.name): obj for kind, objs in self.objects.items() for obj in objs if hasattr(obj, "name")}

    def _gather(self, part: str) -> Iterator[Any]:
        for key, kind in KINDS.items():
            yield from getattr(kind, part)(self.objects[key])

    @functools.cached_property
    def planned_by_kind(self) -> tuple[Planned, ...]:
        """Every resource the generated root creates, kind by kind in registry order."""
        return tuple(self._gather("planned"))

    @property
    def planned(self) -> tuple[Planned, ...]:
        """The same, service-wide ones first (the generator's own names, for collision messages)."""
        return tuple(sorted(self.planned_by_kind, key=lambda p: not p.shared))


    @property
    def generated_names(self) -> tuple[GeneratedName, ...]:
        return tuple(self._gather("generated_names"))

    @functools.cached_property
    def roles(self) -> tuple[Role, ...]:
        return tuple(self._gather("roles"))

    @property
    def assume_policies(self) -> tuple[AssumePolicy, ...]:
        """The trust policies the roles use, each once, in the order of the roles."""
        return tuple(dict.fromkeys(role.assume for role in self.roles))

    @property
    def log_groups(self) -> tuple[LogGroup, ...]:
        return tuple(self._gather("log_groups"))

    @property
    def outputs(self) -> tuple[Output, ...]:
        return tuple(self._gather("outputs"))

    @property
    def zip_functions(self) -> tuple[Any, ...]:
        return tuple(f for f in self.functions if not f.is_image)

    @property
    def function_security_groups(self) -> set[str]:
        """Security groups some function's VPC config attaches (tasks get theirs at run time)."""
        return {g.name for f in self.functions for g in f.security_groups}

    @property
    def images(self) -> tuple[Any, ...]:
        """Image functions and tasks: what the build script builds."""
        return tuple(f for f in self.functions if f.is_image) + self.tasks

    @property
    def api_account_role(self) -> bool:
        """Terraform owns the account's API Gateway CloudWatch role (seed failure 6, fixed in code)."""
        return account_role_needed(self.apis)
