"""Recorded fake executables: each call appends {"cmd", "argv", "cwd"} as one JSON line to $FAKE_LOG.

Knobs (environment): FAKE_FAIL (a call whose "cmd argv..." contains it exits 1), FAKE_GIT_STATUS (output of
`git status`), FAKE_MEDIA_TYPE (what `aws ecr describe-images` reports), FAKE_ECR (a JSON file
{"repository:tag": digest} that `aws ecr batch-get-image` reads and `aws ecr put-image` and `docker buildx
build --push` write; no file: an empty registry).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

TOOLS = ("aws", "docker", "git", "terraform", "alpaco-gen")

FAKE = '''#!{python} -S
import json, os, sys
name, argv = os.path.basename(sys.argv[0]), sys.argv[1:]
entry = {{"cmd": name, "argv": argv, "cwd": os.getcwd()}}
if name == "docker" and argv[:1] == ["login"]:
    entry["stdin"] = sys.stdin.read()
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(json.dumps(entry) + "\\n")
fail = os.environ.get("FAKE_FAIL")
if fail and fail in " ".join([name, *argv]):
    sys.exit("fake " + name + ": failing on purpose")
if name == "aws" and argv[:2] == ["sts", "get-caller-identity"]:
    print("123456789012")
elif name == "aws" and argv[:2] == ["ecr", "get-login-password"]:
    print("fake-ecr-password")
elif name == "aws" and argv[:2] == ["ecr", "describe-images"]:
    print(os.environ.get("FAKE_MEDIA_TYPE", "application/vnd.docker.distribution.manifest.v2+json"))
elif name == "git" and argv[:1] == ["rev-parse"]:
    print("0123456789ab")
elif name == "git" and argv[:1] == ["status"]:
    sys.stdout.write(os.environ.get("FAKE_GIT_STATUS", ""))
elif name == "docker" and argv[:1] == ["login"]:
    print("Login Succeeded")
elif argv[:2] in (["ecr", "batch-get-image"], ["ecr", "put-image"], ["buildx", "build"]):
    opt = lambda flag: argv[argv.index(flag) + 1] if flag in argv else None
    path = os.environ.get("FAKE_ECR")
    images = json.load(open(path)) if path and os.path.exists(path) else {{}}
    if name == "docker":
        digest = "sha256:built-" + str(len(images))
        for tag in [argv[i + 1] for i, a in enumerate(argv) if a == "-t"]:
            images[tag.split("/", 1)[1]] = digest
    elif argv[1] == "put-image":
        images[opt("--repository-name") + ":" + opt("--image-tag")] = json.loads(opt("--image-manifest"))["digest"]
    else:
        digest = images.get(opt("--repository-name") + ":" + opt("--image-ids").split("=", 1)[1])
        query = opt("--query") or ""
        if digest is None:
            print("None")
        elif "imageManifestMediaType" in query:
            print("application/vnd.docker.distribution.manifest.v2+json")
        elif "imageManifest" in query:
            print(json.dumps({{"digest": digest}}))
        else:
            print(digest)
    if path:
        json.dump(images, open(path, "w"))
'''


def install(bin_dir: Path) -> None:
    bin_dir.mkdir(parents=True, exist_ok=True)
    for tool in TOOLS:
        path = bin_dir / tool
        path.write_text(FAKE.format(python=sys.executable))
        path.chmod(0o755)


class Sandbox:
    """A fake repository root with rendered scripts, fakes first on PATH and the call log."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.scripts = root / "generated" / "problem-service" / "scripts"
        self.scripts.mkdir(parents=True)
        (root / "specs").mkdir()
        (root / "specs" / "problem_service.yaml").write_text("version: 1\n")
        self.bin = root.parent / "fakebin"
        self.log = root.parent / "calls.jsonl"
        install(self.bin)

    def write(self, name: str, text: str) -> Path:
        path = self.scripts / name
        path.write_text(text)
        return path

    def run(self, script: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        self.log.write_text("")
        environ = {k: v for k, v in os.environ.items() if not k.startswith("FAKE_")}
        environ.update(PATH=f"{self.bin}{os.pathsep}{os.environ['PATH']}", FAKE_LOG=str(self.log))
        environ.update(env)
        # Started from elsewhere on purpose: the scripts must find the repository root themselves.
        return subprocess.run(["bash", str(self.scripts / script), *args], cwd=self.root.parent, env=environ,
                              capture_output=True, text=True, timeout=60)

    def calls(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log.read_text().splitlines()]
