from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class CertificateRegion(Rule):
    id = "AG618"
    name = "certificate-region"
    kinds = ("api",)
    summary = "A custom domain's `certificate_arn` in another region than the API, or no ACM certificate ARN."
    explanation = """\
## What it checks
`domain.certificate_arn` of every API: an ACM certificate ARN (`arn:<partition>:acm:<region>:<account>:
certificate/<id>`) whose region is the spec's `region`.

## Why
The generated custom domains are regional, and a regional domain name takes a certificate from its own
region only (an edge-optimized one, which alpaco-gen does not generate, from us-east-1). API Gateway
refuses another region's certificate, or an ARN that is no ACM certificate, with a `BadRequestException`
when `terraform apply` creates the domain name.

## Example
```yaml
region: eu-central-1
apis:
  todo:
    domain: {name: api.example.com, certificate_arn: "arn:aws:acm:us-east-1:123456789012:certificate/abc"}
```

## Fix
Request or import the certificate in the spec's region, or leave `certificate_arn` out and set `zone:` to
have one created and validated there.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        region = service.spec.region
        for api in service.apis:
            domain = api.domain
            if domain is None or domain.spec.certificate_arn is None:
                continue
            parts = domain.spec.certificate_arn.split(":", 5)
            path = (*domain.path, "certificate_arn")
            if len(parts) != 6 or parts[0] != "arn" or parts[2] != "acm" or not parts[5].startswith("certificate/"):
                yield self.finding(path, f"`{domain.spec.certificate_arn}` is no ACM certificate ARN",
                                   "Use the ARN ACM shows: arn:aws:acm:<region>:<account>:certificate/<id>")
            elif parts[3] != region:
                yield self.finding(path, f"the certificate of `{domain.name}` is in {parts[3]}, but API "
                                         f"`{api.name}` and its regional domain are in {region}",
                                   f"Use a certificate of {region}, or set `zone:` and leave `certificate_arn` out "
                                   "to have one created")
