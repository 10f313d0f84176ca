import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?", re.IGNORECASE)
# Names that point at a secret rather than hold one, and values that are plainly not secrets.
REFERENCE_NAME = re.compile(r"_(ARN|NAME|ID|PARAM|PARAMETER|PATH|URL|URI|ENDPOINT|TTL|HEADER)$",
                            re.IGNORECASE)
NOT_SECRET_VALUE = re.compile(r"^(arn:.*|/.*|\{\{resolve:.*|-?\d+(\.\d+)?|true|false|none|null)$",
                              re.IGNORECASE)


class SecretInEnvironment(Rule):
    id = "AG214"
    name = "secret-in-environment"
    severity = Severity.WARNING
    summary = "A plain environment variable that looks like a secret (AWS access key, password, token)."
    explanation = """\
## What it checks
The `environment` of every function and task for values that look like credentials: an AWS access key id
(`AKIA...`/`ASIA...` and 16 more characters) anywhere in a value, or a literal, non-empty value under a name
containing `PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`, `PRIVATE_KEY` or `CREDENTIALS`. Names that point at a
secret (`..._ARN`, `..._NAME`, `..._PARAMETER`, `..._PATH`, `..._URL`, ...) and values such as ARNs, parameter
paths, numbers and booleans are not reported.

## Why
Environment variables are not secret storage: the values are written in plain text into the spec, the
generated Terraform, the Terraform state and the function or task definition, where anyone with
`lambda:GetFunctionConfiguration` or `ecs:DescribeTaskDefinition` can read them. A leaked access key is
usable from anywhere until someone rotates it. AWS accepts all of this, so nothing fails; this is a warning.

## Example
```yaml
functions:
  grader:
    source: backend/lambdas/grader
    runtime: python3.12
    handler: app.handler
    environment: {OPENAI_API_KEY: sk-live-123456}
```

## Fix
Store the secret in AWS Secrets Manager or SSM Parameter Store (SecureString), put its name or ARN in the
environment instead (e.g. `OPENAI_API_KEY_PARAMETER: /grader/openai-api-key`), and read it when the code
starts. For AWS access to your own resources, use the role (`uses:`) and no keys at all.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for kind, objs in (("function", service.functions), ("task", service.tasks)):
            for obj in objs:
                for key, value in obj.spec.environment.items():
                    if ACCESS_KEY_ID.search(value):
                        what = "an AWS access key id"
                    elif (SECRET_NAME.search(key) and not REFERENCE_NAME.search(key) and value.strip()
                          and not NOT_SECRET_VALUE.match(value.strip())):
                        what = "a secret in plain text"
                    else:
                        continue
                    yield self.finding((*obj.path, "environment", key),
                                       f"`{key}` of {kind} `{obj.name}` looks like {what}",
                                       "Keep it in Secrets Manager or SSM Parameter Store (SecureString) and "
                                       f"put its name in the environment instead, e.g. `{key}_PARAMETER`")
