"""What the real hashicorp/aws knows that its schema does not say, where configurations rely on it.

- plan: `region` (6.x: every resource has one, defaulting to the provider's), `tags_all` (default_tags merged with
  tags, known when both are), `aws_acm_certificate.domain_validation_options` (one per domain name, known when
  the names are: the usual `for_each` of Route 53 validation records needs its keys at plan);
- data sources with realistic values: the caller, region, partition, availability zones, the JSON of an
  `aws_iam_policy_document`;
- the provider functions `arn_parse`, `arn_build` and `trim_iam_role_path`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from .placeholders import ACCOUNT_ID
from .values import UNKNOWN, Unknown, is_known


class Settings:
    """The provider configuration a plan depends on (set by ConfigureProvider)."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.default_tags: Any = {}

    def configure(self, config: dict[str, Any] | None) -> None:
        config = config or {}
        if isinstance(config.get("region"), str) and config["region"]:
            self.region = config["region"]
        default_tags = config.get("default_tags")
        if isinstance(default_tags, Unknown):
            self.default_tags = UNKNOWN
        elif default_tags:  # a list block of at most one
            first = default_tags[0]
            tags = first.get("tags") if isinstance(first, dict) else UNKNOWN
            self.default_tags = tags if isinstance(tags, Unknown) else dict(tags or {})


def plan_create(type_name: str, settings: Settings, proposed: dict[str, Any], planned: dict[str, Any]) -> None:
    """Fill in planned (a create) what the real provider knows at plan time."""
    if "region" in planned and proposed.get("region") is None:
        planned["region"] = settings.region
    if "tags_all" in planned and proposed.get("tags_all") is None:
        tags = proposed.get("tags") or {}
        if is_known(tags) and is_known(settings.default_tags):
            planned["tags_all"] = {**settings.default_tags, **tags}
    if type_name == "aws_acm_certificate":
        domain, alternatives = proposed.get("domain_name"), proposed.get("subject_alternative_names") or []
        if domain is not None and is_known(domain) and is_known(alternatives):
            names = [domain, *alternatives]
            planned["domain_validation_options"] = [
                {
                    "domain_name": name,
                    "resource_record_name": UNKNOWN,
                    "resource_record_type": UNKNOWN,
                    "resource_record_value": UNKNOWN,
                }
                for name in dict.fromkeys(names)
            ]


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _principals(blocks: list[dict[str, Any]] | None) -> dict[str, Any]:
    return {p.get("type") or "AWS": _one_or_many(p.get("identifiers") or []) for p in blocks or []}


def policy_document(config: dict[str, Any]) -> dict[str, Any]:
    """aws_iam_policy_document: the IAM policy JSON of its statements (as the provider writes it)."""
    statements = []
    for st in config.get("statement") or []:
        out: dict[str, Any] = {}
        if st.get("sid"):
            out["Sid"] = st["sid"]
        out["Effect"] = st.get("effect") or "Allow"
        for key, field in (("Action", "actions"), ("NotAction", "not_actions"), ("Resource", "resources"),
                           ("NotResource", "not_resources")):
            if st.get(field):
                out[key] = _one_or_many(sorted(st[field]))
        if st.get("principals"):
            out["Principal"] = _principals(st["principals"])
        if st.get("not_principals"):
            out["NotPrincipal"] = _principals(st["not_principals"])
        conditions: dict[str, dict[str, Any]] = {}
        for cond in st.get("condition") or []:
            conditions.setdefault(cond["test"], {})[cond["variable"]] = _one_or_many(cond.get("values") or [])
        if conditions:
            out["Condition"] = conditions
        statements.append(out)
    document: dict[str, Any] = {"Version": config.get("version") or "2012-10-17"}
    if config.get("policy_id"):
        document["Id"] = config["policy_id"]
    document["Statement"] = statements
    text = json.dumps(document, indent=2)
    return {"json": text, "minified_json": json.dumps(document, separators=(",", ":")),
            "id": str(int(hashlib.sha256(text.encode()).hexdigest()[:8], 16))}


def _region(settings: Settings, config: dict[str, Any]) -> dict[str, Any]:
    name = config.get("region") or config.get("name") or settings.region
    return {"name": name, "region": name, "id": name, "endpoint": f"ec2.{name}.amazonaws.com",
            "description": name}


def _zones(settings: Settings, config: dict[str, Any]) -> dict[str, Any]:
    region = settings.region
    prefix = "".join(part[0] for part in region.split("-")[:-1]) + region.rsplit("-", 1)[-1]
    return {"id": region, "names": [f"{region}{z}" for z in "abc"],
            "zone_ids": [f"{prefix}-az{n}" for n in (1, 2, 3)], "group_names": [region]}


DATA: dict[str, Callable[[Settings, dict[str, Any]], dict[str, Any]]] = {
    "aws_caller_identity": lambda s, c: {"id": ACCOUNT_ID, "account_id": ACCOUNT_ID,
                                         "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/stub", "user_id": "AIDASTUB"},
    "aws_partition": lambda s, c: {"id": "aws", "partition": "aws", "dns_suffix": "amazonaws.com",
                                   "reverse_dns_prefix": "com.amazonaws"},
    "aws_region": _region,
    "aws_availability_zones": _zones,
    "aws_availability_zone": lambda s, c: {"name": f"{s.region}a", "region": s.region, "zone_id": "stub-az1"},
    "aws_iam_policy_document": lambda s, c: policy_document(c),
}


def _arn_parse(arn: str) -> dict[str, str]:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise ValueError(f"invalid ARN: {arn!r}")
    return dict(zip(("partition", "service", "region", "account_id", "resource"), parts[1:], strict=True))


def _trim_iam_role_path(arn: str) -> str:
    head, sep, rest = arn.partition(":role/")
    return f"{head}{sep}{rest.rsplit('/', 1)[-1]}" if sep else arn


_ARN_OBJECT = ["object", dict.fromkeys(("partition", "service", "region", "account_id", "resource"), "string")]
# name -> (parameter names, all strings; return type; implementation)
FUNCTIONS: dict[str, tuple[tuple[str, ...], Any, Callable[..., Any]]] = {
    "arn_parse": (("arn",), _ARN_OBJECT, _arn_parse),
    "arn_build": (("partition", "service", "region", "account_id", "resource"), "string",
                  lambda *parts: "arn:" + ":".join(parts)),
    "trim_iam_role_path": (("arn",), "string", _trim_iam_role_path),
}
