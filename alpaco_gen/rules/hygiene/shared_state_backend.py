from alpaco_gen.rules.base import Rule


class SharedStateBackend(Rule):
    id = "AG809"
    name = "shared-state-backend"
    summary = "Two environments of one spec keep their Terraform state in the same S3 object."
    emitted_by = "environments"
    explanation = """\
## What it checks
For a spec with `environments:`, that no two environments use the same `terraform.backend.s3` bucket and
key.

## Why
Each environment is its own Terraform root. Sharing one state object, the second environment's plan sees
the first one's resources as no longer configured and destroys them; the lock file (`use_lockfile`) only
stops two runs at the same moment, not this.

## Example
```yaml
terraform:
  backend: {s3: {bucket: acme-tfstate, key: orders.tfstate}}
environments:
  dev: {}
  prod: {}
```

## Fix
Give every environment its own key, e.g. `<service>/<environment>/terraform.tfstate`:

```yaml
environments:
  dev:
    terraform: {backend: {s3: {key: orders/dev/terraform.tfstate}}}
  prod:
    terraform: {backend: {s3: {key: orders/prod/terraform.tfstate}}}
```
"""
