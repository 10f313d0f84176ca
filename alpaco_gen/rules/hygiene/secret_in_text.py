from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding, Severity, SpecPath
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules._secrets import secret_in_prose, secret_in_value
from alpaco_gen.rules.base import Rule


class SecretInText(Rule):
    id = "AG810"
    name = "secret-in-text"
    severity = Severity.WARNING
    summary = "A tag or a description that holds something that looks like a secret (a token, a key, a password)."
    explanation = """\
## What it checks
The spec's `tags` and every description (of the spec, functions, tasks, APIs, security groups and their
rules), with the plugins of [detect-secrets](https://github.com/Yelp/detect-secrets) that rule AG214 runs
on environment variables: known credential formats (AWS, GitHub, Stripe, Slack, JWT, private keys,
`user:password@` in a URL, ...), secret-sounding tag keys with a literal value, `password: ...`-style text,
and high-entropy strings.

## Why
Tags and descriptions are the least protected text of a deployment: every tagged resource carries the tags,
`tag:GetResources` lists them account-wide, and descriptions show in the console, in Terraform state and
in API responses of callers with read-only access. A key pasted there is a leaked key. AWS accepts it, so
nothing fails; this is a warning.

## Example
```yaml
tags: {DeployToken: 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}
```

## Fix
Remove the secret and rotate it; keep secrets in Secrets Manager or SSM Parameter Store.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        spec = service.spec
        for key, value in spec.tags.items():
            what = secret_in_value(key, value)
            if what:
                yield self._finding(("tags", key), f"tag `{key}`", what)
        descriptions: list[tuple[SpecPath, str, str | None]] = [(("description",), "the spec", spec.description)]
        for section, kind in (("functions", "function"), ("tasks", "task"), ("apis", "API")):
            for name, obj in getattr(spec, section).items():
                descriptions.append(((section, name, "description"), f"{kind} `{name}`", obj.description))
        if spec.network:
            for name, group in spec.network.security_groups.items():
                base: SpecPath = ("network", "security_groups", name)
                descriptions.append(((*base, "description"), f"security group `{name}`", group.description))
                for direction in ("ingress", "egress"):
                    for i, rule in enumerate(getattr(group, direction)):
                        descriptions.append(((*base, direction, i, "description"),
                                             f"{direction} rule {i} of security group `{name}`", rule.description))
        for path, owner, text in descriptions:
            what = secret_in_prose(text) if text else ""
            if what:
                yield self._finding(path, f"the description of {owner}", what)

    def _finding(self, path: SpecPath, where: str, what: str) -> Finding:
        return self.finding(path, f"{where} looks like it holds {what}",
                            "Remove the secret from the spec and rotate it; keep it in Secrets Manager or SSM "
                            "Parameter Store")
