"""The DNS side of references (part of references.py's group): hosted zones the generated Terraform looks up
with a data source, and the ACM certificates of API custom domains."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from alpaco_gen.aws.context import Check, Context
from alpaco_gen.aws.session import absent_on
from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.rules.preflight.certificate_unusable import CertificateUnusable
from alpaco_gen.rules.preflight.hosted_zone_not_found import HostedZoneNotFound


def zone_checks(ctx: Context) -> Iterator[Check]:
    for zone in ctx.service.hosted_zones:
        path = (*zone.path, "name" if zone.spec.name else "id")
        yield "the hosted zones", path, partial(_zone, ctx, zone, path)


def certificate_checks(ctx: Context) -> Iterator[Check]:
    for api in ctx.service.apis:
        if api.domain is not None and api.domain.spec.certificate_arn:
            path = (*api.domain.path, "certificate_arn")
            yield "the API domains' certificates", path, partial(_certificate, ctx, api.domain, path)


def _privacy(private: bool) -> str:
    return "private" if private else "public"


def _zone(ctx: Context, zone: Any, path: SpecPath) -> Iterator[Finding]:
    route53 = ctx.client("route53")
    wanted = _privacy(zone.spec.private)
    if zone.spec.id:
        answer = absent_on(route53.get_hosted_zone, "NoSuchHostedZone", Id=zone.spec.id)
        if answer is None:
            yield HostedZoneNotFound.finding(
                path, f"hosted zone `{zone.name}`: no zone with id `{zone.spec.id}` in account {ctx.account_id} "
                "(GetHostedZone: NoSuchHostedZone); the data source fails the plan",
                "Correct `id` (`aws route53 list-hosted-zones --query 'HostedZones[].[Id,Name]'`) or create the zone")
            return
        live = _privacy(answer["HostedZone"].get("Config", {}).get("PrivateZone", False))
        if live != wanted:
            yield HostedZoneNotFound.finding(
                (*zone.path, "private"), f"hosted zone `{zone.name}` (`{zone.spec.id}`) is {live}, the spec "
                f"says {wanted}: the data source filters on privacy and fails the plan (no matching zone)",
                f"Set `private: {str(live == 'private').lower()}`")
        return
    fqdn = zone.domain + "."
    listed = route53.list_hosted_zones_by_name(DNSName=fqdn, MaxItems="100").get("HostedZones", [])
    named = [z for z in listed if z.get("Name", "").lower() == fqdn]
    matching = [z for z in named if _privacy(z.get("Config", {}).get("PrivateZone", False)) == wanted]
    if not named:
        yield HostedZoneNotFound.finding(
            path, f"hosted zone `{zone.name}`: no zone named `{zone.domain}` in account {ctx.account_id} "
            "(ListHostedZonesByName); the data source fails the plan", "Create the zone (and delegate it from "
            "its parent), or correct `name`")
    elif not matching:
        live = "private" if wanted == "public" else "public"
        yield HostedZoneNotFound.finding(
            (*zone.path, "private") if zone.spec.private else path,
            f"hosted zone `{zone.name}`: `{zone.domain}` exists only as a {live} zone, the spec asks for a "
            f"{wanted} one: the data source fails the plan (no matching zone)",
            f"Set `private: {str(live == 'private').lower()}`, or create the {wanted} zone")
    elif len(matching) > 1:
        ids = ", ".join(f"`{z['Id'].split('/')[-1]}`" for z in matching)
        yield HostedZoneNotFound.finding(
            path, f"hosted zone `{zone.name}`: {len(matching)} {wanted} zones are named `{zone.domain}` ({ids}): "
            "the data source fails the plan (multiple zones matched)", "Name the zone by `id` instead of `name`")


def covers(names: list[str], domain: str) -> bool:
    """Whether a certificate for `names` serves `domain`: exactly, or by a `*.` wildcard of one label."""
    for name in (n.lower().rstrip(".") for n in names):
        if name == domain:
            return True
        if name.startswith("*.") and "." in domain and domain.split(".", 1)[1] == name[2:]:
            return True
    return False


def _certificate(ctx: Context, domain: Any, path: SpecPath) -> Iterator[Finding]:
    arn = domain.spec.certificate_arn
    acm = ctx.client("acm")
    answer = absent_on(acm.describe_certificate, "ResourceNotFoundException", CertificateArn=arn)
    request = (f"Request a certificate for `{domain.name}` in {ctx.region} (`aws acm request-certificate "
               f"--domain-name {domain.name} --validation-method DNS --region {ctx.region}`), validate it, and "
               "set its ARN; or drop `certificate_arn` and set `zone` to have one created")
    if answer is None:
        yield CertificateUnusable.finding(
            path, f"certificate `{arn}` of domain `{domain.name}` does not exist in account {ctx.account_id}, "
            f"region {ctx.region} (DescribeCertificate: ResourceNotFoundException)", request)
        return
    certificate = answer["Certificate"]
    status = certificate.get("Status", "")
    if status != "ISSUED":
        help = (f"Complete its validation (the DNS records `aws acm describe-certificate --certificate-arn {arn} "
                f"--region {ctx.region}` lists), then preflight again" if status == "PENDING_VALIDATION"
                else request)
        yield CertificateUnusable.finding(
            path, f"certificate `{arn}` of domain `{domain.name}` is {status}, not ISSUED: API Gateway refuses "
            "a domain with it (BadRequestException)", help)
    names = [certificate.get("DomainName", ""), *certificate.get("SubjectAlternativeNames", [])]
    if not covers(names, domain.name):
        listed = ", ".join(f"`{n}`" for n in dict.fromkeys(n for n in names if n))
        yield CertificateUnusable.finding(
            path, f"certificate `{arn}` is for {listed}, which does not cover `{domain.name}`: API Gateway "
            "refuses the domain, or browsers reject its name", request)
