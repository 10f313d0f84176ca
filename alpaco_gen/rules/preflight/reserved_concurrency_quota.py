from alpaco_gen.rules.base import Rule


class ReservedConcurrencyQuota(Rule):
    id = "AG909"
    name = "reserved-concurrency-quota"
    summary = "The functions' `reserved_concurrency` does not fit the account's concurrency quota."
    emitted_by = "preflight"
    explanation = """\
## What it checks
The sum of `reserved_concurrency` over the spec's functions against `lambda:GetAccountSettings`: what is
unreserved now, plus what the spec's own functions reserve already (`lambda:GetFunctionConcurrency`), must
cover the sum and still leave Lambda's minimum unreserved: 100, or the whole quota when the quota is below
100 (new accounts start with 10, so they cannot reserve anything).

## Why
Apply fails with "InvalidParameterValueException: Specified ReservedConcurrentExecutions for function
decreases account's UnreservedConcurrentExecution below its minimum value of [100]" (`[10]` on an account
with a quota of 10), after the function itself was created.

## Example
```yaml
functions:
  worker: {source: backend/lambdas/worker, runtime: python3.12, handler: app.handler,
           reserved_concurrency: 50}   # on an account with a quota of 10
```

## Fix
Lower or remove `reserved_concurrency`, release reservations of other functions, or ask for a higher
"Concurrent executions" quota in Service Quotas.
"""
