from alpaco_gen.rules.base import Rule


class RegionMismatch(Rule):
    id = "AG901"
    name = "region-mismatch"
    summary = "The region of the AWS environment (or `--region`) is not the spec's `region`."
    emitted_by = "preflight"
    explanation = """\
## What it checks
The region that `--region`, `AWS_REGION`/`AWS_DEFAULT_REGION` or the profile configures, against the spec's
`region`. When nothing configures a region, the spec's region is used and there is nothing to compare.

## Why
The generated Terraform pins the spec's region, so a different ambient region means the shell, the profile
and the spec disagree about where this service lives: usually the wrong profile or the wrong spec. Preflight
still checks the spec's region, but says so before anything is applied.

## Example
```yaml
region: ap-northeast-2   # while AWS_REGION=us-east-1
```

## Fix
Run `alpaco-gen preflight --region <spec region>`, set `AWS_REGION` to the spec's region, or pick the profile
of the account and region the spec describes.
"""
