from alpaco_gen.rules.lambda_._limits import FunctionRange


class FunctionTimeoutRange(FunctionRange):
    id = "AG203"
    name = "function-timeout-range"
    kinds = ("function",)
    summary = "A function's `timeout` outside Lambda's 1-900 seconds."
    field = "timeout"
    unit = "seconds"
    explanation = """\
## What it checks
That `timeout` of every function lies between 1 and 900 seconds (15 minutes).

## Why
Lambda rejects longer timeouts at apply: "ValidationException: 1 validation error detected: Value '1800'
at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900".

## Example
```yaml
functions:
  export: {source: backend/lambdas/export, runtime: python3.12, handler: app.handler, timeout: 1800}
```

## Fix
Keep the timeout at or below 900. Work that takes longer belongs in a Fargate task (`tasks:`) started by a
state machine, or in smaller pieces fanned out by a `map` state.
"""
