import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds.function import Function
from alpaco_gen.kinds.task import Task
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# botocore's lambda RoleArn pattern (ECS task definitions take the same role ARNs), anchored.
ROLE_ARN = re.compile(r"^arn:(aws[a-zA-Z-]*)?:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")


class MalformedRoleArn(Rule):
    id = "AG806"
    name = "malformed-role-arn"
    summary = "A `role_arn` or `execution_role_arn` that is not an IAM role ARN."
    explanation = """\
## What it checks
A function's `role_arn` and a task's `execution_role_arn` against the form of an IAM role ARN:
`arn:aws:iam::<12-digit account>:role/<path/name>` (other partitions: `arn:aws-cn:`, `arn:aws-us-gov:`).

## Why
Lambda refuses anything else when Terraform creates the function: "ValidationException: 1 validation error
detected: Value '...' at 'role' failed to satisfy constraint: Member must satisfy regular expression
pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+". Role names, policy ARNs and
instance profile ARNs are the usual mix-ups.

## Example
```yaml
functions:
  api: {source: backend/lambdas/api, runtime: python3.12, handler: app.handler,
        role_arn: "arn:aws:iam::123456789012:policy/api-access"}
```

## Fix
Use the role's ARN, as `aws iam get-role --role-name <name>` prints it, or remove the field to let the
generator create a least-privilege role.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        fields: list[tuple[Function | Task, str, str | None]]
        fields = [(fn, "role_arn", fn.spec.role_arn) for fn in service.functions]
        fields += [(task, "execution_role_arn", task.spec.execution_role_arn) for task in service.tasks]
        for obj, field, value in fields:
            if value is not None and not ROLE_ARN.match(value):
                yield self.finding((*obj.path, field),
                                   f"`{field}: {value}` of `{obj.name}` is not an IAM role ARN",
                                   "Write `arn:aws:iam::<account id>:role/<name>`, or remove the field to "
                                   "use the generated role")
