"""The grammar of schedule expressions (EventBridge Scheduler's `cron(...)`, `rate(...)`, `at(...)`): each
function returns what is wrong with an expression, or "" when Scheduler accepts it."""

from __future__ import annotations

import re
from datetime import datetime

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
# name, lowest, highest, names, extra characters the field allows (besides digits , - * /)
FIELDS = (("minutes", 0, 59, (), ""), ("hours", 0, 23, (), ""), ("day-of-month", 1, 31, (), "?LW"),
          ("month", 1, 12, MONTHS, ""), ("day-of-week", 1, 7, DAYS, "?L#"), ("year", 1970, 2199, (), ""))
RATE_UNITS = {"minute": "minutes", "hour": "hours", "day": "days"}
_RATE = re.compile(r"^rate\((\S+) (\S+)\)$")
_AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")


def expression_error(expression: str) -> str:
    """What is wrong with a schedule expression, or ""."""
    if expression.startswith("cron(") and expression.endswith(")"):
        return cron_error(expression[5:-1])
    if expression.startswith("rate("):
        return rate_error(expression)
    if expression.startswith("at("):
        match = _AT.match(expression)
        if not match:
            return "a one-time schedule is `at(yyyy-mm-ddThh:mm:ss)`, e.g. `at(2030-01-31T09:00:00)`"
        try:
            datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return f"`{match.group(1)}` is no date and time"
        return ""
    return "an expression is `cron(...)`, `rate(...)` or `at(...)`"


def rate_error(expression: str) -> str:
    match = _RATE.match(expression)
    if not match:
        return "a rate is `rate(value unit)`, e.g. `rate(5 minutes)`"
    value, unit = match.groups()
    if not value.isdigit() or int(value) < 1:
        return f"the rate's value `{value}` is not a positive whole number"
    plural = RATE_UNITS.get(unit) or (unit if unit in RATE_UNITS.values() else None)
    if plural is None:
        return f"the rate's unit `{unit}` is none of minute(s), hour(s), day(s)"
    wanted = plural[:-1] if int(value) == 1 else plural
    if unit != wanted:
        return f"with the value {value} the unit is `{wanted}`: `rate({value} {wanted})`"
    return ""


def cron_error(body: str) -> str:
    parts = body.split()
    if len(parts) != 6:
        return (f"a cron expression has six fields (minutes hours day-of-month month day-of-week year); "
                f"this one has {len(parts)}")
    for part, (name, low, high, names, extra) in zip(parts, FIELDS, strict=True):
        error = _field_error(part.upper(), name, low, high, names, extra)
        if error:
            return error
    day_of_month, day_of_week = parts[2], parts[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        return ("exactly one of day-of-month and day-of-week must be `?` (a value or `*` in one, `?` in the other), "
                f"here `{day_of_month}` and `{day_of_week}`")
    return ""


def _field_error(text: str, name: str, low: int, high: int, names: tuple[str, ...], extra: str) -> str:
    if text in ("*", "?"):
        return "" if text == "*" or "?" in extra else f"`?` is allowed only in day-of-month or day-of-week, not {name}"
    for item in text.split(","):
        error = _item_error(item, name, low, high, names, extra)
        if error:
            return error
    return ""


def _item_error(item: str, name: str, low: int, high: int, names: tuple[str, ...], extra: str) -> str:
    bad = f"`{item}` is no valid {name} ({low}-{high}{', ' + '-'.join((names[0], names[-1])) if names else ''})"
    if "L" in extra and re.fullmatch(r"L|\d{1,2}L|L-\d{1,2}|LW|\d{1,2}W", item):
        return ""
    if "#" in extra and re.fullmatch(r"[1-7]#[1-5]|(SUN|MON|TUE|WED|THU|FRI|SAT)#[1-5]", item):
        return ""
    base, _, step = item.partition("/")
    if step and (not step.isdigit() or int(step) < 1):
        return bad
    if base == "*":
        return "" if step else bad
    for value in base.split("-", 1):
        if value not in names and (not value.isdigit() or not low <= int(value) <= high):
            return bad
    return ""
