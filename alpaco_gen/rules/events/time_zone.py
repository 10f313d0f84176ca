import zoneinfo
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule


def known_zones() -> set[str]:
    """The IANA time zone names of the tz database (the system's, else the `tzdata` package)."""
    return zoneinfo.available_timezones()


def is_zone(name: str) -> bool:
    """`name in known_zones()` without listing them (~18 ms): it loads, and it is none of the files that the listing
    leaves out (`posixrules` and the `posix/` and `right/` copies)."""
    if name == "posixrules" or name.startswith(("posix/", "right/")):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


class TimeZone(Rule):
    id = "AG141"
    name = "unknown-time-zone"
    kinds = ("schedule",)
    summary = "A schedule's `timezone` that is no IANA time zone name."
    explanation = """\
## What it checks
That `timezone` of every schedule is a name of the IANA time zone database (`Europe/Berlin`,
`America/New_York`, `UTC`), as Python's `zoneinfo` knows them.

## Why
Scheduler reads the expression in that zone and refuses names it does not know at apply with a
ValidationException on `ScheduleExpressionTimezone`. Abbreviations such as `CET` or `PST` and offsets such
as `+02:00` are not zone names (and would not follow daylight saving time).

## Example
```yaml
schedules:
  nightly:
    expression: cron(0 2 * * ? *)
    timezone: Europe/Berln
    target: {state_machine: nightly}
```

## Fix
Use the zone's IANA name, e.g. `Europe/Berlin`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for schedule in service.schedules:
            zone = schedule.spec.timezone
            if not is_zone(zone):
                zones = known_zones()
                close = sorted(z for z in zones if z.lower() == zone.lower() or z.split("/")[-1] == zone)
                hint = f"Did you mean `{close[0]}`? " if close else ""
                yield self.finding((*schedule.path, "timezone"),
                                   f"schedule `{schedule.name}`: `{zone}` is no IANA time zone name",
                                   f"{hint}Use a name of the tz database, e.g. `Europe/Berlin` or `UTC`")
