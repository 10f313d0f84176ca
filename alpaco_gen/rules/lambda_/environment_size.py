import json
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds import KINDS
from alpaco_gen.kinds.base import Deployed
from alpaco_gen.kinds.function import Function
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

LIMIT = 4096  # bytes, for all variables of a function together


def link_values(service: Service, fn: Function,
                made: dict[tuple[str, str], dict[str, str]] | None = None) -> dict[str, str]:
    """The variables `uses:` generates, with the values Terraform will give them, as AWS spells them.

    Every unknown is of fixed length, so the estimate is exact: account ids have 12 digits and API ids 10
    characters; the partition and DNS suffix follow from the region. `made` (of one check) keeps the values
    of each used resource for the next function that uses it.
    """
    made = {} if made is None else made
    values: dict[str, str] = {}
    for use in fn.spec.uses:
        key = (use.kind, use.target)
        if key not in made:
            target = service.by_name.get(key)
            made[key] = {} if target is None else KINDS[use.kind].deployed_links(target, _deployed(service))
        values.update(made[key])
    return values


def _deployed(service: Service) -> Deployed:
    region = service.spec.region
    partitions = {"cn-": "aws-cn", "us-gov-": "aws-us-gov"}
    partition = next((p for prefix, p in partitions.items() if region.startswith(prefix)), "aws")
    host = f"0123456789.execute-api.{region}.amazonaws.com" + (".cn" if partition == "aws-cn" else "")
    return Deployed(region, partition, host)


class EnvironmentSize(Rule):
    id = "AG208"
    name = "environment-size"
    kinds = ("function",)
    summary = "A function's environment variables exceed Lambda's 4 KB, measured as Lambda measures them."
    explanation = """\
## What it checks
The size of all environment variables of a function together, the ones in `environment` and the ones
`uses:` generates (`<NAME>_TABLE`, `<NAME>_BUCKET`, ...), measured the way Lambda measures it: the JSON
object `{"KEY":"value",...}` without spaces, in UTF-8 bytes, against 4096 bytes. The generated values
are counted as AWS will spell them: table, bucket and function names, state machine ARNs and API endpoint
URLs are built from the generated names, and their only unknowns (account id, API id) have a fixed length,
so the count is exact.

## Why
Lambda rejects a larger environment at apply: "InvalidParameterValueException: Lambda was unable to
configure your environment variables because the environment variables you have provided exceeded the
4KB limit. String measured: {...}".

## Example
```yaml
functions:
  api:
    source: backend/lambdas/api
    runtime: python3.12
    handler: app.handler
    environment: {PROMPT_TEMPLATE: "You are a grader. ... (4,000 more characters)"}
```

## Fix
Keep configuration, not data, in the environment: put large values in SSM Parameter Store, Secrets Manager
or an S3 object and read them when the function starts.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        made: dict[tuple[str, str], dict[str, str]] = {}
        for fn in service.functions:
            variables = {**fn.spec.environment, **link_values(service, fn, made)}  # Terraform keeps the last
            size = len(json.dumps(variables, separators=(",", ":"), ensure_ascii=False).encode())
            if size <= LIMIT:
                continue
            largest = max(fn.spec.environment, key=lambda k: len(fn.spec.environment[k]), default=None)
            hint = f"; the largest is `{largest}` ({len(fn.spec.environment[largest].encode())} bytes)" \
                if largest else ""
            yield self.finding(
                (*fn.path, "environment"),
                f"the environment of function `{fn.name}` is {size} bytes as Lambda measures it "
                f"({len(variables)} variables, {len(fn.links)} of them from `uses:`); the limit is "
                f"{LIMIT} bytes",
                f"Move large values to SSM Parameter Store, Secrets Manager or S3{hint}", key=True)
