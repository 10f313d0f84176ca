from __future__ import annotations

import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# The hashicorp/aws release whose schema the generated Terraform is checked against (tests/verify vendors
# it): the output uses arguments older releases lack, e.g. IMMUTABLE_WITH_EXCLUSION and its exclusion filter.
MINIMUM_AWS_PROVIDER = (6, 25, 0)
_TERM = re.compile(r"^\s*(~>|>=|<=|!=|=|>|<)?\s*v?([0-9]+(?:\.[0-9]+){0,2})(?:-[0-9A-Za-z.-]+)?\s*$")

Version = tuple[int, int, int]


def _version(text: str) -> tuple[Version, int]:
    """(the version padded to three parts, how many parts were written)."""
    parts = [int(p) for p in text.split(".")] + [0, 0]
    return (parts[0], parts[1], parts[2]), len(text.split("."))


def _admits(constraint: str, version: Version) -> bool | None:
    """Whether a Terraform version constraint admits `version`; None when it cannot be read."""
    for term in constraint.split(","):
        match = _TERM.match(term)
        if not match:
            return None
        op, (bound, written) = match.group(1) or "=", _version(match.group(2))
        if op == "~>":
            # ~> 6.25 allows 6.25 up to (not including) 7.0; ~> 6.25.1 allows 6.25.1 up to 6.26.0.
            upper = (bound[0] + 1, 0, 0) if written <= 2 else (bound[0], bound[1] + 1, 0)
            ok = bound <= version < upper
        else:
            ok = {"=": version == bound, "!=": version != bound, ">": version > bound, ">=": version >= bound,
                  "<": version < bound, "<=": version <= bound}[op]
        if not ok:
            return False
    return True


def oldest_admitted_below(constraint: str, minimum: Version = MINIMUM_AWS_PROVIDER) -> Version | None | str:
    """A release older than `minimum` that the constraint admits, None if there is none, "" if unreadable."""
    candidates = {(0, 0, 0), (minimum[0], 0, 0), (minimum[0], minimum[1] - 1, 0) if minimum[1] else minimum}
    for term in constraint.split(","):
        match = _TERM.match(term)
        if not match:
            return ""
        bound, _ = _version(match.group(2))
        candidates |= {bound, (bound[0], bound[1], bound[2] + 1), (bound[0], bound[1] + 1, 0)}
    for version in sorted(candidates):
        if version < minimum and _admits(constraint, version):
            return version
    return None


class ProviderTooOld(Rule):
    id = "AG812"
    name = "provider-too-old"
    summary = "`terraform.aws_provider` admits hashicorp/aws releases older than the generated output needs."
    explanation = """\
## What it checks
That the `terraform.aws_provider` version constraint admits no hashicorp/aws release older than 6.25.0,
the release whose schema the generated Terraform is checked against.

## Why
The output uses arguments that older releases lack (an ECR repository's `IMMUTABLE_WITH_EXCLUSION` and its
`image_tag_mutability_exclusion_filter`, among others). `terraform init` with a lock file or a mirror that
holds such a release picks it, and the plan stops with "An argument named ... is not expected here" or
"expected image_tag_mutability to be one of ...".

## Example
```yaml
terraform:
  aws_provider: "~> 6.0"
```

## Fix
Raise the lower bound: `aws_provider: "~> 6.25"` (6.25 up to, not including, 7.0), or `">= 6.25, < 7.0"`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        constraint = service.spec.terraform.aws_provider
        older = oldest_admitted_below(constraint)
        path = ("terraform", "aws_provider")
        minimum = ".".join(map(str, MINIMUM_AWS_PROVIDER[:2]))
        if older == "":
            yield self.finding(path, f"`{constraint}` is not a Terraform version constraint",
                               f'Write e.g. "~> {minimum}" or ">= {minimum}, < 7.0"')
        elif older is not None:
            yield self.finding(path, f"`{constraint}` admits hashicorp/aws {'.'.join(map(str, older))}, older "
                               f"than {'.'.join(map(str, MINIMUM_AWS_PROVIDER))}, which the generated "
                               "Terraform needs", f'Raise the lower bound: "~> {minimum}"')
