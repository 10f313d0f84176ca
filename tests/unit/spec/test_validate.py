from __future__ import annotations

import re
from pathlib import Path

import pytest

from alpaco_gen.spec.loader import load_yaml, locate
from alpaco_gen.spec.models import Spec
from alpaco_gen.spec.validate import parse_spec

HEADER = """\
version: 1
project: alpaco
service: problems
environment: dev
region: ap-northeast-2
"""


def check(tmp_path: Path, body: str, header: str = HEADER) -> list[tuple[str, int, int, str]]:
    """Findings of header + body as (rule id, line, column, message), in report order."""
    path = tmp_path / "service.yaml"
    path.write_text(header + body, encoding="utf-8")
    loaded = load_yaml(path, "service.yaml")
    assert loaded.findings == []
    spec, findings = parse_spec(loaded)
    assert (spec is None) == bool(findings)
    located = sorted(locate(findings, loaded), key=lambda f: f.sort_key)
    for finding in located:
        assert finding.help, finding
        assert finding.file == "service.yaml"
    return [(f.rule_id, f.line, f.column, f.message) for f in located]


def test_a_valid_spec_gives_the_model(tmp_path):
    path = tmp_path / "service.yaml"
    path.write_text(HEADER + "network: {cidr: 10.0.0.0/16, nat: single}\n", encoding="utf-8")
    spec, findings = parse_spec(load_yaml(path, "service.yaml"))
    assert findings == []
    assert isinstance(spec, Spec) and spec.network is not None and spec.network.nat == "single"


def test_broken_yaml_gives_nothing_more(tmp_path):
    path = tmp_path / "service.yaml"
    path.write_text("a: [1\n", encoding="utf-8")
    loaded = load_yaml(path, "service.yaml")
    assert loaded.data is None and loaded.findings
    assert parse_spec(loaded) == (None, [])


# --- AG003 unknown-key ---------------------------------------------------------------------------------


def test_unknown_key_points_at_the_key_with_a_guess(tmp_path):
    body = "functions:\n  api:\n    source: backend/lambdas/api\n    memroy: 512\n"
    assert check(tmp_path, body) == [
        ("AG003", 9, 5, "unknown key `memroy` in `api`; did you mean `memory`?"),
    ]


def test_unknown_key_at_the_top_and_deep_inside(tmp_path):
    header = HEADER.replace("region:", "regoin:")
    body = (
        "state_machines:\n"
        "  flow:\n"
        "    start: a\n"
        "    states:\n"
        "      a: {type: map, iterator: {start: b, states: {b: {resultt: {}}}}}\n"
    )
    assert check(tmp_path, body, header) == [
        ("AG005", 1, 1, "the spec is missing the required field `region`"),
        ("AG003", 5, 1, "unknown key `regoin` in the spec; did you mean `region`?"),
        ("AG003", 10, 56, "unknown key `resultt` in `b`; did you mean `result`?"),
    ]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path):
    path = tmp_path / "service.yaml"
    path.write_text(HEADER + "network: {cidr: x, zzzzzz: 1}\n", encoding="utf-8")
    loaded = load_yaml(path, "service.yaml")
    [finding] = parse_spec(loaded)[1]
    assert finding.message == "unknown key `zzzzzz` in `network`"
    assert finding.key and finding.path == ("network", "zzzzzz")
    assert "Allowed keys here: cidr, endpoints, flow_logs_retention_days, nat," in finding.help


# --- AG004 wrong-type ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("functions:\n  f: {source: s, memory: abc}\n", (7, 26, "`memory`: expected an integer, got 'abc'")),
        ("functions:\n  f: {source: s, memory: 1.5}\n", (7, 26, "`memory`: expected an integer, got 1.5")),
        (
            "functions:\n  f:\n    source: s\n    memory:\n",
            (9, 12, "`memory`: expected an integer, got an empty value"),
        ),
        ("description: 2024-01-02\n", (6, 14, "`description`: expected a string, got the date 2024-01-02")),
        ("network: [a, b]\n", (6, 10, "`network`: expected a mapping, got a list")),
        ("functions:\n  f: 5\n", (7, 6, "`f`: expected a mapping, got 5")),
        (
            "buckets:\n  b: {versioning: maybe}\n",
            (7, 19, "`versioning`: expected true or false, got 'maybe'"),
        ),
        ("network: {cidr: x, endpoints: s3}\n", (6, 31, "`endpoints`: expected a list, got 's3'")),
        ("tags: {1: a}\n", (6, 8, "key 1 in `tags`: expected a string")),
    ],
)
def test_wrong_type(tmp_path, body, expected):
    assert check(tmp_path, body) == [("AG004", *expected)]


# --- AG005 missing-field -------------------------------------------------------------------------------


def test_missing_fields_point_at_the_mapping_they_are_missing_from(tmp_path):
    header = "version: 1\nproject: alpaco\nservice: problems\nenvironment: dev\n"
    body = "functions:\n  api:\n    memory: 512\n    uses:\n      - {table: t}\n"
    assert check(tmp_path, body, header) == [
        ("AG005", 1, 1, "the spec is missing the required field `region`"),
        ("AG005", 6, 3, "`api` is missing the required field `source`"),
        ("AG005", 9, 9, "`uses[0]` is missing the required field `access`"),
    ]


def test_missing_field_help_uses_the_field_description(tmp_path):
    path = tmp_path / "service.yaml"
    path.write_text(HEADER + "network: {nat: none}\n", encoding="utf-8")
    [finding] = parse_spec(load_yaml(path, "service.yaml"))[1]
    assert (finding.rule_id, finding.name) == ("AG005", "missing-field")
    assert finding.help == "Add `cidr:` to this mapping. VPC IPv4 CIDR block."


