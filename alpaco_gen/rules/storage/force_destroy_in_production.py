from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.spec.models import PRODUCTION_ENVIRONMENTS as PRODUCTION


class ForceDestroyInProduction(Rule):
    id = "AG509"
    name = "force-destroy-in-production"
    kinds = ("bucket",)
    severity = Severity.WARNING
    summary = "A bucket with `force_destroy: true` in a production environment."
    explanation = """\
## What it checks
Buckets with `force_destroy: true` when `environment` is `prod`, `production`, `prd` or `live`.

## Why
`force_destroy` lets `terraform destroy` (or a change that replaces the bucket, such as a rename) delete
every object and every object version in it without asking. Without it, Terraform stops with
`BucketNotEmpty: The bucket you tried to delete is not empty`, which is the safety net production data
needs.

## Example
```yaml
environment: prod
buckets:
  exports: {force_destroy: true}
```

## Fix
Remove `force_destroy` (empty the bucket by hand when you really mean to delete it), or add
`ignore: [force-destroy-in-production]` to the bucket when its contents are disposable.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        if service.spec.environment not in PRODUCTION:
            return
        for bucket in service.buckets:
            if bucket.spec.force_destroy:
                yield self.finding((*bucket.path, "force_destroy"),
                                   f"bucket `{bucket.name}` can be destroyed with all its objects in "
                                   f"`{service.spec.environment}`",
                                   "Remove `force_destroy: true`, or ignore this rule for disposable buckets")
