"""Where a spec's project is, how generated files name the spec, and which paths may leave no trace in them.

The project root is the nearest folder, from the spec's own folder upwards, that holds `.git`; failing that,
the nearest that holds `pyproject.toml`; failing both, the parent of the spec's folder (where the default
`source_root: ..` points). Paths are resolved first (symlinks included), so `specs/x.yaml`,
`/abs/.../specs/x.yaml` and `../project/specs/x.yaml` give the same root and the same name.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from alpaco_gen.diagnostics import UnusableInput

MARKERS = (".git", "pyproject.toml")  # in order of preference: the repository, then the Python project
# Linux refuses longer names (ENAMETOOLONG); macOS allows 1024 bytes in a path, Linux 4096.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 1024


def project_root(spec_path: Path) -> Path:
    """The resolved project root of the spec at `spec_path` (see the module docstring)."""
    return _root_of(_resolved(spec_path).parent)


def _root_of(folder: Path) -> Path:
    for marker in MARKERS:
        for candidate in (folder, *folder.parents):
            try:
                if (candidate / marker).exists():
                    return candidate
            except OSError:  # an unreadable folder on the way up holds no marker we can use
                continue
    return folder.parent


def spec_name(spec_path: Path) -> str:
    """The spec's path relative to its project root, as generated files name it (POSIX separators)."""
    resolved = _resolved(spec_path)
    return PurePosixPath(Path(os.path.relpath(resolved, project_root(spec_path)))).as_posix()


def unprintable(text: str) -> str:
    """The characters of `text` that no generated file can hold literally on one line, escaped; '' if none.

    Control characters (newlines above all), line and paragraph separators and invisible format characters
    (bidirectional overrides) are unprintable; a plain space is fine.
    """
    if text.isprintable():
        return ""
    bad = dict.fromkeys(ch for ch in text if not ch.isprintable())
    return ", ".join(ascii(ch)[1:-1] for ch in bad)


def require_printable(what: str, text: str) -> None:
    """Refuse (exit 2) a file or folder name that would have to be written into generated files mangled."""
    bad = unprintable(text)
    if bad:
        raise UnusableInput(f"{what} {ascii(text)} contains characters that generated files cannot hold "
                            f"({bad}); rename it")


def path_problem(text: str) -> str:
    """Why `text` cannot be a relative folder path (a `source` or `source_root`); '' when it can."""
    if "\0" in text:
        return "contains a NUL character"
    bad = unprintable(text)
    if bad:
        return f"contains control or invisible characters ({bad})"
    if text.startswith("-"):
        return "starts with `-`, which build tools read as an option"
    length = len(text.encode("utf-8", "surrogatepass"))
    if length > MAX_PATH_BYTES:
        return f"is longer than {MAX_PATH_BYTES} bytes"
    if length > MAX_NAME_BYTES and any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES
                                       for part in text.split("/")):
        return f"has a folder name longer than {MAX_NAME_BYTES} bytes"
    if text.startswith("/") or "\\" in text:
        return "is not a relative path with `/` separators"
    return ""


def inside(path: Path | str, root: Path, real_folders: dict[str, str] | None = None) -> bool:
    """Is `path`, with every symlink resolved, `root` or below it? `root` must be resolved already.

    `real_folders` (folder -> its real path), when given, is filled and reused to resolve each folder once
    for many paths below it; keep it for one check only, as the file system changes between checks.
    """
    try:
        real = _realpath(os.fspath(path), real_folders)
    except (OSError, ValueError):  # a NUL: the path as it is
        real = os.path.abspath(path)
    top = str(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _realpath(path: str, real_folders: dict[str, str] | None) -> str:
    """`os.path.realpath(path)`, resolving its folder through `real_folders`: realpath resolves a path one
    name after the other, so the real folder joined with a last name that is no link is the same answer."""
    folder, name = os.path.split(path)
    if real_folders is None or not folder or name in ("", os.curdir, os.pardir):
        return os.path.realpath(path)
    real_folder = real_folders.get(folder)
    if real_folder is None:
        real_folder = real_folders[folder] = os.path.realpath(folder)
    joined = os.path.join(real_folder, name)
    return os.path.realpath(joined) if os.path.islink(joined) else joined


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL: the path as it is
        return path.absolute()
