from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class SecretsNeedExecutionRole(Rule):
    id = "AG173"
    name = "secrets-need-execution-role"
    kinds = ("task",)
    severity = Severity.WARNING
    summary = "A task with `secrets:` runs with an existing execution role, which alpaco-gen cannot grant the read."
    explanation = """\
## What it checks
Tasks with both `secrets:` and `execution_role_arn`.

## Why
ECS reads a task's secrets with the execution role before the container starts. alpaco-gen grants the read
(and the key) to the execution role it generates; an existing role gets nothing from the spec, and unless it
already allows `secretsmanager:GetSecretValue` or `ssm:GetParameters` on these ARNs (and `kms:Decrypt`), the
task never starts: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource
retrieval failed: unable to retrieve secret from asm: ... AccessDeniedException".

## Example
```yaml
tasks:
  loader:
    execution_role_arn: arn:aws:iam::123456789012:role/shared-ecs-execution
    secrets: {DB_PASSWORD: {secret: db}}
```

## Fix
Remove `execution_role_arn` so that the generated role gets the grants, or grant them on the existing role.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for task in service.tasks:
            if task.spec.secrets and task.spec.execution_role_arn:
                yield self.finding((*task.path, "execution_role_arn"),
                                   f"task `{task.name}` reads {len(task.spec.secrets)} secret(s) at start with an "
                                   "existing execution role, which the spec cannot grant them to",
                                   "Remove `execution_role_arn`, or allow that role to read them (and their key)")