# --- AG006 invalid-value -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("network: {cidr: x, nat: double}\n", (6, 25, "`nat` must be one of none, single, per_az; got 'dou")),
        ("network: {cidr: x, endpoints: [s3, s4]}\n", (6, 36, "`endpoints[1]` must be one of s3, dynamodb,")),
        ("repositories:\n  r: {keep_last: 0}\n", (7, 18, "`keep_last` must be at least 1; got 0")),
        ("functions:\n  MyFunc: {source: s}\n", (7, 3, "key 'MyFunc' in `functions` must be a lowercase")),
        (
            "functions:\n  f:\n    source: s\n    uses:\n      - {table: t, bucket: b, access: read}\n",
            (10, 9, "`uses[0]`: set exactly one of table, bucket, function, "),
        ),
        ("terraform:\n  backend: {}\n", (7, 3, "`backend`: set exactly one of `local` or `s3`")),
    ],
)
def test_invalid_value(tmp_path, body, expected):
    [(rule, line, column, message)] = check(tmp_path, body)
    assert (rule, line, column) == ("AG006", *expected[:2])
    assert message.startswith(expected[2])


def test_invalid_top_level_values(tmp_path):
    header = "version: 2\nproject: Alpaco Web\nservice: problems\nenvironment: dev-1\nregion: x\n"
    findings = check(tmp_path, "", header)
    assert findings == [
        ("AG006", 1, 10, "`version` must be 1; got 2"),
        ("AG006", 2, 10, "`project` must be a lowercase letter followed by lowercase letters, digits, "
                         "`_` or `-`; got 'Alpaco Web'"),
        ("AG006", 4, 14, "`environment` must be a lowercase letter followed by lowercase letters or "
                         "digits; got 'dev-1'"),
    ]


def test_name_pattern_help_suggests_a_name(tmp_path):
    path = tmp_path / "service.yaml"
    path.write_text(HEADER.replace("alpaco", "Alpaco Web"), encoding="utf-8")
    [finding] = parse_spec(load_yaml(path, "service.yaml"))[1]
    assert finding.help == "Rename it, e.g. `alpaco-web`."


# --- unions --------------------------------------------------------------------------------------------


SG = "network:\n  cidr: x\n  security_groups:\n    web:\n      ingress:\n        - cidr: 0.0.0.0/0\n"


def test_union_valid_mixed_ports(tmp_path):
    assert check(tmp_path, SG + '          ports: [443, "8000-8100"]\n') == []


def test_union_string_that_is_not_the_literal(tmp_path):
    assert check(tmp_path, SG + '          ports: "some"\n') == [
        ("AG006", 12, 18, "`ports` must be all or a list; got 'some'"),
    ]


def test_union_reports_only_the_branch_that_matched(tmp_path):
    # The list branch matched, so the `all` literal branch is not worth a message.
    assert check(tmp_path, SG + "          ports: [443, [1], 2.5]\n") == [
        ("AG004", 12, 24, "`ports[1]`: expected an integer or a string, got a list"),
        ("AG004", 12, 29, "`ports[2]`: expected an integer or a string, got 2.5"),
    ]


def test_union_with_no_matching_branch(tmp_path):
    assert check(tmp_path, SG + "          ports: 5\n") == [
        ("AG004", 12, 18, "`ports`: expected all or a list, got 5"),
    ]


def test_union_literals_and_list(tmp_path):
    body = "tables:\n  t:\n    hash_key: k\n    attributes: {k: S}\n    indexes:\n"
    body += "      i: {hash_key: k, projection: %s}\n"
    assert check(tmp_path, body % "other") == [
        ("AG006", 11, 36, "`projection` must be one of all, keys_only or a list; got 'other'"),
    ]
    assert check(tmp_path, body % "[1]") == [("AG004", 11, 37, "`projection[0]`: expected a string, got 1")]


# --- everything at once --------------------------------------------------------------------------------


PYTHON_WORDS = re.compile(r"_type\b|Input should|pydantic|https?://|\b(dict|int|str)\b|Function")


def test_every_error_is_reported_without_python_words(tmp_path):
    body = """\
tags: {1: a}
network:
  cidr: x
  nat: double
  subnets: {Bad: {cidr: x, az: a}}
  flow_logs_retention_days: abc
  security_groups:
    web: {ingress: [{ports: [1, [2]]}, {cidr: x, ports: some}]}
repositories: {r: {keep_last: 0}}
functions:
  api: {source: x, memroy: 5, uses: [{table: t, bucket: b, access: read}, {access: nope}]}
  b: 5
terraform: {backend: {}}
"""
    path = tmp_path / "service.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    findings = parse_spec(load_yaml(path, "service.yaml"))[1]
    assert len(findings) == 12
    assert len({f.path for f in findings}) == 12
    for finding in findings:
        text = finding.message + finding.help
        assert not PYTHON_WORDS.search(text), text


@pytest.mark.parametrize("body", [
    "topics: {t: {}}\nevent_rules: {r: {pattern: {time: [2024-01-01]}, target: {topic: t}}}\n",
    "topics: {t: {subscriptions: [{endpoint: {topic: t}, filter_policy: {at: [2024-01-01]}}]}}\n",
])
def test_json_documents_take_json_values_only(tmp_path, body):
    # YAML reads 2024-01-01 as a date, which no JSON document (pattern, filter policy, input) can hold.
    found = check(tmp_path, body)
    assert found and all(rule == "AG006" for rule, *_ in found), found
