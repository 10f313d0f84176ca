from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.kinds.route import route_id
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.apis.duplicate_route import normalized
from alpaco_gen.rules.base import Rule


class RouteAddressCollision(Rule):
    id = "AG605"
    name = "route-address-collision"
    kinds = ("api",)
    severity = Severity.WARNING
    summary = "Two route keys of one API that read the same as Terraform identifiers."
    explanation = """\
## What it checks
Route keys of one API that differ but become the same Terraform identifier, e.g. `GET /a-b` and `GET /a_b`
(both `get_a_b`) or `GET /items/{id}` and `GET /items/id`.

## Why
Terraform addresses must be unique, so the generator appends `_` to the later route's identifier. That
address then depends on the order of the routes in the spec: reordering or removing a route renames the
integration, route and permission resources of the other, and `terraform apply` destroys and recreates
them (a short outage of both routes).

## Example
```yaml
routes:
  "GET /a-b": {function: api}
  "GET /a_b": {function: api}
```

## Fix
Rename one of the paths so the two differ in letters or digits, not only in punctuation.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for api in service.apis:
            first: dict[str, str] = {}
            for route in api.routes:
                base = route_id(route.key)
                other = first.setdefault(base, route.key)
                if other != route.key and normalized(other) != normalized(route.key):
                    yield self.finding(
                        route.path,
                        f"route `{route.key}` and route `{other}` of API `{api.name}` both read `{base}` as "
                        f"a Terraform identifier; this one gets `{route.tf}`, an address that changes when "
                        "the routes are reordered",
                        "Rename one of the paths so that they differ in more than punctuation", key=True)
