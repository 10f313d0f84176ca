from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class SecretRecoveryWindow(Rule):
    id = "AG172"
    name = "secret-recovery-window"
    kinds = ("secret",)
    summary = "A secret's `recovery_window_days` other than 0 or 7-30."
    explanation = """\
## What it checks
`recovery_window_days` of every secret the spec creates: 0 (delete at once) or 7 to 30.

## Why
Secrets Manager's DeleteSecret takes `RecoveryWindowInDays` from 7 to 30 only, and the AWS provider checks
it when Terraform plans: "expected recovery_window_in_days to be in the range (7 - 30), got 3". 0 means
`ForceDeleteWithoutRecovery`.

## Example
```yaml
secrets:
  db: {recovery_window_days: 3}
```

## Fix
Use 7 to 30 days, or 0 for secrets that may go at once (test environments).
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for secret in service.secrets:
            days = secret.spec.recovery_window_days
            if secret.address is not None and days != 0 and not 7 <= days <= 30:
                yield self.finding((*secret.path, "recovery_window_days"),
                                   f"secret `{secret.name}` has a recovery window of {days} days",
                                   "Use 7 to 30, or 0 to delete without recovery")
