"""The Jinja environment: strict, loaded once per process, with every escaping done by filters."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shlex
from collections.abc import Iterable
from pathlib import Path

import jinja2

from alpaco_gen.kinds.base import Address
from alpaco_gen.render.hcl import hcl_key, hcl_string, hcl_value
from alpaco_gen.render.security import skip
from alpaco_gen.render.text import html_comment, md_code


def templates_dir() -> Path:
    """`templates/` of a source checkout, or the copy shipped inside the installed package."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "terraform").is_dir():
            return candidate
    raise FileNotFoundError(f"alpaco-gen templates not found next to {package}")


def _hcl_list(values: Iterable[object]) -> str:
    return "[" + ", ".join(hcl_string(v) for v in values) + "]"


def _expr_list(values: Iterable[object]) -> str:
    """A list of HCL expressions written as they are (references, interpolated ARNs)."""
    return "[" + ", ".join(str(v) for v in values) + "]"


def _declare(address: Address) -> str:
    """The opening of the block that creates `address`: `resource "aws_x" "name"` or `data "aws_x" "name"`."""
    return f'{"data" if address.tf_data else "resource"} "{address.tf_type}" "{address.tf_name}"'


# Compiled code depends on these as well as on the template source: they are part of the cache key.
_SETTINGS: dict[str, object] = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True,
                                "autoescape": False}


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, except that a cache it cannot read or write is no cache."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or damaged: compile the template instead
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiling the templates costs more than rendering a small service, so compiled templates are kept in
    Jinja's per-user temp folder, keyed by template path and source. Also when Python writes no bytecode
    (PYTHONDONTWRITEBYTECODE, as containers set it): that is exactly where every run would compile them again.
    ALPACO_GEN_NO_TEMPLATE_CACHE=1 turns it off."""
    if os.environ.get("ALPACO_GEN_NO_TEMPLATE_CACHE", "") not in ("", "0"):
        return None
    key = hashlib.sha256(repr((sorted(_SETTINGS.items()), jinja2.__version__)).encode()).hexdigest()[:12]
    try:
        return _BytecodeCache(pattern=f"alpaco-gen-{key}-%s.cache")
    except (OSError, RuntimeError):  # no safe temp folder
        return None


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(),
        **_SETTINGS,  # type: ignore[arg-type]
    )
    env.filters.update(
        hcl=hcl_string,
        hcl_key=hcl_key,
        hcl_value=hcl_value,
        hcl_inner=lambda v: hcl_string(v)[1:-1],
        hcl_list=_hcl_list,
        refs=lambda objects, attribute: _expr_list(getattr(o.address, attribute) for o in objects),
        expr_list=_expr_list,
        json_string=lambda v: json.dumps(v, ensure_ascii=False),
        shell_quote=lambda v: shlex.quote(str(v)),
        html_comment=html_comment,
        md_code=md_code,
    )
    env.globals["skip"] = skip
    env.globals["declare"] = _declare
    return env
