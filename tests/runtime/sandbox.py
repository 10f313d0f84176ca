"""Run a container's command the way Fargate or Lambda would, isolated by bubblewrap, without a Docker engine.

The file system view is built, not pulled: the host's system folders and Python stand in for the base image
(Python at /usr/local, like the official python images), the source folder is copied to WORKDIR as `COPY . .`
leaves it (root-owned, read-only to the user), the requirements are pip-installed into a folder mounted as the
image's site-packages, and nothing else of the host is visible. Then the constraints: the root is remounted
read-only when the task definition says so, the only writable paths are its mount points with the owner and
mode Fargate gives them, the environment is exactly the image's plus Terraform's plus what the platform sets,
and the command runs in WORKDIR as the image's USER. The user switch is real (setpriv, as root on the host,
no user namespace): in a user namespace every host file would look owned by the sandbox user.

The network is shared with the host so that the code reaches moto_server on the loopback interface.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from container import Container, Mount

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".cache" / "runtime-deps"
PYTHON = f"python{sys.version_info.major}.{sys.version_info.minor}"
SITE_PACKAGES = f"/usr/local/lib/{PYTHON}/site-packages"
IMAGE_PATH = "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"
# What .dockerignore keeps out of the build context (alpaco_gen.render.files.DOCKERIGNORE).
NOT_COPIED = ("__pycache__", "*.pyc", ".pytest_cache", ".venv", ".git", "tests")


class IsolationUnavailable(RuntimeError):
    """bubblewrap or setpriv is missing, or the tests do not run as root: a failure, never a skip."""


def tools() -> tuple[str, str]:
    bwrap, setpriv = shutil.which("bwrap"), shutil.which("setpriv")
    if bwrap is None:
        raise IsolationUnavailable("bwrap is not on PATH: run `bash .ci/tools.sh` (apt-get install bubblewrap)")
    if setpriv is None:
        raise IsolationUnavailable("setpriv is not on PATH: apt-get install util-linux")
    if os.geteuid() != 0:
        raise IsolationUnavailable("the container tests switch to the image's user id and must run as root")
    return bwrap, setpriv


def installed(requirements: Sequence[str], tag: str) -> Path:
    """A folder with `requirements` pip-installed for the host Python (cached by content)."""
    key = hashlib.sha256("\n".join([PYTHON, *requirements]).encode()).hexdigest()[:16]
    target = CACHE / f"{tag}-{key}"
    if (target / ".complete").is_file():
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    if requirements:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--no-compile", "--only-binary=:all:", "--target", str(target), *requirements],
                       check=True, timeout=600)
    (target / ".complete").write_text("")
    return target


def requirement_lines(requirements_txt: Path) -> list[str]:
    lines = [line.split("#", 1)[0].strip() for line in requirements_txt.read_text().splitlines()]
    return [line for line in lines if line]


def copy_context(source: Path, dest: Path) -> Path:
    """The source folder as `COPY . .` puts it in the image: root-owned, not writable by others."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(*NOT_COPIED), dirs_exist_ok=True)
    for path in [dest, *dest.rglob("*")]:
        os.chown(path, 0, 0, follow_symlinks=False)
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    return dest


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64"):
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
    return args


def _parents(target: str) -> list[str]:
    """Folders above a mount point, 0755 like an image's (bwrap would create them 0700 as root)."""
    args: list[str] = []
    for parent in reversed(Path(target).parents):
        if str(parent) != "/" and parent.parts[1] not in ("usr", "etc"):
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


def _loader_path() -> dict[str, str]:
    """A Python built with a shared libpython finds it by its build prefix, which the container does not have;
    without this the loader would pick another libpython of the same name from /usr (e.g. Debian's)."""
    if list((Path(sys.base_prefix) / "lib").glob(f"lib{PYTHON}*.so*")):
        return {"LD_LIBRARY_PATH": "/usr/local/lib"}
    return {}


def _volume(mount: Mount, scratch: Path) -> list[str]:
    """A fresh host folder with the owner and mode the platform gives the volume, bound at its path."""
    scratch.mkdir(parents=True, exist_ok=True)
    host = Path(tempfile.mkdtemp(prefix=f"volume{mount.path.replace('/', '_')}-", dir=scratch))
    os.chown(host, mount.uid, mount.gid)
    host.chmod(mount.mode)
    return ["--bind", str(host), mount.path]


def run(container: Container, binds: Mapping[str, Path], env: Mapping[str, str], scratch: Path, *,
        command: Sequence[str] | None = None, stdin: str = "", timeout: float = 120,
        user: tuple[int, int] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the container's command (or `command`) with `binds` ({container path: host folder}, read-only)."""
    bwrap, setpriv = tools()
    args = [bwrap, "--tmpfs", "/", *_system_binds(), "--ro-bind", sys.base_prefix, "/usr/local"]
    for target, host in sorted(binds.items()):
        args += [*_parents(target), "--ro-bind", str(host), target]
    args += ["--dev", "/dev", "--proc", "/proc"]
    for mount in container.mounts:
        args += [*_parents(mount.path), *_volume(mount, scratch)]
    if container.read_only_root:
        args += ["--remount-ro", "/"]
    environment = {"PATH": IMAGE_PATH, "HOME": "/", "HOSTNAME": "container", **_loader_path(),
                   **container.env, **env}
    args += ["--chdir", container.image.workdir, "--clearenv", "--unshare-pid", "--unshare-ipc",
             "--unshare-uts", "--die-with-parent", "--new-session"]
    for key, value in sorted(environment.items()):
        args += ["--setenv", key, value]
    uid, gid = user or container.image.user or (0, 0)
    args += ["--", setpriv, f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
             *(command or container.command)]
    return subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=timeout)
