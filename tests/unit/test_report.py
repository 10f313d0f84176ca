from __future__ import annotations

import copy
import io
import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from alpaco_gen.diagnostics import Finding, Severity
from alpaco_gen.report import format_findings, summary_line, use_color

SARIF_SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)


@dataclass
class Rule:
    id: str
    name: str
    severity: Severity
    summary: str
    explanation: str


RULES = [
    Rule("AG004", "wrong-type", Severity.ERROR, "A value has the wrong type.",
         "## What it does\nChecks types.\n\n## Why is this bad\nTerraform would fail."),
    Rule("AG101", "open-ingress", Severity.WARNING, "Ingress open to the world.", ""),
    Rule("AG999", "unused", Severity.NOTE, "Not in any result.", "Kept because it was passed."),
]

FINDINGS = [
    Finding("AG101", "open-ingress", Severity.WARNING, "port 22 is open to 0.0.0.0/0",
            help="Narrow the CIDR.", file="specs/b.yaml", line=3, column=5),
    Finding("AG004", "wrong-type", Severity.ERROR, "`memory`: expected an integer, got 'abc'",
            help="Write a whole number.", file="specs/a.yaml", line=12, column=13),
    Finding("AG005", "missing-field", Severity.ERROR, "`api` is missing the required field `source`",
            help="Add `source:`.", file="specs/a.yaml", line=2, column=3),
    Finding("AG301", "big-log", Severity.NOTE, "100%, really: yes", file="specs/a.yaml", line=2, column=3),
]


# --- text ----------------------------------------------------------------------------------------------


def test_text_is_sorted_with_help_and_summary():
    assert format_findings(FINDINGS, "text") == (
        "specs/a.yaml:2:3: error AG005 missing-field: `api` is missing the required field `source`\n"
        "  help: Add `source:`.\n"
        "specs/a.yaml:2:3: note AG301 big-log: 100%, really: yes\n"
        "specs/a.yaml:12:13: error AG004 wrong-type: `memory`: expected an integer, got 'abc'\n"
        "  help: Write a whole number.\n"
        "specs/b.yaml:3:5: warning AG101 open-ingress: port 22 is open to 0.0.0.0/0\n"
        "  help: Narrow the CIDR.\n"
        "2 errors, 1 warning, 1 note\n"
    )


def test_text_color_only_when_asked():
    assert "\033[" not in format_findings(FINDINGS, "text")
    colored = format_findings(FINDINGS, "text", color=True)
    assert "\033[1;31merror\033[0m" in colored and "\033[1;33mwarning\033[0m" in colored


def test_summary_counts():
    assert format_findings([], "text") == "0 errors, 0 warnings\n"
    assert summary_line(FINDINGS[1:2]) == "1 error, 0 warnings"


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_use_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(FakeTty()) is True
    assert use_color(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(FakeTty()) is False
    monkeypatch.setenv("NO_COLOR", "")  # no-color.org: only a non-empty value disables color
    assert use_color(FakeTty()) is True


# --- json ----------------------------------------------------------------------------------------------


def test_json_objects_in_stable_key_order():
    document = json.loads(format_findings(FINDINGS, "json"))
    assert list(document) == ["findings", "summary"]
    assert document["summary"] == {"errors": 2, "warnings": 1, "notes": 1}
    first = document["findings"][0]
    assert list(first) == ["file", "line", "column", "severity", "rule_id", "name", "message", "help"]
    assert first == {
        "file": "specs/a.yaml", "line": 2, "column": 3, "severity": "error", "rule_id": "AG005",
        "name": "missing-field", "message": "`api` is missing the required field `source`",
        "help": "Add `source:`.",
    }
    assert format_findings(FINDINGS, "json") == format_findings(list(reversed(FINDINGS)), "json")


# --- sarif ---------------------------------------------------------------------------------------------


def sarif(findings=FINDINGS, rules=RULES) -> dict:
    return json.loads(format_findings(findings, "sarif", rules=rules, tool_version="1.2.3"))


def test_sarif_is_valid_against_the_official_schema():
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=checker)
    validator.validate(sarif())
    validator.validate(sarif([], []))


