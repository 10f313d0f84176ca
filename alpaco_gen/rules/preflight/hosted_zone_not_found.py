from alpaco_gen.rules.base import Rule


class HostedZoneNotFound(Rule):
    id = "AG913"
    name = "hosted-zone-not-found"
    summary = "A hosted zone of `hosted_zones:` does not exist with the spec's name or id and privacy, or " \
              "its name matches several."
    emitted_by = "preflight"
    explanation = """\
## What it checks
Route 53 (`route53:GetHostedZone` for `id`, `route53:ListHostedZonesByName` for `name`): exactly one zone
with the spec's name or id and `private` setting exists in the account.

## Why
The generated Terraform looks the zone up with an `aws_route53_zone` data source filtered on name (or id)
and privacy: without exactly one match, `terraform plan` fails ("no matching Route 53 Hosted Zone found" or
"multiple Route 53 Hosted Zone matched").

## Example
```yaml
hosted_zones:
  acme: {name: acme.example.com}   # the zone is private (VPC-only)
```

## Fix
Create the zone, correct `name`/`id`, set `private` to what the zone is, or name it by `id` when several
zones share its name.
"""
