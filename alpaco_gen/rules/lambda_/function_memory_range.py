from alpaco_gen.rules.lambda_._limits import FunctionRange


class FunctionMemoryRange(FunctionRange):
    id = "AG202"
    name = "function-memory-range"
    kinds = ("function",)
    summary = "A function's `memory` outside Lambda's 128-10240 MB."
    field = "memory"
    unit = "MB"
    explanation = """\
## What it checks
That `memory` of every function lies between 128 and 10240 MB (the limits come from botocore's Lambda
model, kept in `alpaco_gen/data/aws.json`).

## Why
Lambda rejects other sizes at apply: "ValidationException: 1 validation error detected: Value '64' at
'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128".

## Example
```yaml
functions:
  api: {source: backend/lambdas/api, runtime: python3.12, handler: app.handler, memory: 64}
```

## Fix
Pick a size in the range. CPU grows with memory, so a slow function often needs more, not less.
"""
