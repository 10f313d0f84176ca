from __future__ import annotations

import difflib
from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class UnknownRegion(Rule):
    id = "AG405"
    name = "unknown-region"
    summary = "A `region` that is not an AWS region."
    explanation = """\
## What it checks
`region` against the regions botocore knows (alpaco_gen/data/aws.json).

## Why
Every ARN, endpoint and availability zone of the service derives from the region. The AWS provider refuses
an unknown one before anything is planned: `Error: invalid AWS Region: ap-northeast-22`.

## Example
```yaml
region: ap-northeast-22
```

## Fix
Use a region code such as `ap-northeast-2`; `aws ec2 describe-regions` lists those of your account.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        region = service.spec.region
        regions = aws()["regions"]
        if region in regions:
            return
        close = difflib.get_close_matches(region, regions, n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        yield self.finding(("region",), f"`{region}` is not an AWS region",
                           f"{hint}Use a region code such as `us-east-1` or `ap-northeast-2`")
