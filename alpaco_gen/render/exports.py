"""What user-owned Terraform beside the generated files reads: every resource the spec declares, by section
and spec name (`local.alpaco.functions["resize"]`), so that a user file needs no Terraform identifier rules."""

from __future__ import annotations

from alpaco_gen.kinds import KINDS
from alpaco_gen.resolve.model import Service


def declared_resources(service: Service) -> dict[str, dict[str, str]]:
    """section (`functions`, `subnets`) -> spec name -> the address of the resource that entry creates."""
    sections: dict[tuple[str | int, ...], str] = {kind.section: kind.section[-1] for kind in KINDS.values()
                                                  if kind.section and not kind.single}
    found: dict[str, dict[str, str]] = {section: {} for section in sections.values()}
    for planned in service.planned_by_kind:
        section = sections.get(tuple(planned.path[:-1]))
        if section and not planned.shared and isinstance(planned.path[-1], str):
            found[section].setdefault(planned.path[-1], str(planned.address))  # its first: the resource itself
    return {section: names for section, names in found.items() if names}
