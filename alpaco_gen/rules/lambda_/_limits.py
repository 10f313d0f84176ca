"""Shared check of the Lambda settings that AWS accepts only inside a range (botocore's limits, aws.json)."""

from collections.abc import Iterator
from typing import ClassVar

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


class FunctionRange(Rule):
    """A function field that must lie in `aws()["lambda"]["<limit>_min"]`..`["<limit>_max"]`."""

    field: ClassVar[str]  # the spec field of a function, also the prefix of the limits in aws.json
    unit: ClassVar[str]

    def check(self, service: Service) -> Iterator[Finding]:
        data = aws()["lambda"]
        low, high = data[f"{self.field}_min"], data[f"{self.field}_max"]
        for fn in service.functions:
            value = getattr(fn.spec, self.field)
            if not low <= value <= high:
                closest = min(max(value, low), high)
                yield self.finding(
                    (*fn.path, self.field),
                    f"`{self.field}` of function `{fn.name}` is {value} {self.unit}; "
                    f"Lambda allows {low}-{high} {self.unit}",
                    f"Set `{self.field}` between {low} and {high}, e.g. `{self.field}: {closest}`")
