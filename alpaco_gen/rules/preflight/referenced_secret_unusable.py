from alpaco_gen.rules.base import Rule


class ReferencedSecretUnusable(Rule):
    id = "AG911"
    name = "referenced-secret-unusable"
    summary = "A secret the spec references by `arn` is missing, partial, scheduled for deletion or " \
              "encrypted with a key the spec does not name."
    emitted_by = "preflight"
    explanation = """\
## What it checks
`secretsmanager:DescribeSecret` on every `secrets:` entry with `arn` (and so on every task `secrets:` variable
and `uses:` that reads one): the secret must exist under exactly that ARN, must not be scheduled for deletion
(`DeletedDate`), and a customer managed key that encrypts it must be named in `kms_key_arn`.

## Why
Nothing is created for a referenced secret, so plan and apply succeed with a typo in its ARN; the function
or task fails on its first read. The generated IAM grants name the ARN exactly, so a partial ARN (without
Secrets Manager's 6-character suffix) is denied, a secret marked for deletion cannot be read, and a customer
managed key the roles get no `kms:Decrypt` on denies the read.

## Example
```yaml
secrets:
  db: {arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db"}   # suffix missing
```

## Fix
Use the full ARN (`aws secretsmanager describe-secret --secret-id <name> --query ARN`), create or restore the
secret (`aws secretsmanager restore-secret`), or set `kms_key_arn` to the key that encrypts it.
"""
