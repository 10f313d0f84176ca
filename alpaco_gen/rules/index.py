"""Writes alpaco_gen/rules/_index.py: each rule's id, name, module and class, whether it checks anything itself,
and the kinds it checks, so that a check imports only the rule modules that can report something on its spec and
names resolve without importing any (tests/rules/test_index.py keeps the file current).

    python -m alpaco_gen.rules.index
"""

from __future__ import annotations

from pathlib import Path

from alpaco_gen.rules import catalog

INDEX = Path(__file__).with_name("_index.py")


def index_source() -> str:
    prefix = f"{__package__}."
    rows = "".join(f"    ({r.id!r}, {r.name!r}, {r.__module__.removeprefix(prefix)!r}, {r.emitted_by is None!r}, "
                   f"{tuple(sorted(r.kinds))!r}),\n" for r in catalog())
    return ("# ruff: noqa: E501\n"
            '"""Written by `python -m alpaco_gen.rules.index`; do not edit. (id, name, module below alpaco_gen.rules,\n'
            'checks the resolved model, kinds it checks: none means every spec), in id order."""\n\n'
            f"RULES: tuple[tuple[str, str, str, bool, tuple[str, ...]], ...] = (\n{rows})\n").replace("'", '"')


if __name__ == "__main__":
    INDEX.write_text(index_source(), encoding="utf-8")
