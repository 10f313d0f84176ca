from alpaco_gen.rules.base import Rule


class ReferencedKeyUnusable(Rule):
    id = "AG915"
    name = "referenced-key-unusable"
    summary = "A customer managed KMS key of `kms_key_arn` does not exist or is not Enabled."
    emitted_by = "preflight"
    explanation = """\
## What it checks
`kms:DescribeKey` on every `kms_key_arn` of a referenced secret or parameter, in the region its ARN names:
the key must exist and its KeyState must be `Enabled`.

## Why
The generated roles are granted `kms:Decrypt` on that key to read the secret or parameter; a key that does
not exist, is disabled or is pending deletion makes every read fail (NotFoundException, DisabledException,
KMSInvalidStateException) although plan and apply succeed.

## Example
```yaml
parameters:
  api-key: {name: /team/api-key, kms_key_arn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-..."}
```

## Fix
Correct `kms_key_arn` to the key that encrypts the value, or enable the key (`aws kms enable-key`, after
`aws kms cancel-key-deletion` for one pending deletion).
"""
