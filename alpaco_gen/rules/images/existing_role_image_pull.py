from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

PULL = "ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability"


class ExistingRoleImagePull(Rule):
    id = "AG305"
    name = "existing-role-image-pull"
    kinds = ("function", "task", "repository")
    severity = Severity.WARNING
    summary = "An image function's `role_arn` or a task's `execution_role_arn` must allow the ECR pull."
    explanation = """\
## What it checks
Image functions with `role_arn` and tasks with `execution_role_arn`: existing roles that alpaco-gen uses
as they are. The generated roles carry the pull permissions; these roles are outside the spec, so the rule
reminds you what they need (preflight can check them against the live account).

## Why
This is the seed's fifth failure: the function's role lacked `ecr:GetDownloadUrlForLayer`,
`ecr:BatchGetImage` and `ecr:BatchCheckLayerAvailability`, and the image could not be pulled ("Lambda does
not have permission to access the ECR image. Check the ECR permissions."). A task's execution role without
them, or without `ecr:GetAuthorizationToken`, stops every task with "CannotPullContainerError: ... not
authorized to perform: ecr:GetAuthorizationToken"; without `logs:CreateLogStream` and `logs:PutLogEvents`
on the task's log group the task fails to start its log driver.

## Example
```yaml
functions:
  generator: {source: backend/lambdas/generator, image: {repository: generator},
              role_arn: "arn:aws:iam::123456789012:role/legacy-generator"}
```

## Fix
Make sure the role's policy allows `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer` and
`ecr:BatchCheckLayerAvailability` on the repository (tasks also `ecr:GetAuthorizationToken` on `*`, and
`logs:CreateLogStream`/`logs:PutLogEvents` on the log group), or remove the field to use the generated role.
Once checked, add `ignore: [existing-role-image-pull]` to the function or task.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for fn in service.functions:
            if fn.is_image and fn.spec.role_arn and fn.repository:
                yield self.finding(
                    (*fn.path, "role_arn"),
                    f"function `{fn.name}` pulls `{fn.repository.aws_name}` with an existing role that "
                    "alpaco-gen cannot see",
                    f"Make sure that role allows {PULL} on the repository, or remove `role_arn`")
        for task in service.tasks:
            if task.spec.execution_role_arn:
                yield self.finding(
                    (*task.path, "execution_role_arn"),
                    f"task `{task.name}` pulls `{task.repository.aws_name}` with an existing execution role "
                    "that alpaco-gen cannot see",
                    f"Make sure that role allows ecr:GetAuthorizationToken, {PULL} and writing to "
                    f"`{task.log_group}`, or remove `execution_role_arn`")
