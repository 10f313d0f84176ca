from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class MisplacedKmsKey(Rule):
    id = "AG171"
    name = "misplaced-kms-key"
    kinds = ("secret", "parameter")
    summary = "`kms_key_arn` on a secret or parameter the spec creates, or on a plain-text parameter."
    explanation = """\
## What it checks
`kms_key_arn` says which key encrypts an *existing* secret (`arn`) or SecureString parameter (`name`), so
that readers are granted `kms:Decrypt` on it. On a secret or parameter the spec creates, and on a String or
StringList parameter, it has no effect.

## Why
What the spec creates is always encrypted with the service key, which the generated grants, the key policy
and the access simulation are built on; a SecureString under another key would be unreadable with them
("AccessDeniedException ... kms:Decrypt"). A plain-text parameter is not encrypted at all, so a key there
suggests a value that should have been a SecureString.

## Example
```yaml
parameters:
  api-key: {type: SecureString, kms_key_arn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-..."}
```

## Fix
Remove `kms_key_arn` (the service key encrypts it), or reference the existing parameter by `name`; use
`type: SecureString` for secret values.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for obj, kind in [(s, "secret") for s in service.secrets] + [(p, "parameter") for p in service.parameters]:
            if obj.spec.kms_key_arn is None:
                continue
            path = (*obj.path, "kms_key_arn")
            if obj.address is not None:
                yield self.finding(path, f"{kind} `{obj.name}` is created by the spec and encrypted with the "
                                   "service key; `kms_key_arn` has no effect",
                                   f"Remove it, or reference an existing {kind} by "
                                   f"`{'arn' if kind == 'secret' else 'name'}`")
            elif kind == "parameter" and not obj.secure:
                yield self.finding(path, f"parameter `{obj.name}` is `{obj.spec.type}`, plain text: no key "
                                   "encrypts it", "Remove `kms_key_arn`, or use `type: SecureString`")
