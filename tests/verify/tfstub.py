"""Run the real `terraform init`, `validate` and `plan` on a generated service folder, with stub providers.

The stub providers (tests/verify/stubprovider/, installed into .cache/tf-stub/) serve the vendored hashicorp/aws
6.25 schema (tests/verify/data/provider-schemas.json) and fake everything else, so every error here is
Terraform's own. `run_root` works on a copy: init writes `.terraform/` and a lock
file with the stubs' checksums, which must never reach the generated tree, and an override file switches the
copy's backend to `local`, so the generated backend stays as it is. It takes any service folder
(generated/<service>/ or a temporary render of a property-based spec).
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from stubprovider import stamp

REPO = Path(__file__).resolve().parents[2]
INSTALLER = stamp.INSTALLER
STUB_DIR = REPO / ".cache" / "tf-stub"

OVERRIDE_FILE = "zz_backend_override.tf"
OVERRIDE = 'terraform {\n  backend "local" {}\n}\n'
TIMEOUT = 120.0  # seconds per terraform command; plan of a 1,500-resource root takes ~7 s
# Never copied: what a real init leaves (its lock file makes init fail with the stubs) and local state.
NOT_COPIED = (".terraform", ".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup")
NO_DEFAULT_HINT = (
    "alpaco-gen contract: every generated variable has a default; the harness passes no -var or -var-file."
)


class ToolMissing(RuntimeError):
    """A tool the verification suite needs is not installed: a failure, never a skip."""


def terraform_bin() -> str:
    path = shutil.which("terraform")
    if path is None:
        raise ToolMissing("terraform is not on PATH: install Terraform >= 1.10 (CI uses 1.11)")
    return path


def terraform_env(cli_config: Path | None = None) -> dict[str, str]:
    """The host environment without any TF_* (no TF_VAR_, TF_CLI_ARGS, TF_LOG, ...), set up for automation."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env.update(TF_IN_AUTOMATION="1", TF_INPUT="0", CHECKPOINT_DISABLE="1")
    if cli_config is not None:
        env["TF_CLI_CONFIG_FILE"] = str(cli_config)
    return env


# ------------------------------------------------------------------------------------------- stub providers


def stub_is_current(stub_dir: Path = STUB_DIR) -> bool:
    """Whether stub_dir holds an install of the current stub providers and schemas, made for this very path."""
    return stamp.is_current(stub_dir)


