"""File operations of the writer: atomic replacement, folders created and removed, and I/O errors that name
the path (WriteError) instead of a bare OSError."""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WriteError(Exception):
    """The tree cannot be read or written: permissions, a file where a folder belongs, a broken manifest."""


def stage(target: Path, data: bytes) -> Path:
    """Write `data` to a new temp file next to `target` (same filesystem, so os.replace is atomic)."""
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    with io("write", tmp):
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
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
    with io("read", path):
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None


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
