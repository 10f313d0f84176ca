"""The compiled-template cache: same output, never a failure, on even when Python writes no bytecode."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

from alpaco_gen.render import environment as e


def _env(cache: jinja2.BytecodeCache, source: str = "{{ x | upper }}!") -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"t.j2": source}), bytecode_cache=cache)


def test_a_cached_template_renders_the_same(tmp_path: Path) -> None:
    first = _env(e._BytecodeCache(str(tmp_path))).get_template("t.j2").render(x="a")
    assert list(tmp_path.iterdir()), "nothing was cached"
    second_env = _env(e._BytecodeCache(str(tmp_path)))
    second_env.compile = None  # type: ignore[method-assign,assignment]  # must come from the cache
    assert second_env.get_template("t.j2").render(x="a") == first == "A!"


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    _env(e._BytecodeCache(str(tmp_path))).get_template("t.j2").render(x="a")
    assert _env(e._BytecodeCache(str(tmp_path)), "{{ x }}?").get_template("t.j2").render(x="a") == "a?"


@pytest.mark.parametrize("content", [b"not bytecode", bc_magic, bc_magic + b"\x80\x04K", bc_magic + b"a"])
def test_a_damaged_cache_file_is_compiled_again(tmp_path: Path, content: bytes) -> None:
    cache = e._BytecodeCache(str(tmp_path))
    cache._get_cache_filename = lambda bucket: str(tmp_path / "t.cache")  # type: ignore[method-assign]
    (tmp_path / "t.cache").write_bytes(content)
    cache.dump_bytecode = lambda bucket: None  # type: ignore[method-assign]  # keep the damage
    assert _env(cache).get_template("t.j2").render(x="b") == "B!"


def test_an_unwritable_cache_is_no_cache(tmp_path: Path) -> None:
    missing = e._BytecodeCache(str(tmp_path / "missing"))
    assert _env(missing).get_template("t.j2").render(x="c") == "C!"


@pytest.mark.parametrize("dont_write", [True, False])
def test_the_cache_is_kept_whether_python_writes_bytecode_or_not(monkeypatch: pytest.MonkeyPatch,
                                                                 dont_write: bool) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", dont_write)
    monkeypatch.delenv("ALPACO_GEN_NO_TEMPLATE_CACHE", raising=False)
    assert isinstance(e._bytecode_cache(), e._BytecodeCache)


@pytest.mark.parametrize(("setting", "cached"), [("1", False), ("yes", False), ("0", True), ("", True)])
def test_the_environment_variable_switches_the_cache_off(monkeypatch: pytest.MonkeyPatch, setting: str,
                                                         cached: bool) -> None:
    monkeypatch.setenv("ALPACO_GEN_NO_TEMPLATE_CACHE", setting)
    assert (e._bytecode_cache() is not None) is cached
