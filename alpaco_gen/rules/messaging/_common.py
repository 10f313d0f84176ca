"""What the messaging rules share: the resolved event source mappings and where each value sits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from alpaco_gen.data import aws
from alpaco_gen.resolve.model import Service


def mappings(service: Service) -> Iterator[tuple[Any, Any]]:
    """(function, mapping) of every event source mapping whose source exists."""
    for events in service.objects["event_source"]:
        for mapping in events.mappings:
            yield events.function, mapping


def limits(section: str, field: str) -> tuple[int, int]:
    low, high = aws()[section][field]
    return int(low), int(high)
