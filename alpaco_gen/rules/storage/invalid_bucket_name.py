from __future__ import annotations

import ipaddress
import string
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# General purpose bucket naming rules (S3 User Guide, "Bucket naming rules").
MIN_LENGTH, MAX_LENGTH = 3, 63
ALLOWED = set(string.ascii_lowercase + string.digits + ".-")
RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


class InvalidBucketName(Rule):
    id = "AG508"
    name = "invalid-bucket-name"
    kinds = ("bucket",)
    summary = "A generated bucket name that breaks S3's naming rules (length, characters, reserved affixes)."
    explanation = """\
## What it checks
The generated bucket name `<project>-<service>-<bucket>-<environment>` against S3's naming rules:
3-63 characters; lowercase letters, digits, dots and hyphens only (no `_`); a letter or digit first and
last; no two adjacent dots; not an IP address; none of the reserved prefixes `xn--`, `sthree-`,
`amzn-s3-demo-` or suffixes `-s3alias`, `--ol-s3`, `.mrap`, `--x-s3`, `--table-s3`.

## Why
S3 rejects the name at apply time: `InvalidBucketName: The specified bucket is not valid.` Terraform
catches some cases at plan (`only lowercase alphanumeric characters and hyphens allowed in "bucket"`).
Spec names may contain `_`, and the prefix and suffix make long names longer, so a name that looks fine
in the spec can be invalid once generated.

## Example
```yaml
project: alpaco
service: problem-service
environment: dev
buckets:
  grader_output: {versioning: true}
```

## Fix
Rename the bucket in the spec (`grader-output`), or shorten the project, service or bucket name.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for bucket in service.buckets:
            problems = _problems(bucket.aws_name)
            if problems:
                yield self.finding(bucket.path, f"bucket name `{bucket.aws_name}` {'; '.join(problems)}",
                                   f"Rename `buckets.{bucket.name}` so that `<project>-<service>-<bucket>-"
                                   "<environment>` follows S3's naming rules", key=True)


def _problems(name: str) -> list[str]:
    found = []
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        found.append(f"has {len(name)} characters (S3 allows {MIN_LENGTH}-{MAX_LENGTH})")
    bad = sorted(set(name) - ALLOWED)
    if bad:
        found.append(f"contains {', '.join(f'`{c}`' for c in bad)} (only a-z, 0-9, `.` and `-` are allowed)")
    if not (name[:1].isalnum() and name[-1:].isalnum()):
        found.append("must start and end with a letter or digit")
    if ".." in name:
        found.append("has two adjacent dots")
    try:
        ipaddress.IPv4Address(name)
        found.append("is formatted as an IP address")
    except ValueError:
        pass
    found += [f"starts with the reserved prefix `{p}`" for p in RESERVED_PREFIXES if name.startswith(p)]
    found += [f"ends with the reserved suffix `{s}`" for s in RESERVED_SUFFIXES if name.endswith(s)]
    return found
