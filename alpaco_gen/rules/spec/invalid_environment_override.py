from alpaco_gen.rules.base import Rule


class InvalidEnvironmentOverride(Rule):
    id = "AG008"
    name = "invalid-environment-override"
    summary = "An environment overrides what names the spec, or `environment` is set beside `environments`."
    emitted_by = "environments"
    explanation = """\
## What it checks
That the overrides under `environments:` leave alone `version`, `project`, `service`, `environment` and
`environments`, and that a spec with `environments:` does not also set `environment`.

## Why
Those fields decide which spec this is, the AWS names of everything it creates and where its output goes.
An environment that changed them would be another service, rendered into a folder that another spec owns;
a top-level `environment` next to `environments:` would be silently ignored.

## Example
```yaml
environment: dev
environments:
  dev: {}
  prod: {service: orders-prod}
```

## Fix
Remove `environment` (the keys under `environments` name them) and keep the identity fields at the top of
the spec; a different service is a different spec file.
"""
