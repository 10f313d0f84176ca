from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Fix
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# The keys Lambda refuses in `Environment.Variables` ("Defined runtime environment variables" in the Lambda
# developer guide). TZ is deliberately absent: it is set by Lambda but may be overridden.
RESERVED = frozenset({
    "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
})
CREDENTIALS = frozenset({"AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"})


class ReservedEnvironmentVariable(Rule):
    id = "AG201"
    name = "reserved-environment-variable"
    kinds = ("function",)
    summary = "A function sets an environment variable Lambda reserves, e.g. `AWS_REGION` (seed failure 1)."
    explanation = """\
## What it checks
The `environment` keys of every function against the variables Lambda defines itself and refuses to let a
function set: `_HANDLER`, `_X_AMZN_TRACE_ID`, `AWS_DEFAULT_REGION`, `AWS_REGION`, `AWS_EXECUTION_ENV`,
`AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `AWS_LAMBDA_FUNCTION_VERSION`,
`AWS_LAMBDA_INITIALIZATION_TYPE`, `AWS_LAMBDA_LOG_GROUP_NAME`, `AWS_LAMBDA_LOG_STREAM_NAME`,
`AWS_ACCESS_KEY`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
`AWS_LAMBDA_RUNTIME_API`, `LAMBDA_TASK_ROOT` and `LAMBDA_RUNTIME_DIR`. `TZ` may be set.

## Why
This is the seed's first failure: `AWS_REGION` in a function's `environment.variables` stopped
`terraform apply` with "InvalidParameterValueException: Lambda was unable to configure your environment
variables because the environment variables you have provided contains reserved keys that are currently
not supported for modification. Reserved keys used in this request: AWS_REGION".

## Example
```yaml
functions:
  problem-grader:
    runtime: python3.12
    handler: app.handler
    source: backend/lambdas/problem-grader
    environment: {AWS_REGION: ap-northeast-2}
```

## Fix
Remove the key. Lambda sets it in every execution environment, so the code still reads
`os.environ["AWS_REGION"]`. Credentials come from the function's role: grant access with `uses:` rather
than passing keys.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for fn in service.functions:
            for key in fn.spec.environment:
                if key not in RESERVED:
                    continue
                if key in CREDENTIALS:
                    help = ("Remove it: Lambda provides the execution role's temporary credentials; grant "
                            "access with `uses:` (or `role_arn`) instead of passing keys")
                else:
                    help = f"Remove it: Lambda sets `{key}` itself, and the code can read it from there"
                yield self.finding((*fn.path, "environment", key),
                                   f"function `{fn.name}` sets `{key}`, which Lambda reserves", help,
                                   key=True, fix=Fix(f"Remove `{key}` from the environment"))
