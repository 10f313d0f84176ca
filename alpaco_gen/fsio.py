"""File operations of the writer: atomic replacement, folders created and removed, paths confined to the
output folder, bounded reads of regular files only, temp files the next run recognises, and I/O errors that
name the path (WriteError) instead of a bare OSError."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 64 * 1024 * 1024  # no generated file comes near; anything larger is not ours
# `.NAME.alpaco-gen-1a2b3c4d.tmp`; before the journal, temps were `.NAME.1a2b3c4d.tmp` (see is_temp).
TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<ours>alpaco-gen-)?[0-9a-f]{8}\.tmp$")


class WriteError(Exception):
    """The tree cannot be read or written: permissions, a file where a folder belongs, a broken manifest."""


class OutsideOutput(WriteError):
    """A path the writer would touch leads out of the output folder through a symlink (exit 1, not 2)."""


def stage(target: Path, data: bytes) -> Path:
    """Write `data` to a new temp file next to `target` (same filesystem, so os.replace is atomic)."""
    tmp = target.with_name(f".{target.name}.alpaco-gen-{secrets.token_hex(4)}.tmp")
    with io("write", tmp):
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            if target.exists():  # keep e.g. the executable bit of a script across updates
                os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
            elif data.startswith(b"#!"):  # a generated script runs as ./deploy.sh
                mode = stat.S_IMODE(os.stat(tmp).st_mode)
                os.chmod(tmp, mode | (mode & 0o444) >> 2)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return tmp


def read(path: Path) -> bytes | None:
    """The bytes of the regular file at `path`, None when there is none. Never blocks on a FIFO or reads a
    device; a folder or special file where a file belongs, or a huge file, is a WriteError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    with io("read", path):
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            return None
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                kind = "a folder" if stat.S_ISDIR(mode) else "a special file"
                raise WriteError(f"{path} is {kind}, where alpaco-gen writes a file; move it away")
            with os.fdopen(os.dup(fd), "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise WriteError(f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: not a file alpaco-gen "
                         "wrote; move it away")
    return data


def load_json(path: Path, what: str) -> Any:
    """Parse the JSON file at `path` (None when absent); any damage is a WriteError naming `what`."""
    raw = read(path)
    if raw is None:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than the interpreter's stack
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise WriteError(f"{path} is not a valid {what} ({reason}); fix or remove it") from None


def real_folder(out_dir: Path) -> Path:
    """The output folder with its own symlinks resolved: the boundary every other path is checked against."""
    return Path(os.path.realpath(out_dir))


def refuse_outside(real_out: Path, paths: Iterable[Path]) -> None:
    """Raise OutsideOutput when a path, once every symlink on the way is resolved, is not inside `real_out`."""
    escaped = []
    for path in paths:
        real = Path(os.path.realpath(path))
        if real != real_out and real_out not in real.parents:
            escaped.append(path)
    if escaped:
        shown = ", ".join(str(p) for p in escaped[:5]) + (f" and {len(escaped) - 5} more" if len(escaped) > 5 else "")
        raise OutsideOutput(f"refusing to write: {shown} would lead out of {real_out} through a symlink; "
                            "replace the symlink with a real folder, or choose another --out")


def is_temp(name: str, known: Iterable[str]) -> bool:
    """Is the file `name` a temp file of this tool? Old-style names count only next to a file we know."""
    match = TEMP.match(name)
    return match is not None and (bool(match["ours"]) or match["name"] in set(known))


def make_dirs(directory: Path, created: list[Path]) -> None:
    if directory.is_dir():
        return
    make_dirs(directory.parent, created)
    directory.mkdir()
    created.append(directory)


def remove_empty_dirs(directory: Path, stop: Path) -> None:
    while directory != stop and directory.is_relative_to(stop):
        try:
            directory.rmdir()
        except OSError:
            return  # not empty: it still holds someone's files
        directory = directory.parent


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def io(verb: str, path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise WriteError(f"cannot {verb} {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:  # a NUL in a name: refused by the manifest check, but never a traceback
        raise WriteError(f"cannot {verb} {path!r}: {exc}") from exc