@functools.cache
def cli_config(stub_dir: Path = STUB_DIR) -> Path:
    """Install the stub providers into stub_dir unless a current install is there; return its terraformrc.

    Cached per process (one install per test session); a file lock keeps parallel sessions from racing.
    """
    install = INSTALLER
    stub_dir.mkdir(parents=True, exist_ok=True)
    with open(stub_dir / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stub_is_current(stub_dir):
            command = ["bash", str(install), str(stub_dir)]
            proc = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
            if proc.returncode != 0 or not stub_is_current(stub_dir):
                raise ToolMissing(
                    f"installing the stub providers failed ({install} {stub_dir}, exit {proc.returncode}):\n"
                    f"{proc.stdout}{proc.stderr}"
                )
    return (stub_dir / "terraformrc").resolve()


# ------------------------------------------------------------------------------------------- running a root


@dataclass
class Step:
    name: str  # init, validate, plan
    command: list[str]
    returncode: int | None  # None: killed after the timeout
    output: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass
class Result:
    name: str  # the service folder's name
    steps: list[Step] = field(default_factory=list)
    to_add: int | None = None  # Terraform's "Plan: N to add"
    creates: list[str] = field(default_factory=list)  # addresses of the resource instances planned for create

    @property
    def ok(self) -> bool:
        return len(self.steps) == 3 and all(s.ok for s in self.steps)

    @property
    def failed(self) -> Step | None:
        return next((s for s in self.steps if not s.ok), None)

    def summary(self) -> str:
        """One line: `problem-service: validate ok, plan 83 to add`, or the failed step and its error."""
        failed = self.failed
        if failed is None:
            return f"{self.name}: validate ok, plan {self.to_add} to add"
        first = re.search(r"^Error: (.+)$", failed.output, re.M)
        reason = first.group(1) if first else f"exit {failed.returncode}"
        return f"{self.name}: {failed.name} failed ({reason})"

    def report(self) -> str:
        """Each step's command, exit code and time, then the failed step's whole output (for assertions)."""
        lines = [
            f"{s.name}: exit {s.returncode} in {s.seconds:.1f} s: {shlex.join(s.command)}" for s in self.steps
        ]
        failed = self.failed
        if failed is not None:
            lines += ["", f"--- {failed.name} output ---", failed.output]
            if "No value for required variable" in failed.output:
                lines.append(NO_DEFAULT_HINT)
        return "\n".join(lines)


def copy_service(service_dir: Path, dest: Path) -> Path:
    """Copy a service folder whole (templatefile reads ../statemachines/*.asl.json), no init or state."""
    shutil.copytree(service_dir, dest, ignore=shutil.ignore_patterns(*NOT_COPIED))
    return dest


def run_root(
    service_dir: Path | str,
    *,
    root: str = "terraform",
    workdir: Path | None = None,
    timeout: float = TIMEOUT,
) -> Result:
    """init, validate and plan a copy of service_dir/root with the stub providers; stop at the first failure.

    The copy goes to workdir (kept, for a look afterwards) or to a temporary directory removed afterwards.
    """
    service_dir = Path(service_dir)
    if not (service_dir / root).is_dir():
        raise FileNotFoundError(f"no Terraform root {service_dir / root}")
    config = cli_config()
    if workdir is not None:
        return _run(copy_service(service_dir, workdir / service_dir.name), root, config, timeout)
    with tempfile.TemporaryDirectory(prefix="tfplan-") as tmp:
        return _run(copy_service(service_dir, Path(tmp) / service_dir.name), root, config, timeout)


def _run(service_copy: Path, root: str, config: Path, timeout: float) -> Result:
    cwd = service_copy / root
    (cwd / OVERRIDE_FILE).write_text(OVERRIDE)
    env = terraform_env(config)
    tf = terraform_bin()
    result = Result(service_copy.name)
    commands = {
        "init": [tf, "init", "-input=false", "-backend=true", "-no-color"],
        "validate": [tf, "validate", "-no-color"],
        # -json: the exact planned actions and Terraform's own change summary, no `show` (~1 s) after it
        "plan": [tf, "plan", "-input=false", "-refresh=false", "-lock=false", "-no-color", "-json"],
    }
    for name, command in commands.items():
        step = _execute(name, command, cwd, env, timeout)
        result.steps.append(step)
        if name == "plan":
            step.output, result.to_add, result.creates = _read_plan_json(step.output)
        if not step.ok:
            break
    return result


def _execute(name: str, command: list[str], cwd: Path, env: Mapping[str, str], timeout: float) -> Step:
    start = time.monotonic()
    # A session of its own, so a timeout also ends the provider processes terraform started.
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=timeout)
        returncode: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        output += f"\n(killed: {name} took longer than {timeout:.0f} s)"
        returncode = None
    return Step(name, [Path(command[0]).name, *command[1:]], returncode, output, time.monotonic() - start)


def _read_plan_json(stream: str) -> tuple[str, int | None, list[str]]:
    """Terraform's machine-readable plan -> (diagnostics and summary as text, N to add, planned creates)."""
    text: list[str] = []
    to_add = None
    creates = []
    for line in stream.splitlines():
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            text.append(line)  # anything terraform wrote outside the JSON stream (e.g. a crash)
            continue
        kind = message.get("type")
        if kind == "diagnostic":
            text.append(render_diagnostic(message["diagnostic"]))
        elif kind == "change_summary":
            text.append(message["@message"])
            match = re.match(r"Plan: (\d+) to add", message["@message"])
            to_add = int(match.group(1)) if match else 0  # "No changes."
        elif kind == "planned_change" and message["change"]["action"] == "create":
            creates.append(message["change"]["resource"]["addr"])
    return "\n".join(text), to_add, creates


def render_diagnostic(diagnostic: Mapping[str, object]) -> str:
    """A diagnostic of `terraform ... -json` in the words and layout of Terraform's human output."""
    lines = [f"{str(diagnostic['severity']).capitalize()}: {diagnostic['summary']}"]
    where = diagnostic.get("range")
    snippet = diagnostic.get("snippet")
    if isinstance(where, Mapping):
        on = f"  on {where['filename']} line {where['start']['line']}"
        if isinstance(snippet, Mapping):
            context = f", in {snippet['context']}" if snippet.get("context") else ""
            lines += ["", f"{on}{context}:", f"  {snippet['start_line']}: {snippet['code']}"]
        else:
            lines += ["", f"{on}:"]
    if diagnostic.get("detail"):
        lines += ["", str(diagnostic["detail"])]
    return "\n".join(lines) + "\n"


def fmt_check(root: Path, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """`terraform fmt -check -diff -recursive` on root (read-only): exit 3 and a diff when unformatted."""
    return subprocess.run(
        [terraform_bin(), "fmt", "-check", "-diff", "-recursive", "-no-color", "."],
        cwd=root,
        env=terraform_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
