"""The Jinja environment: strict, loaded once per process, with every escaping done by filters."""

from __future__ import annotations

import functools
import json
import shlex
from pathlib import Path

import jinja2

from alpaco_gen.render.hcl import hcl_key, hcl_string, hcl_value


def templates_dir() -> Path:
    """`templates/` of a source checkout, or the copy shipped inside the installed package."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "terraform").is_dir():
            return candidate
    raise FileNotFoundError(f"alpaco-gen templates not found next to {package}")


def _hcl_list(values: object) -> str:
    return "[" + ", ".join(hcl_string(v) for v in values) + "]"  # type: ignore[union-attr]


def _expr_list(values: object) -> str:
    """A list of HCL expressions written as they are (references, interpolated ARNs)."""
    return "[" + ", ".join(str(v) for v in values) + "]"  # type: ignore[union-attr]


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        hcl=hcl_string,
        hcl_key=hcl_key,
        hcl_value=hcl_value,
        hcl_inner=lambda v: hcl_string(v)[1:-1],
        hcl_list=_hcl_list,
        format_ref=lambda value, pattern: pattern % value,
        expr_list=_expr_list,
        json_string=lambda v: json.dumps(v, ensure_ascii=False),
        shell_quote=lambda v: shlex.quote(str(v)),
    )
    return env
