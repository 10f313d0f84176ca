from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.kinds.base import env_prefix
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules._secrets import secret_in_value
from alpaco_gen.rules.base import Rule


class SecretInEnvironment(Rule):
    id = "AG214"
    name = "secret-in-environment"
    kinds = ("function", "task")
    severity = Severity.WARNING
    summary = "A plain environment variable that looks like a secret (a known token format, a password, a key)."
    explanation = """\
## What it checks
The `environment` of every function and task, with the plugins of
[detect-secrets](https://github.com/Yelp/detect-secrets): a value in a known credential format anywhere
(AWS access key ids, GitHub, GitLab, Stripe, Slack, npm, PyPI and OpenAI tokens, JWTs, private keys,
`user:password@` in a URL, ...); a literal value under a name that holds secrets (`PASSWORD`, `PWD`,
`DB_PASS`, `SECRET`, `API_KEY`, `TOKEN`, `CREDENTIALS`, `SIGNING_KEY`, ...); and a high-entropy string
(hex or base64 beyond detect-secrets' default limits) under any name. Names that point at a secret
(`..._ARN`, `..._NAME`, `..._PARAMETER`, `..._PATH`, `..._URL`, ...) and values such as ARNs, parameter
paths, short numbers and booleans are not reported, unless the value itself is a known credential format.
Tags and descriptions get the same check from rule AG810.

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
Declare the secret under `secrets:` (or a SecureString under `parameters:`), set its value out of band
(`aws secretsmanager put-secret-value`, docs/spec.md "Secrets and parameters"), and remove it from
`environment`:

```yaml
secrets:
  openai-api-key: {}
functions:
  grader:
    uses: [{secret: openai-api-key, access: read}]   # sets OPENAI_API_KEY_SECRET_ARN; read it at run time
tasks:
  worker:
    secrets: {OPENAI_API_KEY: {secret: openai-api-key}}   # ECS sets OPENAI_API_KEY when the task starts
```

For AWS access to your own resources, use the role (`uses:`) and no keys at all.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for kind, objs in (("function", service.functions), ("task", service.tasks)):
            for obj in objs:
                for key, value in obj.spec.environment.items():
                    what = secret_in_value(key, value)
                    if not what:
                        continue
                    secret = key.lower().replace("_", "-").strip("-") or "value"
                    how = (f"give it to the task with `secrets: {{{key}: {{secret: {secret}}}}}` (ECS sets `{key}` "
                           "when the task starts)" if kind == "task" else
                           f"read it at run time with `uses: [{{secret: {secret}, access: read}}]` (which sets "
                           f"`{env_prefix(secret)}_SECRET_ARN`)")
                    yield self.finding((*obj.path, "environment", key),
                                       f"`{key}` of {kind} `{obj.name}` looks like {what}",
                                       f"Declare it under `secrets:` (`{secret}: {{}}`), set its value out of band "
                                       f"(docs/spec.md, Secrets and parameters), and {how}")
