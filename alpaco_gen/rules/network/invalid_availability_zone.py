from __future__ import annotations

import re
from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

LETTER = re.compile(r"[a-z]")


class InvalidAvailabilityZone(Rule):
    id = "AG406"
    name = "invalid-availability-zone"
    kinds = ("network",)
    summary = "A subnet `az` that is not a zone letter of the spec's region."
    explanation = """\
## What it checks
That each subnet's `az` is a single letter and, for regions whose zones are known
(alpaco_gen/data/aws.json), one of that region's zone letters. The zone is `<region><letter>`.

## Why
EC2 rejects a subnet in a zone the region does not have, at apply time:
`InvalidParameterValue: Value (ap-northeast-2e) for parameter availabilityZone is invalid. Subnets can
currently only be created in the following availability zones: ap-northeast-2a, ap-northeast-2b, ...`

## Example
```yaml
region: ap-northeast-2
network:
  cidr: 10.0.0.0/16
  subnets:
    private_e: {cidr: 10.0.1.0/24, az: e}
```

## Fix
Use one of the letters the message lists; `aws ec2 describe-availability-zones` shows those of your account.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        net = service.spec.network
        if net is None:
            return
        region = service.spec.region
        letters = aws()["zone_letters"].get(region)
        for name, subnet in net.subnets.items():
            path = ("network", "subnets", name, "az")
            if not LETTER.fullmatch(subnet.az):
                yield self.finding(path, f"`{subnet.az}` is not a zone letter",
                                   "Write the letter only, e.g. `a` for the zone `<region>a`")
            elif letters is not None and subnet.az not in letters:
                zones = ", ".join(f"{region}{letter}" for letter in letters)
                yield self.finding(path, f"`{region}` has no availability zone `{region}{subnet.az}`",
                                   f"Use one of: {zones}")
