"""Input bounds (issue 12, items 3-6): alias bombs, deep nesting, unbounded reads, numbers, NaN/Infinity."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from alpaco_gen.diagnostics import UnusableInput
from alpaco_gen.pipeline import check_spec
from alpaco_gen.spec import limits
from alpaco_gen.spec.loader import load_yaml
from tests.helpers import REFERENCE

HEAD = "version: 1\nproject: acme\nservice: orders\nenvironment: dev\nregion: us-east-1\n"


def parallel_bomb(levels: int, fanout: int = 10) -> str:
    """The red team's shape: parallel states whose branches alias the level below."""
    body = "          - &l0 {start: a, states: {a: {type: pass, end: true}}}\n"
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * fanout)
        state = f"{{p: {{type: parallel, end: true, branches: [{refs}]}}}}"
        body += f"          - &l{level} {{start: p, states: {state}}}\n"
    return (HEAD + "state_machines:\n  flow:\n    start: p\n    states:\n      p:\n        type: parallel\n"
            "        end: true\n        branches:\n" + body)


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "service.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def rules(checked) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.rule_id for f in checked.findings]


@pytest.mark.parametrize("levels", [4, 6, 9])
def test_alias_bombs_are_refused_fast_at_the_anchor(tmp_path: Path, levels: int) -> None:
    start = time.perf_counter()
    checked = check_spec(write(tmp_path, parallel_bomb(levels)))
    assert time.perf_counter() - start < 1.0
    [finding] = checked.findings
    assert finding.rule_id == "AG009" and "aliases expand the spec" in finding.message
    assert (finding.line, finding.column) == (13 + levels, 13)  # the anchor of the level below the top


def test_small_alias_use_is_fine(tmp_path: Path) -> None:
    checked = check_spec(write(tmp_path, parallel_bomb(1, fanout=3)))
    assert "AG009" not in rules(checked) and not checked.has_errors


def test_a_chain_of_single_aliases_is_refused_for_its_depth(tmp_path: Path) -> None:
    lines = ["x0: &x0 [a]"] + [f"x{i}: &x{i} [*x{i - 1}]" for i in range(1, 150)]
    loaded = load_yaml(write(tmp_path, HEAD + "\n".join(lines) + "\n"), "s.yaml")
    assert [f.rule_id for f in loaded.findings] == ["AG009"] and "deeper than 100" in loaded.findings[0].message


@pytest.mark.parametrize("depth", [101, 30_000, 200_000])
def test_deep_nesting_is_a_finding_not_a_crash(tmp_path: Path, depth: int) -> None:
    # 30,000 levels overflow libyaml's recursive composer: a segmentation fault, before the depth check
    loaded = load_yaml(write(tmp_path, HEAD + "x: " + "[" * depth + "]" * depth + "\n"), "s.yaml")
    [finding] = loaded.findings
    assert finding.rule_id == "AG009" and (finding.line, finding.column) == (6, 3 + limits.MAX_DEPTH)


def test_nesting_up_to_the_limit_is_allowed(tmp_path: Path) -> None:
    depth = limits.MAX_DEPTH - 1  # the top-level mapping is one level
    loaded = load_yaml(write(tmp_path, "x: " + "[" * depth + "]" * depth + "\n"), "s.yaml")
    assert not loaded.findings


def test_a_spec_over_the_size_limit_is_a_finding_without_reading_it_all(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "description: " + "x" * limits.MAX_SPEC_BYTES + "\n")
    loaded = load_yaml(path, "s.yaml")
    assert [(f.rule_id, f.line) for f in loaded.findings] == [("AG009", 1)]
    assert "larger than 4 MiB" in loaded.findings[0].message


def test_devices_are_refused_before_reading(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="not a regular file"):
        load_yaml(Path("/dev/zero"), "/dev/zero")


def test_a_fifo_without_a_writer_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_yaml(fifo, "spec.yaml")
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome.append(exc)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(5)
    assert not thread.is_alive(), "loading a FIFO blocked"
    assert isinstance(outcome[0], UnusableInput) and "not a regular file" in str(outcome[0])


def test_stdin_is_read_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from alpaco_gen.batch import check_all

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REFERENCE.read_bytes())))
    [result] = check_all(["-"])
    assert result.spec_file == "<stdin>" and result.checks[0].service is not None
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * (limits.MAX_SPEC_BYTES + 10))))
    [result] = check_all(["-"])
    assert "larger than 4 MiB" in result.unusable and result.exit_code == 2


@pytest.mark.parametrize("literal, rule", [
    ("9" * 5000, "AG009"), ("0x" + "f" * 5000, "AG009"), ("1" * 41, "AG009"), ("!!int xyz", "AG001"),
    ("!!float xyz", "AG001"), ("!!bool maybe", "AG001"), ("!!int ''", "AG001"), ("!!timestamp xyz", "AG001"),
    ("!!float ''", "AG001"),
])
def test_numbers_and_tagged_values_are_bounded_and_located(tmp_path: Path, literal: str, rule: str) -> None:
    text = REFERENCE.read_text().replace("memory: 512\n", f"memory: {literal}\n", 1)
    checked = check_spec(write(tmp_path, text))
    line = next(number for number, text_line in enumerate(text.splitlines(), 1)
                if text_line.strip().startswith("memory: ") and literal in text_line)
    assert [(f.rule_id, f.line, f.column) for f in checked.findings] == [(rule, line, 13)]


@pytest.mark.parametrize("where", ["environment: {LOG_LEVEL: INFO}", "tags: {Team: platform}"])
def test_a_huge_integer_in_text_fields_and_unknown_keys_is_no_internal_error(tmp_path: Path, where: str) -> None:
    text = REFERENCE.read_text().replace(where, where.replace("INFO", "9" * 5000).replace("platform", "9" * 5000))
    text = text.replace("version: 1\n", f"version: 1\nunknown: {'7' * 5000}\n")
    checked = check_spec(write(tmp_path, text))
    assert {f.rule_id for f in checked.findings} == {"AG009"}


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
@pytest.mark.parametrize("field", ["throttle_rate", "backoff_rate", "numeric_equals"])
def test_nan_and_infinity_are_refused_by_the_models(tmp_path: Path, value: str, field: str) -> None:
    spec = {
        "throttle_rate": "apis:\n  a:\n    protocol: http\n    throttle_rate: {v}\n    routes: {{}}\n",
        "backoff_rate": ("state_machines:\n  m:\n    start: a\n    states:\n      a:\n        type: pass\n"
                         "        end: true\n        retry: [{{errors: [States.ALL], backoff_rate: {v}}}]\n"),
        "numeric_equals": ("state_machines:\n  m:\n    start: a\n    states:\n      a:\n        type: choice\n"
                           "        default: b\n        choices: [{{variable: $.x, numeric_equals: {v}, next: b}}]\n"
                           "      b: {{type: succeed}}\n"),
    }[field].format(v=value)
    checked = check_spec(write(tmp_path, HEAD + spec))
    wrong = [f for f in checked.findings if f.rule_id == "AG004"]
    assert wrong and "expected a number" in wrong[0].message and checked.has_errors
