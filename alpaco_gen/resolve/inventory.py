"""The Terraform resource addresses a resolved service is meant to create, counted from the model.

`terraform plan` of the generated root must add exactly these (the verification suite compares them), so a
template that creates something the model does not know about, or forgets something, is caught.
"""

from __future__ import annotations

from alpaco_gen.resolve.model import Service


def planned_resources(service: Service) -> list[str]:
    return sorted(str(p.address) for p in service.planned)
