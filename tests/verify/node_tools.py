"""Run a Node.js checker of tests/verify on many inputs in one process (each node start costs ~0.5 s)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent


def run_node_tool(script: str, inputs: dict[str, str], timeout: int = 180) -> dict[str, Any]:
    """Feed `inputs` ({name: text}) to tests/verify/<script> as JSON; return its JSON answer.

    A missing node or npm package fails (it is part of the checkers .ci/tools.sh installs), never skips.
    """
    node = shutil.which("node")
    assert node, "node is not on PATH: the verification suite needs Node.js >= 20 (see .ci/verify-setup.sh)"
    result = subprocess.run([node, str(HERE / script)], input=json.dumps(inputs), capture_output=True, text=True,
                            cwd=REPO, timeout=timeout)  # node resolves packages from REPO/node_modules
    assert result.returncode == 0, f"{script}: {result.stderr.strip()}"
    return json.loads(result.stdout)  # type: ignore[no-any-return]
