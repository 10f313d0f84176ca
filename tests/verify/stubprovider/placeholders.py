"""Made-up values of the right type for attributes nobody configured (data sources, apply).

Strings follow the attribute's name where a configuration is likely to pass the value through a function that
would fail on `stub-...` (cidrsubnet, jsondecode, base64decode, arn_parse, split on ":" or "@").
"""

from __future__ import annotations

import hashlib
from typing import Any

from .ctytypes import Cty

ACCOUNT_ID = "123456789012"
_MAX_DEPTH = 5


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def string_for(name: str, region: str) -> str:
    """A plausible string for an attribute called `name`."""
    rules: tuple[tuple[bool, str], ...] = (
        (name in ("account_id", "owner_id", "registry_id"), ACCOUNT_ID),
        (name == "region", region),
        (name in ("availability_zone", "az"), f"{region}a"),
        (name == "arn" or name.endswith("_arn"), f"arn:aws:stub:{region}:{ACCOUNT_ID}:{name}/stub"),
        (name in ("json", "policy", "minified_json", "secret_string") or name.endswith("_json"), "{}"),
        (name.endswith("digest"), f"sha256:{_digest(name)}"),
        (name == "image_uri", f"{ACCOUNT_ID}.dkr.ecr.{region}.amazonaws.com/stub@sha256:{_digest(name)}"),
        ("ipv6_cidr" in name, "2001:db8::/56"),
        ("cidr" in name, "10.0.0.0/16"),
        (name.endswith(("_ip", "ip_address")), "10.0.0.10"),
        (name.endswith(("url", "endpoint", "uri")), f"https://stub-{name.replace('_', '-')}.example.com"),
        (name.endswith(("dns_name", "domain_name")) or name == "fqdn", f"stub-{name.replace('_', '-')}.example.com"),
        ("base64" in name or name == "data", "c3R1Yg=="),  # "stub"
        (name.startswith("output_sha") or name.startswith("output_md5"), _digest(name)[:40]),
    )
    return next((value for matches, value in rules if matches), f"stub-{name}")


def placeholder(cty: Cty, name: str, region: str, depth: int = 0) -> Any:
    """A known value of type cty for the attribute `name` (an empty collection where nesting runs deep)."""
    if cty == "string":
        return string_for(name, region)
    if cty == "number":
        return 0
    if cty == "bool":
        return False
    if cty == "dynamic":
        return None
    kind, inner = cty
    if kind in ("list", "set"):
        return [] if depth >= _MAX_DEPTH else [placeholder(inner, name, region, depth + 1)]
    if kind == "map":
        return {}
    return {key: placeholder(t, key, region, depth + 1) for key, t in inner.items()}
