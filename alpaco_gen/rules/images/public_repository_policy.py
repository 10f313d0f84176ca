from collections.abc import Iterator
from fnmatch import fnmatchcase

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

EVERYONE = "*"
# The ECR repository actions a repository policy can grant, by what they let a caller do.
READ = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability", "ecr:DescribeImages",
        "ecr:DescribeRepositories", "ecr:ListImages", "ecr:GetRepositoryPolicy", "ecr:GetLifecyclePolicy",
        "ecr:GetLifecyclePolicyPreview", "ecr:DescribeImageScanFindings", "ecr:ListTagsForResource")
WRITE = ("ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
         "ecr:BatchDeleteImage", "ecr:DeleteRepository", "ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy",
         "ecr:PutLifecyclePolicy", "ecr:DeleteLifecyclePolicy", "ecr:StartLifecyclePolicyPreview",
         "ecr:PutImageTagMutability", "ecr:PutImageScanningConfiguration", "ecr:StartImageScan",
         "ecr:ReplicateImage", "ecr:TagResource", "ecr:UntagResource")


def _granted(patterns: list[str], actions: tuple[str, ...]) -> list[str]:
    """The actions that some pattern matches (IAM: case-insensitive, `*` and `?` wildcards)."""
    return [a for a in actions if any(fnmatchcase(a.lower(), p.lower()) for p in patterns)]


class PublicRepositoryPolicy(Rule):
    id = "AG311"
    name = "public-repository-policy"
    kinds = ("function", "task", "repository")
    summary = "A repository `policy` statement that allows principal `*` (anyone): push an error, pull a warning."
    explanation = """\
## What it checks
Every `Allow` statement of a custom repository `policy` whose `aws_principals` holds `*`. A statement that
grants anyone an action that changes the repository (`ecr:PutImage`, the layer uploads, deleting images or
the repository, replacing the policy, or a wildcard such as `ecr:*` that includes them) is an error; one
that grants only reads (`ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer`, ...) is a warning.

## Why
Principal `*` in a resource policy means every AWS account and every anonymous caller that can sign a
request. AWS accepts such a policy without a word. With push actions, anyone can replace the image a
function or task runs: code execution in your account with the function's role. With pull actions, anyone
can download the images, and with them the code and whatever was baked into them.

## Example
```yaml
repositories:
  api:
    policy:
      - {sid: Everyone, aws_principals: ["*"], actions: ["ecr:*"]}
```

## Fix
Name the accounts or roles that need access (`arn:aws:iam::123456789012:root`, a CI role ARN), or a
service principal such as `lambda.amazonaws.com`; or drop `policy` to get the generated one.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for repo in service.repositories:
            for i, statement in enumerate(repo.spec.policy or ()):
                if statement.effect != "Allow" or EVERYONE not in statement.aws_principals:
                    continue
                path = (*repo.path, "policy", i)
                writes = _granted(statement.actions, WRITE)
                reads = _granted(statement.actions, READ)
                if writes:
                    yield self.finding(
                        path, f"repository `{repo.name}` lets anyone (principal `*`) change it: "
                        f"{', '.join(writes[:4])}{' ...' if len(writes) > 4 else ''}",
                        "Name the accounts or roles that push (e.g. a CI role ARN) instead of `*`")
                elif reads:
                    yield self.finding(
                        path, f"repository `{repo.name}` lets anyone (principal `*`) pull its images: "
                        f"{', '.join(reads[:4])}{' ...' if len(reads) > 4 else ''}",
                        "Name the accounts or roles that pull instead of `*`, or a service principal such as "
                        "`lambda.amazonaws.com`", severity=Severity.WARNING)