BAD_REGION = {"region": {"startLine": 0}}


def test_a_broken_sarif_document_is_rejected():
    document = sarif()
    for breakage in (
        lambda d: d.pop("version"),
        lambda d: d["runs"][0]["results"][0].update(level="fatal"),
        lambda d: d["runs"][0]["results"][0].update(ruleIndex=-2),
        lambda d: d["runs"][0]["results"][0].update(locations=[{"physicalLocation": BAD_REGION}]),
        lambda d: d["runs"][0]["tool"]["driver"].pop("name"),
    ):
        broken = copy.deepcopy(document)
        breakage(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, SARIF_SCHEMA, cls=jsonschema.Draft4Validator)


def test_sarif_driver_and_rules():
    run = sarif()["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("alpaco-gen", "1.2.3")
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["AG004", "AG005", "AG101", "AG301", "AG999"]
    wrong_type = driver["rules"][0]
    assert wrong_type == {
        "id": "AG004",
        "name": "wrong-type",
        "shortDescription": {"text": "A value has the wrong type."},
        "fullDescription": {"text": RULES[0].explanation, "markdown": RULES[0].explanation},
        "help": {"text": RULES[0].explanation, "markdown": RULES[0].explanation},
        "defaultConfiguration": {"level": "error"},
    }
    # A rule missing from the catalog still gets a descriptor, from its finding.
    assert driver["rules"][1] == {
        "id": "AG005", "name": "missing-field", "defaultConfiguration": {"level": "error"},
    }
    assert driver["rules"][2]["defaultConfiguration"] == {"level": "warning"}


def test_sarif_results():
    run = sarif()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["ruleId"] for r in run["results"]] == ["AG005", "AG301", "AG004", "AG101"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = run["results"][0]
    assert first == {
        "ruleId": "AG005",
        "ruleIndex": 1,
        "level": "error",
        "message": {"text": "`api` is missing the required field `source`\nhelp: Add `source:`."},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "specs/a.yaml"},
            "region": {"startLine": 2, "startColumn": 3},
        }}],
    }
    assert run["results"][1]["level"] == "note"
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_uri_is_relative_with_forward_slashes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = ["specs\\win.yaml", str(tmp_path / "deep" / "my spec.yaml"), "/elsewhere/x.yaml"]
    findings = [Finding("AG004", "wrong-type", Severity.ERROR, "m", file=f, line=1, column=1) for f in files]
    results = sarif(findings)["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert uris == ["file:///elsewhere/x.yaml", "deep/my%20spec.yaml", "specs/win.yaml"]


# --- github --------------------------------------------------------------------------------------------


def test_github_workflow_commands_are_escaped():
    assert format_findings(FINDINGS, "github").splitlines() == [
        "::error file=specs/a.yaml,line=2,col=3,title=AG005 missing-field::"
        "`api` is missing the required field `source`%0Ahelp: Add `source:`.",
        "::notice file=specs/a.yaml,line=2,col=3,title=AG301 big-log::100%25, really: yes",
        "::error file=specs/a.yaml,line=12,col=13,title=AG004 wrong-type::"
        "`memory`: expected an integer, got 'abc'%0Ahelp: Write a whole number.",
        "::warning file=specs/b.yaml,line=3,col=5,title=AG101 open-ingress::"
        "port 22 is open to 0.0.0.0/0%0Ahelp: Narrow the CIDR.",
    ]


def test_github_escapes_properties():
    finding = Finding("AG001", "yaml-syntax", Severity.ERROR, "a\r\nb", file="we:ird,name%.yaml", line=1)
    assert format_findings([finding], "github") == (
        "::error file=we%3Aird%2Cname%25.yaml,line=1,col=1,title=AG001 yaml-syntax::a%0D%0Ab\n"
    )


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        format_findings(FINDINGS, "xml")
