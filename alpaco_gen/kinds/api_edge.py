"""What sits in front of an API's routes: CORS, a custom domain (its certificate, mapping and DNS records) and
throttling. Parts of `apis:` entries; ApiKind plans and renders them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ConfigDict, Field, model_validator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Output, Planned
from alpaco_gen.records import record
from alpaco_gen.render.hcl import hcl_string
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Ref, Strict


class CorsSpec(Strict):
    model_config = ConfigDict(title="Cors")

    allow_origins: list[str] = Field(description="Origins allowed to call, e.g. `https://app.example.com`, or `*`.")
    allow_methods: list[str] = Field(default_factory=lambda: [], description="e.g. `GET`, `POST`, or `*`.")
    allow_headers: list[str] = Field(default_factory=lambda: [], description="Request headers allowed.")
    expose_headers: list[str] = Field(default_factory=lambda: [], description="Response headers browsers expose.")
    max_age: int | None = Field(None, description="Seconds browsers cache a preflight answer, -1-86400.")
    allow_credentials: bool = Field(False, description="Allow cookies and Authorization headers; never with a "
                                                       "`*` origin.")


class DomainSpec(Strict):
    model_config = ConfigDict(title="Domain")

    name: str = Field(description="The custom domain name, e.g. `api.example.com`.")
    certificate_arn: str | None = Field(None, description="An existing ACM certificate in the spec's region; "
                                                          "unset: one is created, validated through `zone`.")
    zone: Ref | None = Field(None, description="A hosted zone of `hosted_zones`: gets the certificate's "
                                               "validation record (when created) and an alias record.")
    base_path: str | None = Field(None, description="The API mapping key: `v1` serves the API at "
                                                    "`https://<name>/v1`; unset: at the root.")

    @model_validator(mode="after")
    def _certificate_or_zone(self) -> DomainSpec:
        if self.certificate_arn is None and self.zone is None:
            raise ValueError("set `certificate_arn`, or `zone` to create and validate a certificate")
        return self


def check_protocol(protocol: str, cors: CorsSpec | None, authorizers: dict[str, Any]) -> None:
    """What an API's protocol rules out (a ValueError the spec's validation reports at the API)."""
    if protocol == "websocket" and cors is not None:
        raise ValueError("`cors` applies to HTTP APIs; WebSocket connections are not subject to CORS")
    if protocol == "websocket" and any(a.type == "jwt" for a in authorizers.values()):
        raise ValueError("WebSocket APIs take `lambda` authorizers only; JWT authorizers are for HTTP APIs")
    if reserved := sorted(set(authorizers) & {"none", "iam"}):
        raise ValueError(f"an authorizer cannot be named `{reserved[0]}`: routes use it for no authorizer")


@record
class Domain:
    name: str
    tf: str  # the API's
    spec: DomainSpec
    zone: Any  # alpaco_gen.kinds.hosted_zone.HostedZone | None
    path: SpecPath

    @property
    def address(self) -> Address:
        return Address("aws_apigatewayv2_domain_name", self.tf)

    @property
    def mapping(self) -> Address:
        return Address("aws_apigatewayv2_api_mapping", self.tf)

    @property
    def certificate(self) -> Address:
        return Address("aws_acm_certificate", self.tf)

    @property
    def validation(self) -> Address:
        return Address("aws_acm_certificate_validation", self.tf)

    @property
    def validation_record(self) -> Address:
        return Address("aws_route53_record", f"{self.tf}_certificate_validation")

    @property
    def alias(self) -> Address:
        return Address("aws_route53_record", self.tf)

    @property
    def creates_certificate(self) -> bool:
        return self.spec.certificate_arn is None

    @property
    def certificate_arn(self) -> str:
        """HCL expression: the validated certificate (so the domain waits for validation), or the given ARN."""
        return self.validation.certificate_arn if self.creates_certificate else hcl_string(self.spec.certificate_arn)

    @property
    def url(self) -> str:
        return f"https://{self.name}/{self.spec.base_path or ''}"


def resolve_domain(ctx: Context, tf: str, spec: DomainSpec | None, path: SpecPath) -> Domain | None:
    if spec is None:
        return None
    where = (*path, "domain")
    zone = ctx.lookup("hosted_zone", spec.zone, (*where, "zone")) if spec.zone is not None else None
    return Domain(spec.name.rstrip(".").lower(), tf, spec, zone, where)


def planned(domain: Domain, owner: str) -> Iterator[Planned]:
    yield from (Planned(a, domain.path, domain.name, owner) for a in (domain.address, domain.mapping))
    if domain.creates_certificate:
        yield Planned(domain.certificate, domain.path, domain.name, owner)
        if domain.zone is not None:
            yield Planned(domain.validation_record, domain.path, domain.name, owner)
            yield Planned(domain.validation, domain.path, domain.name, owner)
    if domain.zone is not None:
        yield Planned(domain.alias, domain.path, domain.name, owner)


def output(domain: Domain, api_name: str) -> Output:
    return Output(f"api_{domain.tf}_domain_url", hcl_string(domain.url), f"URL of API {api_name} on its domain")
