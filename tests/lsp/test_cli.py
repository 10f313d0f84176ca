"""The `lsp` command costs nothing to the other commands, and says what is missing without pygls."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import REPO

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


def _imported(*args: str) -> set[str]:
    """Top-level packages in the `-X importtime` lines of a run (`import time: self | cumulative | name`)."""
    result = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=REPO, env=ENV, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in result.stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2}


def test_validate_imports_no_language_server_library():
    names = _imported("-m", "alpaco_gen", "validate", "specs/link_shortener.yaml")
    assert "alpaco_gen" in names, "the parse found the tool's own modules"
    assert not names & {"pygls", "lsprotocol", "cattrs"}


def test_the_importtime_parse_sees_pygls_when_the_server_module_is_imported():
    assert {"pygls", "lsprotocol"} <= _imported("-c", "import alpaco_gen.lsp.server")


def test_lsp_without_pygls_exits_2_with_the_extra_to_install():
    blocked = ("import sys; sys.modules['pygls'] = None; sys.argv = ['alpaco-gen', 'lsp']\n"
               "from alpaco_gen.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", blocked], cwd=REPO, env=ENV, capture_output=True, text=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "pip install 'alpaco-gen[lsp]'" in result.stderr
    assert "Traceback" not in result.stderr
