"""The `alpaco-gen` command ends its process with os._exit (no interpreter teardown): nothing may be lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from alpaco_gen import cli


def test_piped_output_arrives_whole(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "alpaco_gen", "rules"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == CliRunner().invoke(cli.cli, ["rules"]).output
    assert len(done.stdout) > 10_000  # more than one pipe buffer's worth had to be flushed


def test_the_exit_code_and_the_message_survive(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "alpaco_gen", "validate", "missing.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr.strip()) == (2, "error: missing.yaml: no such file")


@pytest.mark.parametrize(("raised", "code", "stderr"), [(SystemExit(0), 0, ""), (SystemExit(None), 0, ""),
                                                        (SystemExit(3), 3, ""), (SystemExit("boom"), 1, "boom\n")])
def test_run_exits_as_sys_exit_would(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                     raised: SystemExit, code: int, stderr: str) -> None:
    def main() -> None:
        raise raised

    exits: list[int] = []
    monkeypatch.setattr(cli, "main", main)
    monkeypatch.setattr(cli.os, "_exit", exits.append)
    cli.run()
    assert (exits, capsys.readouterr().err) == ([code], stderr)
