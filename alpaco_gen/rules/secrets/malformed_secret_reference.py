import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

SECRET_ARN = re.compile(r"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$")
FULL_SECRET_ARN = re.compile(r"-[A-Za-z0-9]{6}$")  # the suffix Secrets Manager adds to every secret's ARN
KEY_ARN = re.compile(r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$")
PARAMETER_NAME = re.compile(r"^/?[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*$")
RESERVED_PREFIX = re.compile(r"^/?(aws|ssm)", re.IGNORECASE)
MAX_LEVELS = 15


class MalformedSecretReference(Rule):
    id = "AG170"
    name = "malformed-secret-reference"
    summary = "An existing secret, parameter or key referenced by an ARN or name AWS would not find."
    explanation = """\
## What it checks
- A secret's `arn`: a Secrets Manager secret ARN, **with** the `-` and 6 characters Secrets Manager adds to
  every secret's name in its ARN (`...:secret:db-credentials-AbCdEf`).
- A parameter's `name`: letters, digits, `_ . - /`, at most 15 levels, not starting with `aws` or `ssm`.
- `kms_key_arn`: a KMS key ARN (`arn:aws:kms:<region>:<account>:key/<id>`; IAM grants on an alias ARN do
  not cover the key).

## Why
The generated policies name exactly these ARNs. A secret ARN without its suffix matches no secret, so
`GetSecretValue` fails with "AccessDeniedException: User ... is not authorized to perform:
secretsmanager:GetSecretValue", and ECS cannot start a task that reads it ("ResourceInitializationError:
unable to pull secrets or registry auth"). SSM refuses such names: "ValidationException: Parameter name: can't
be prefixed with "aws" or "ssm" (case-insensitive)."

## Example
```yaml
secrets:
  db: {arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-credentials"}
```

## Fix
Copy the full ARN from the console or `aws secretsmanager describe-secret --secret-id db-credentials`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for secret in service.secrets:
            arn, path = secret.spec.arn, (*secret.path, "arn")
            if arn is not None and not SECRET_ARN.match(arn):
                yield self.finding(path, f"`{arn}` is not a Secrets Manager secret ARN",
                                   "Write `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`")
            elif arn is not None and not FULL_SECRET_ARN.search(arn):
                yield self.finding(path, f"`{arn}` lacks the 6-character suffix of a secret's full ARN: the "
                                   "generated grant would match no secret",
                                   "Copy the full ARN: `aws secretsmanager describe-secret --secret-id <name>`")
        for parameter in service.parameters:
            name = parameter.spec.name
            if name is not None and (not PARAMETER_NAME.match(name) or RESERVED_PREFIX.match(name)
                                     or name.strip("/").count("/") >= MAX_LEVELS):
                yield self.finding((*parameter.path, "name"), f"`{name}` is not a name SSM takes",
                                   "Letters, digits, `_ . - /`, at most 15 levels, not starting with aws or ssm")
        for obj in (*service.secrets, *service.parameters):
            key = obj.spec.kms_key_arn
            if key is not None and not KEY_ARN.match(key):
                yield self.finding((*obj.path, "kms_key_arn"), f"`{key}` is not a KMS key ARN",
                                   "Write `arn:aws:kms:<region>:<account>:key/<key id>` (not an alias)")
