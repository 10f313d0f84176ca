from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class DomainOutsideZone(Rule):
    id = "AG619"
    name = "domain-outside-zone"
    kinds = ("api",)
    summary = "A custom domain name that does not belong to its hosted zone."
    explanation = """\
## What it checks
`domain.name` of every API with a `zone:` whose hosted zone is declared by `name`: the domain is the zone's
name or a name under it (`api.example.com` in `example.com`). Zones declared by `id` cannot be checked
before the plan reads them.

## Why
Route 53 refuses records outside the zone: "InvalidChangeBatch: [RRSet with DNS name api.other.com. is not
permitted in zone example.com.]", both for the certificate's validation record and for the alias record.
The certificate then never validates and `terraform apply` waits for it until it times out.

## Example
```yaml
hosted_zones: {main: {name: example.com}}
apis:
  todo: {domain: {name: api.example.org, zone: main}, ...}
```

## Fix
Use a name under the zone, or declare (and point `zone:` at) the zone the name belongs to.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            domain = api.domain
            if domain is None or domain.zone is None or domain.zone.domain is None:
                continue
            zone = domain.zone.domain
            if domain.name != zone and not domain.name.endswith(f".{zone}"):
                yield self.finding((*domain.path, "name"),
                                   f"`{domain.name}` of API `{api.name}` is not in hosted zone "
                                   f"`{domain.zone.name}` ({zone})",
                                   f"Use a name ending in `.{zone}`, or the zone `{domain.name}` belongs to")
