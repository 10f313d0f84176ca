"""AG141 asks `is_zone` instead of listing the tz database on every check: both must agree."""

from __future__ import annotations

import pytest

from alpaco_gen.rules.events.time_zone import is_zone, known_zones


def test_every_listed_zone_is_a_zone() -> None:
    zones = known_zones()
    assert len(zones) > 300
    assert [z for z in sorted(zones) if not is_zone(z)] == []


@pytest.mark.parametrize("name", ["posixrules", "posix/UTC", "right/UTC", "utc", "Europe/Berln", "Europe", "",
                                  "CET ", "+02:00", "../UTC", "/etc/localtime", "zone.tab", "Europe/Berlin/"])
def test_names_the_listing_leaves_out_are_no_zones(name: str) -> None:
    assert name not in known_zones()
    assert not is_zone(name)
