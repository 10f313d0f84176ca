"""Hypothesis strategies of the messaging sections for `strategies.projects()`: 0-2 queues (standard or FIFO,
each FIFO queue with a FIFO dead-letter queue of longer retention), 0-1 topic subscribing standard queues and
functions with filter policies, queue and stream event sources on functions, asynchronous invocation configs
with destinations, and one notification per bucket. Every draw stays valid: visibility timeouts are at least 6x
the longest function timeout (AG120/AG121), a stream source only on a table with a stream (AG129)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


@st.composite
def messaging(draw: st.DrawFn, names: list[str], functions: dict[str, Any], tables: dict[str, Any],
              buckets: dict[str, Any]) -> dict[str, Any]:
    """The `queues:` and `topics:` sections; adds `events:`, `async_invocation:` and `notifications:` in place.

    `names`: unused spec names to give queues and topics (each needs two: a queue and its dead-letter queue).
    """
    zip_functions = sorted(f for f, spec in functions.items() if "image" not in spec)
    longest = max((spec.get("timeout", 3) for spec in functions.values()), default=3)
    queues: dict[str, Any] = {}
    for i in range(draw(st.integers(0, 2))):
        name, dlq = names[2 * i], names[2 * i + 1]
        fifo = draw(st.booleans())
        queues[dlq] = {"retention": 1209600, **({"fifo": True} if fifo else {})}
        queues[name] = {"visibility_timeout": draw(st.integers(6 * longest, 43200)),
                        "retention": draw(st.integers(60, 1209599)), "delay": draw(st.integers(0, 900)),
                        "dead_letter_queue": {"queue": dlq, "max_receive_count": draw(st.integers(1, 1000))},
                        **({"fifo": True, "content_based_deduplication": draw(st.booleans())} if fifo else {})}
    standard = sorted(q for q, spec in queues.items() if not spec.get("fifo") and "dead_letter_queue" in spec)
    sources = sorted(q for q in queues if "dead_letter_queue" in queues[q])
    topics: dict[str, Any] = {}
    if draw(st.booleans()):
        endpoints = [{"queue": q} for q in standard] + [{"function": f} for f in zip_functions]
        chosen = draw(st.lists(st.sampled_from(endpoints), unique_by=lambda e: tuple(e.items()), max_size=3)) \
            if endpoints else []
        subscriptions = []
        for endpoint in chosen:
            sub: dict[str, Any] = {"endpoint": endpoint}
            if draw(st.booleans()):
                sub["filter_policy"] = {"kind": draw(st.lists(st.sampled_from(("a", "b", 1, {"prefix": "x"})),
                                                              min_size=1, max_size=3, unique_by=str))}
            if "queue" in endpoint and draw(st.booleans()):
                sub["raw"] = True
            subscriptions.append(sub)
        topics[names[4]] = {"subscriptions": subscriptions} if subscriptions else {}
    streams = sorted(t for t, spec in tables.items() if spec.get("stream"))
    for name in zip_functions:
        fn = functions[name]
        events: list[dict[str, Any]] = []
        for queue in draw(st.lists(st.sampled_from(sources), unique=True, max_size=1)) if sources else []:
            events.append({"queue": queue, "batch_size": draw(st.integers(1, 10)),
                           "maximum_concurrency": draw(st.integers(2, 1000))})
        for table in draw(st.lists(st.sampled_from(streams), unique=True, max_size=1)) if streams else []:
            source: dict[str, Any] = {"table": table, "starting_position": draw(st.sampled_from(("latest",
                                                                                                 "trim_horizon")))}
            if standard and draw(st.booleans()):
                source["on_failure"] = {"queue": draw(st.sampled_from(standard))}
            events.append(source)
        if events:
            fn["events"] = events
        if draw(st.booleans()):
            invoke: dict[str, Any] = {"retries": draw(st.integers(0, 2)),
                                      "max_event_age": draw(st.integers(60, 21600))}
            targets = [{"queue": q} for q in standard] + [{"topic": t} for t in topics] + \
                [{"function": f} for f in zip_functions if f != name]
            if targets and draw(st.booleans()):
                invoke["on_failure"] = draw(st.sampled_from(targets))
            fn["async_invocation"] = invoke
    targets = [{"queue": q} for q in standard] + [{"topic": t} for t in topics] + \
        [{"function": f} for f in zip_functions]
    for bucket in buckets.values():
        if targets and draw(st.booleans()):
            bucket["notifications"] = [{"target": draw(st.sampled_from(targets)), "prefix": "in/",
                                        "events": ["s3:ObjectCreated:*"]}]
    return {"queues": queues, "topics": topics}
