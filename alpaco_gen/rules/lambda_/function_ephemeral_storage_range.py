from alpaco_gen.rules.lambda_._limits import FunctionRange


class FunctionEphemeralStorageRange(FunctionRange):
    id = "AG204"
    name = "function-ephemeral-storage-range"
    kinds = ("function",)
    summary = "A function's `ephemeral_storage` (/tmp) outside Lambda's 512-10240 MB."
    field = "ephemeral_storage"
    unit = "MB"
    explanation = """\
## What it checks
That `ephemeral_storage`, the size of a function's `/tmp`, lies between 512 and 10240 MB.

## Why
Lambda rejects other sizes at apply: "ValidationException: 1 validation error detected: Value '256' at
'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater than or equal to 512".

## Example
```yaml
functions:
  thumbnails: {source: backend/lambdas/thumbnails, runtime: python3.12, handler: app.handler,
               ephemeral_storage: 20480}
```

## Fix
Pick a size in the range; larger files belong in S3 (a bucket in `buckets:` with `uses:`).
"""
