from collections.abc import Iterator
from fnmatch import fnmatchcase

from alpaco_gen.diagnostics import Finding
from alpaco_gen.kinds.repository import RepositoryStatement
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

LAMBDA = "lambda.amazonaws.com"
PULL = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")


def _grants(statement: RepositoryStatement, action: str) -> bool:
    """Does the statement name Lambda (or everyone) and an action pattern matching `action`?"""
    lambda_principal = LAMBDA in statement.service_principals or "*" in statement.aws_principals
    # IAM matches actions case-insensitively, with `*` and `?` wildcards.
    return lambda_principal and any(fnmatchcase(action.lower(), p.lower()) for p in statement.actions)


class RepositoryPolicyBlocksLambda(Rule):
    id = "AG304"
    name = "repository-policy-blocks-lambda"
    kinds = ("function", "task", "repository")
    summary = "A custom repository `policy` that keeps Lambda from pulling a function image (seed failure 5)."
    explanation = """\
## What it checks
For every repository that image functions pull from and that sets its own `policy` (which replaces the
generated one): that some `Allow` statement names the service principal `lambda.amazonaws.com` (or `*`)
with `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` (wildcards such as `ecr:*`, `ecr:Batch*` count),
and that no `Deny` statement takes them away.

## Why
Lambda pulls a function's image with its own service principal, which the repository policy must allow.
The generated policy does, only for this service's functions; a hand-written one often forgets Lambda.
This is the seed's fifth failure, seen from the repository: creating the function fails with
"InvalidParameterValueException: Lambda does not have permission to access the ECR image. Check the ECR
permissions."

## Example
```yaml
repositories:
  generator:
    policy:
      - {sid: CiPush, aws_principals: ["arn:aws:iam::123456789012:role/ci"],
         actions: ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                   "ecr:CompleteLayerUpload"]}
```

## Fix
Add a statement for Lambda, or drop `policy` to get the generated one back:
```yaml
      - {sid: LambdaPull, service_principals: [lambda.amazonaws.com],
         actions: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}
```
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for repo in service.repositories:
            if repo.spec.policy is None or not repo.lambda_pullers:
                continue
            statements = repo.spec.policy
            missing = [a for a in PULL
                       if not any(s.effect == "Allow" and _grants(s, a) for s in statements)
                       or any(s.effect == "Deny" and _grants(s, a) for s in statements)]
            if missing:
                yield self.finding(
                    (*repo.path, "policy"),
                    f"the `policy` of repository `{repo.name}` does not let `{LAMBDA}` call "
                    f"{', '.join(missing)}, but image functions pull from it: "
                    f"{', '.join(repo.lambda_pullers)}",
                    f"Add a statement: `{{service_principals: [{LAMBDA}], actions: [{', '.join(PULL)}]}}`, "
                    "or remove `policy` to use the generated one", key=True)
