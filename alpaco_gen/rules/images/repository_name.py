import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# ECR's repositoryName constraint (botocore), and its length limits.
PATTERN = re.compile(r"(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*")
MIN, MAX = 2, 256


class RepositoryName(Rule):
    id = "AG309"
    name = "repository-name"
    kinds = ("function", "task", "repository")
    summary = "A generated ECR repository name (`<project>/<name>-<environment>`) that ECR does not accept."
    explanation = """\
## What it checks
The name alpaco-gen gives each repository, `<project>/<name>-<environment>` (e.g.
`alpaco/problem-runner-dev`), against ECR's rules: 2-256 characters, lowercase letters and digits in
parts separated by single `.`, `_`, `-` or `/`, never two separators in a row and none at either end.
Spec names may end in `-` or `_` or contain `--`; as part of a repository name they break these rules.

## Why
ECR rejects the repository at apply: "InvalidParameterException: Invalid parameter at 'repositoryName'
failed to satisfy constraint: 'must satisfy regular expression
'(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''".

## Example
```yaml
project: alpaco
environment: dev
repositories:
  problem_: {}
```

## Fix
Rename the repository (or the project) so that separators sit between letters or digits, e.g. `problem`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for repo in service.repositories:
            name = repo.aws_name
            if not MIN <= len(name) <= MAX:
                yield self.finding(repo.path, f"repository name `{name}` is {len(name)} characters; ECR "
                                   f"allows {MIN}-{MAX}", "Shorten the repository or project name", key=True)
            elif not PATTERN.fullmatch(name):
                yield self.finding(repo.path, f"`{name}` is not a valid ECR repository name",
                                   "Use lowercase letters and digits with single `-`, `_` or `.` between "
                                   "them, not at the start or end, in the project and the repository name",
                                   key=True)
