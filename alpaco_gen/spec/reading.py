"""Reading a spec: only a regular file (or stdin), never more than the size limit, and UTF-8 or a clear error."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from alpaco_gen.diagnostics import UnusableInput
from alpaco_gen.spec import limits


def read_spec_bytes(path: Path, display: str) -> bytes:
    """At most MAX_SPEC_BYTES + 1 bytes of a regular file: never a device or a FIFO, which could block forever
    or never end."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a FIFO without a writer returns at once
    except FileNotFoundError:
        raise UnusableInput(f"{display}: no such file") from None
    except IsADirectoryError:
        raise UnusableInput(f"{display}: is a directory, not a spec file") from None
    except OSError as exc:
        raise UnusableInput(f"{display}: cannot read the file ({exc.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UnusableInput(f"{display}: is a directory, not a spec file")
        if not stat.S_ISREG(mode):
            raise UnusableInput(f"{display}: not a regular file (a device, FIFO or socket); give a spec file, "
                                "or `-` to read standard input")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(limits.MAX_SPEC_BYTES + 1)
    except OSError as exc:
        raise UnusableInput(f"{display}: cannot read the file ({exc.strerror})") from None
    finally:
        os.close(fd)


def read_stdin() -> str:
    """Standard input as spec text, read no further than one byte past the size limit."""
    stream = getattr(sys.stdin, "buffer", None)
    raw = stream.read(limits.MAX_SPEC_BYTES + 1) if stream is not None else sys.stdin.read().encode()
    if len(raw) > limits.MAX_SPEC_BYTES:
        raise UnusableInput(f"<stdin>: larger than {limits.MAX_SPEC_BYTES // (1024 * 1024)} MiB; a spec this large "
                            "is not one service")
    return decode(raw, "<stdin>")


def decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"{display}: not UTF-8 text (invalid byte on line {line}); save the file as UTF-8"
        raise UnusableInput(message) from None
