"""Entries validated in the last check are reused, and validation still gives exactly what it gives afresh."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from alpaco_gen.spec.loader import load_yaml
from alpaco_gen.spec.sections import YamlCache
from alpaco_gen.spec.validate import parse_spec
from tests.helpers import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from gen_spec import write_spec  # noqa: E402

NAME = "service.yaml"
# Edits of one function's lines: valid ones, and ones validation refuses (then undone by later edits).
EDITS = [("description: ", "description: changed "), ("memory: 128", "memory: 256"), ("memory: 128", "memory: x"),
         ("timeout: 10", "timeout: 0"), ("runtime: python3.12", "runtime: cobol"), ("memory: 128", "memroy: 128"),
         ("handler: app.handler", "handler: other.handler")]


def _edit(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    old, new = rng.choice(EDITS)
    where = [i for i, line in enumerate(lines) if line.strip().startswith(old)]
    i = rng.choice(where)
    lines[i] = lines[i].replace(old, new, 1)
    return "\n".join(lines)


def test_edit_after_edit_validation_with_kept_entries_is_a_fresh_validation(tmp_path: Path) -> None:
    base = write_spec(tmp_path, 20).read_text()
    rng, cache, reused = random.Random(7), YamlCache(), 0
    previous = None
    for step in range(60):
        text = _edit(rng, base) if step % 3 else base  # back to the valid spec every third step
        cached = cache.load(text, NAME)
        assert cached is not None
        spec, findings = parse_spec(cached)
        fresh_spec, fresh_findings = parse_spec(load_yaml(Path(NAME), NAME, text))
        assert (spec, findings) == (fresh_spec, fresh_findings)
        assert spec is not fresh_spec or spec is None
        if spec is not None and previous is not None:
            reused += sum(model is previous.functions.get(name) for name, model in spec.functions.items())
        previous = spec or previous
    assert reused > 20 * 20, "unchanged functions keep their models from check to check"


def test_only_the_changed_entry_is_validated_again(tmp_path: Path) -> None:
    text = write_spec(tmp_path, 5).read_text()
    cache = YamlCache()
    first, _ = parse_spec(cache.load(text, NAME))
    changed = text.replace("description: Function 3\n", "description: Function three\n", 1)
    assert changed != text
    second, findings = parse_spec(cache.load(changed, NAME))
    assert first is not None and second is not None and not findings
    assert second.functions["fn0003"].description == "Function three"
    assert second.functions["fn0003"] is not first.functions["fn0003"]
    assert all(second.functions[n] is first.functions[n] for n in first.functions if n != "fn0003")
    assert second.tables == first.tables
