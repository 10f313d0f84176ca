from alpaco_gen.rules.base import Rule


class ReferencedParameterMismatch(Rule):
    id = "AG912"
    name = "referenced-parameter-mismatch"
    summary = "An SSM parameter the spec references by `name` is missing, or of another type than the spec says."
    emitted_by = "preflight"
    explanation = """\
## What it checks
`ssm:DescribeParameters` (filter `Name` equals) on every `parameters:` entry with `name`: the parameter must
exist, its type must be the spec's `type`, and a customer managed key of a SecureString must be named in
`kms_key_arn`.

## Why
Nothing is created for a referenced parameter, so a typo in its name surfaces as `ParameterNotFound` on the
first read. A live SecureString the spec calls String or StringList is an error: the generated grants leave
out its key and a read without decryption returns ciphertext. The other mismatches are warnings: reads work,
but a spec that says SecureString for a plain-text value, or String for a comma-separated StringList, misleads
whoever reads it.

## Example
```yaml
parameters:
  api-key: {name: /team/api-kye, type: SecureString}   # typo: no such parameter
```

## Fix
Create the parameter (`aws ssm put-parameter --name <name> --type <type> --value ...`), correct `name`, or
set `type` (and `kms_key_arn`) to what the parameter is.
"""
