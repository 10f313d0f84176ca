"""What an install of the stand-in providers was made from, to tell a current install from a stale one.

install.sh writes DIR/stamp.json last; tests/verify/tfstub.py and .ci/verify-setup.sh reinstall when it differs
from what the repository holds now (a changed provider file, schema file or installer, or another DIR: the
launchers hold absolute paths).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SCHEMA_FILE = PACKAGE.parent / "data" / "provider-schemas.json"
INSTALLER = PACKAGE / "install.sh"
STAMP = "stamp.json"


def sources() -> list[Path]:
    """Every file an install copies or depends on."""
    return [*sorted(PACKAGE.glob("*.py")), INSTALLER, SCHEMA_FILE]


def stamp(install_dir: Path) -> dict[str, object]:
    digests = {p.relative_to(PACKAGE.parent).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sources()}
    return {"dir": str(install_dir.resolve()), "sources": digests}


def is_current(install_dir: Path) -> bool:
    """Whether install_dir holds a complete install of the current sources, made for this very path."""
    try:
        recorded = json.loads((install_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        recorded == stamp(install_dir)
        and (install_dir / "venv" / "bin" / "python").exists()
        and (install_dir / "terraformrc").is_file()
    )


def main(argv: list[str]) -> int:
    """`stamp.py DIR` prints the stamp install.sh writes; `stamp.py --is-current DIR` exits 1 unless current."""
    if argv[:1] == ["--is-current"] and len(argv) == 2:
        return 0 if is_current(Path(argv[1])) else 1
    if len(argv) == 1:
        print(json.dumps(stamp(Path(argv[0])), indent=1, sort_keys=True))
        return 0
    print("usage: stamp.py [--is-current] DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
