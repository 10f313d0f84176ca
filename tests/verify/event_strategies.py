"""Property-based sections of the events kinds: buses, schedules and event rules, with targets drawn from
what the spec declares (tests/verify/strategies.py calls `event_sections`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

EXPRESSIONS = ("cron(0 2 * * ? *)", "cron(0/15 8-18 ? * MON-FRI *)", "cron(30 6 L * ? *)", "cron(0 12 ? JAN,JUL 2#1 *)",
               "rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)",
               "at(2030-01-31T09:00:00)")
TIME_ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Seoul", "Australia/Lord_Howe")
PATTERNS = (
    {"source": ["aws.states"], "detail-type": ["Step Functions Execution Status Change"],
     "detail": {"status": ["FAILED", "TIMED_OUT"]}},
    {"source": [{"prefix": "acme."}], "detail": {"amount": [{"numeric": [">", 0, "<=", 100]}]}},
    {"$or": [{"source": ["aws.s3"]}, {"detail-type": [{"anything-but": ["Heartbeat"]}]}]},
    {"detail": {"user": [{"exists": True}], "name": [{"equals-ignore-case": "alice"}]}},
)


def _input(draw: st.DrawFn, text: st.SearchStrategy[str]) -> Any:
    return draw(st.one_of(st.none(), st.dictionaries(st.sampled_from(("id", "mode", "${x}", "a\"b")), text,
                                                     max_size=3), text.filter(bool)))


def _retry(draw: st.DrawFn) -> dict[str, int] | None:
    retry: dict[str, int] = {}
    if draw(st.booleans()):
        retry["maximum_attempts"] = draw(st.sampled_from((0, 3, 185)))
    if draw(st.booleans()):
        retry["maximum_event_age"] = draw(st.sampled_from((60, 3600, 86400)))
    return retry or None


@st.composite
def event_sections(draw: st.DrawFn, names: Sequence[str], targets: list[dict[str, str]],
                   text: st.SearchStrategy[str]) -> dict[str, Any]:
    """`buses`, `schedules` and `event_rules` named from `names` (bus names first), delivering to `targets`
    (`{function: x}`, ...) or to the drawn buses."""
    count = len(names)
    buses = {n: ({"description": draw(text)} if draw(st.booleans()) else {}) for n in names[:count // 3]}
    choices = targets + [{"bus": b} for b in buses]
    out: dict[str, Any] = {"buses": buses, "schedules": {}, "event_rules": {}}
    if not choices:
        return out
    for i, name in enumerate(names[count // 3:]):
        entry: dict[str, Any] = {"target": draw(st.sampled_from(choices))}
        if draw(st.booleans()):
            entry["description"] = draw(text)
        if draw(st.booleans()):
            entry["enabled"] = draw(st.booleans())
        if (retry := _retry(draw)) is not None:
            entry["retry"] = retry
        if (value := _input(draw, text)) is not None:
            entry["input"] = value
        if i % 2 == 0:
            entry["expression"] = draw(st.sampled_from(EXPRESSIONS))
            if draw(st.booleans()):
                entry["timezone"] = draw(st.sampled_from(TIME_ZONES))
            if draw(st.booleans()):
                entry["flexible_window"] = draw(st.sampled_from((1, 15, 1440)))
            out["schedules"][name] = entry
        else:
            pattern = draw(st.sampled_from(PATTERNS))
            entry["pattern"] = {**pattern, "detail-type": [draw(text.filter(bool))]} if draw(st.booleans()) \
                else pattern
            if buses and "bus" not in entry["target"] and draw(st.booleans()):
                entry["bus"] = draw(st.sampled_from(sorted(buses)))
            out["event_rules"][name] = entry
    return out
