"""Route 53 hosted zones (`hosted_zones:`) the service's custom domains live in: existing zones, looked up."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ConfigDict, Field, model_validator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Kind, tf_id
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Suppressible


class HostedZoneSpec(Suppressible):
    model_config = ConfigDict(title="HostedZone")

    name: str | None = Field(None, description="The zone's domain name, e.g. `example.com`.")
    id: str | None = Field(None, description="The zone's id, e.g. `Z0123456789ABCDEFGHIJ`, instead of its name.")
    private: bool = Field(False, description="A private zone (looked up by name among private zones).")

    @model_validator(mode="after")
    def _name_or_id(self) -> HostedZoneSpec:
        if (self.name is None) == (self.id is None):
            raise ValueError("set exactly one of `name` or `id`")
        return self


@record
class HostedZone:
    name: str
    address: Address  # a data source
    spec: HostedZoneSpec
    path: SpecPath

    @property
    def domain(self) -> str | None:
        """The zone's domain name without the trailing dot, when the spec names it."""
        return self.spec.name.rstrip(".").lower() if self.spec.name else None


class HostedZoneKind(Kind):
    key = "hosted_zone"
    section = ("hosted_zones",)
    spec_model = HostedZoneSpec
    doc_models = (HostedZoneSpec,)
    description = "Existing Route 53 hosted zones: where custom domains get their certificate and alias records."
    templates = ("route53.tf",)

    def resolve(self, ctx: Context) -> Mapping[str, HostedZone]:
        return {n: HostedZone(n, Address("aws_route53_zone", tf_id(n), True), z, (*self.section, n))
                for n, z in self.entries(ctx.spec).items()}
