"""The schedule expression grammar of rule AG140, case by case."""

from __future__ import annotations

import pytest

from alpaco_gen.rules.events._expressions import expression_error
from alpaco_gen.rules.events._patterns import pattern_errors

ACCEPTED = ("cron(30 2 * * ? *)", "cron(0/15 8-18 ? * MON-FRI *)", "cron(0 8 L * ? *)", "cron(0 10 15W * ? 2030-2031)",
            "cron(0 12 ? JAN-MAR 2#1 *)", "rate(1 minute)", "rate(2 hours)", "rate(1 day)", "at(2030-01-31T09:00:00)")
REFUSED = {
    "cron(0 2 * * *)": "six fields",
    "cron(0 8 * * * *)": "exactly one of day-of-month and day-of-week",
    "cron(0 8 ? * ? *)": "exactly one of day-of-month and day-of-week",
    "cron(61 8 * * ? *)": "`61` is no valid minutes",
    "cron(0 12 ? * 8 *)": "no valid day-of-week",
    "cron(0 ? * * ? *)": "`?` is allowed only",
    "rate(2 hour)": "`rate(2 hours)`",
    "rate(1 hours)": "`rate(1 hour)`",
    "rate(0 minutes)": "not a positive whole number",
    "rate(5 weeks)": "none of minute(s)",
    "at(2030-02-31T09:00:00)": "no date and time",
    "at(2030-01-31 09:00)": "at(yyyy-mm-ddThh:mm:ss)",
    "every day": "`cron(...)`, `rate(...)` or `at(...)`",
}


@pytest.mark.parametrize("expression", ACCEPTED)
def test_scheduler_accepts(expression):
    assert expression_error(expression) == ""


@pytest.mark.parametrize(("expression", "reason"), REFUSED.items())
def test_scheduler_refuses(expression, reason):
    assert reason in expression_error(expression)


def test_event_patterns():
    assert list(pattern_errors({"source": ["a"], "detail": {"n": [{"numeric": [">", 0, "<=", 5]}]}})) == []
    assert list(pattern_errors({"$or": [{"a": ["x"]}, {"b": [{"exists": False}]}]})) == []
    wrong = {where: error for where, error in pattern_errors(
        {"source": "a", "detail": {"x": [], "y": [{"starts-with": "a"}], "z": [{"numeric": [">", "1"]}]}})}
    assert set(wrong) == {("source",), ("detail", "x"), ("detail", "y", 0, "starts-with"),
                          ("detail", "z", 0, "numeric")}
    assert list(pattern_errors([])) == [
        ((), "an event pattern (and each `$or` branch) is a non-empty mapping of fields")]
