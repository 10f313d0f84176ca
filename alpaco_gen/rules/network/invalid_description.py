import re
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule

# EC2's documented character set for security group and rule descriptions.
ALLOWED = re.compile(r"^[a-zA-Z0-9. _\-:/()#,@\[\]+=&;{}!$*]*$")


class InvalidSecurityGroupDescription(Rule):
    id = "AG419"
    name = "invalid-security-group-description"
    kinds = ("network",)
    summary = "A security group or rule description with characters or a length EC2 rejects."
    explanation = """\
## What it checks
The `description` of every security group (at most 255 characters) and of every ingress and egress rule
(at most 255), against EC2's character set: `a-z A-Z 0-9`, spaces and `. _ - : / ( ) # , @ [ ] + = & ; { } ! $ *`.

## Why
EC2 rejects anything else when Terraform creates the group or rule: "InvalidParameterValue: Value (...) for
parameter GroupDescription is invalid. Character sets beyond ASCII are not supported." Quotes, accented
letters, tabs and newlines are the usual culprits.

## Example
```yaml
network:
  security_groups:
    api: {description: "Café \\"front\\" door", egress: [{cidr: 0.0.0.0/0, ports: [443]}]}
```

## Fix
Use plain ASCII letters, digits, spaces and the punctuation listed above.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        if not service.network:
            return
        for group in service.network.security_groups:
            texts = [((*group.path, "description"), group.spec.description)]
            for direction in ("ingress", "egress"):
                texts += [((*group.path, direction, i, "description"), rule.description)
                          for i, rule in enumerate(getattr(group.spec, direction))]
            for path, text in texts:
                if text is not None and (len(text) > 255 or not ALLOWED.match(text)):
                    yield self.finding(path, f"EC2 does not accept the description {text!r}",
                                       "Use at most 255 ASCII letters, digits, spaces and . _ - : / ( ) # , @ [ ] "
                                       "+ = & ; { } ! $ *")
