"""A seeded mutator of spec files: the same seed gives the same bytes, so every failure can be replayed.

Each mutation applies one to three operations, on the data (type swaps, extreme numbers, NaN, unicode,
references, keys) and then on the text (YAML tags, aliases and alias bombs, deep nesting, huge strings,
broken bytes and syntax).
"""

from __future__ import annotations

import copy
import datetime
import random
from collections.abc import Callable
from typing import Any

import yaml

Path_ = tuple[Any, ...]

WEIRD_STRINGS = (
    "", " ", "\t", "\n", "a\nb", "\x00", "a\x00b", "\x1b[31mred\x1b[0m", "\u202eevil", "\u200b", "\u2028",
    "٣.١٢", "３", "١٢٣", "é", "e\u0301", "日本語", "🙂", "--output=type=local,dest=/", "-rf", "../../etc",
    "/etc/passwd", "${var.x}", "%{if}", '"; rm -rf / #', "$(touch pwned)", "`id`", "'", '"', "\\", "*", "?",
    "null", "~", "true", "NaN", ".inf", "0x1F", "1e309", "  padded  ", "a" * 300,
    "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",
    "<script>", "-->", "::error::x", "%0A", "C:\\Windows", "arn:aws:iam::123456789012:role/x", "0.0.0.0/0",
)
EXTREME_NUMBERS = (
    0, -1, 1, 2**31, 2**63, -(2**63), 10**40, 10**39 + 7, 65535, 65536, 10**6, 3.5, -0.0, 1e308, -1e308, 5e-324,
    float("nan"), float("inf"), float("-inf"),
)
NUMBER_LITERALS = (
    "9" * 41, "9" * 5000, "0x" + "f" * 5000, "-" + "1" * 100, "1_000_000", "0o17", "0b101", "190:20:30",
    "1" + "0" * 39, ".nan", ".NaN", ".inf", "-.inf", "+.inf", "1.0e+400", "6.8523015e+5", "0x_", "1:" * 30 + "1",
)
TAGS = ("!!int ", "!!float ", "!!bool ", "!!str ", "!!null ", "!!binary ", "!!timestamp ", "!!set ", "!!map ",
        "!!seq ", "!!omap ", "!!python/object:os.system ", "!custom ", "!!merge ")
TAG_VALUES = ("xyz", "", "1", "2020-13-45", "2020-01-01", "AAAA", "====", "{a: 1}", "[1, 2]", "yes", "0x10")
TEXT_CHARS = ":-[]{}&*!|>'\"#%@ ,?\t\n\r\\" + "abcxyz019" + "\u00e9\u202e\u0000\u3000"


class Mutator:
    def __init__(self, text: str, rng: random.Random) -> None:
        self.text = text
        self.data = yaml.safe_load(text)
        self.rng = rng

    def mutate(self) -> bytes:
        """One mutated spec: some data operations, then some text operations."""
        rng = self.rng
        data = copy.deepcopy(self.data)
        for op in rng.sample(DATA_OPS, rng.choice((0, 1, 1, 2))):
            data = op(self, data)
        text = self.text if data == self.data and rng.random() < 0.5 else _dump(data)
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            text = rng.choices(TEXT_OPS, TEXT_WEIGHTS)[0](self, text)
        raw = text.encode("utf-8", "surrogatepass")
        if rng.random() < 0.03:
            raw = _break_bytes(rng, raw)
        return raw

    # --- data ------------------------------------------------------------------------------------------

    def _paths(self, data: Any) -> list[Path_]:
        found: list[Path_] = []
        stack: list[tuple[Path_, Any]] = [((), data)]
        while stack:
            path, node = stack.pop()
            found.append(path)
            if isinstance(node, dict):
                stack.extend(((*path, k), v) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend(((*path, i), v) for i, v in enumerate(node))
        return found

    def _set(self, data: Any, path: Path_, value: Any) -> Any:
        if not path:
            return value
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = value
        return data

    def _get(self, data: Any, path: Path_) -> Any:
        for part in path:
            data = data[part]
        return data

    def random_value(self, depth: int = 0) -> Any:
        rng = self.rng
        kind = rng.randrange(9 if depth < 3 else 6)
        if kind == 0:
            return rng.choice(EXTREME_NUMBERS)
        if kind == 1:
            return rng.choice(WEIRD_STRINGS)
        if kind == 2:
            return rng.choice((True, False, None))
        if kind == 3:
            return datetime.date(rng.randrange(1, 9999), rng.randrange(1, 13), rng.randrange(1, 28))
        if kind == 4:
            return rng.randrange(-10, 70000)
        if kind == 5:
            return "".join(rng.choice(TEXT_CHARS[:-4]) for _ in range(rng.randrange(1, 12)))
        if kind == 6:
            return [self.random_value(depth + 1) for _ in range(rng.randrange(0, 4))]
        if kind == 7:
            return {str(self.random_value(depth + 1))[:20]: self.random_value(depth + 1)
                    for _ in range(rng.randrange(0, 3))}
        return {"start": "a", "states": {"a": {"type": rng.choice(("pass", "task", "parallel", "map")), "end": True}}}

    def swap_type(self, data: Any) -> Any:
        return self._set(data, self.rng.choice(self._paths(data)), self.random_value())

    def extreme_number(self, data: Any) -> Any:
        paths = [p for p in self._paths(data) if isinstance(self._get(data, p), (int, float))] or self._paths(data)
        return self._set(data, self.rng.choice(paths), self.rng.choice(EXTREME_NUMBERS))

    def weird_string(self, data: Any) -> Any:
        paths = [p for p in self._paths(data) if isinstance(self._get(data, p), str)] or self._paths(data)
        return self._set(data, self.rng.choice(paths), self.rng.choice(WEIRD_STRINGS))

    def change_key(self, data: Any) -> Any:
        mappings = [p for p in self._paths(data) if isinstance(self._get(data, p), dict) and self._get(data, p)]
        if not mappings:
            return data
        mapping = self._get(data, self.rng.choice(mappings))
        key = self.rng.choice(list(mapping))
        value = mapping.pop(key)
        choice = self.rng.randrange(4)
        if choice == 0:
            return data  # dropped
        if choice == 1 and isinstance(key, str) and len(key) > 1:
            i = self.rng.randrange(len(key) - 1)
            key = key[:i] + key[i + 1] + key[i] + key[i + 2:]  # a typo
        elif choice == 2:
            key = self.rng.choice(WEIRD_STRINGS + (1, 2.5, None, True))
        mapping[key] = value
        return data

    def swap_reference(self, data: Any) -> Any:
        names = {n for section in ("functions", "tasks", "tables", "buckets", "repositories", "apis",
                                   "state_machines") if isinstance(data, dict) and isinstance(data.get(section), dict)
                 for n in data[section]}
        paths = [p for p in self._paths(data) if isinstance(self._get(data, p), str) and self._get(data, p) in names]
        if not paths:
            return data
        replacement = self.rng.choice([*sorted(names), "", " ", "nope", "-x", "a" * 200])
        return self._set(data, self.rng.choice(paths), replacement)

    def copy_subtree(self, data: Any) -> Any:
        paths = self._paths(data)
        source, target = self.rng.choice(paths), self.rng.choice(paths)
        return self._set(data, target, copy.deepcopy(self._get(data, source)))

    # --- text ------------------------------------------------------------------------------------------

    def _line_index(self, lines: list[str]) -> int:
        return self.rng.randrange(len(lines)) if lines else 0

    def tag_value(self, text: str) -> str:
        lines = text.split("\n")
        i = self._line_index(lines)
        if ": " in lines[i]:
            key, _, _ = lines[i].partition(": ")
            lines[i] = f"{key}: {self.rng.choice(TAGS)}{self.rng.choice(TAG_VALUES)}"
        return "\n".join(lines)

    def number_literal(self, text: str) -> str:
        lines = text.split("\n")
        i = self._line_index(lines)
        key = lines[i].partition(": ")[0] if ": " in lines[i] else "memory"
        lines[i] = f"{key}: {self.rng.choice(NUMBER_LITERALS)}"
        return "\n".join(lines)

    def edit_characters(self, text: str) -> str:
        for _ in range(self.rng.randrange(1, 6)):
            i = self.rng.randrange(len(text) + 1)
            action = self.rng.randrange(3)
            if action == 0:
                text = text[:i] + self.rng.choice(TEXT_CHARS) + text[i:]
            elif action == 1:
                text = text[:i] + text[i + self.rng.randrange(1, 20):]
            else:
                text = text[:i] + self.rng.choice(TEXT_CHARS) + text[i + 1:]
        return text

    def edit_lines(self, text: str) -> str:
        lines = text.split("\n")
        i = self._line_index(lines)
        action = self.rng.randrange(5)
        if action == 0:
            lines.insert(i, lines[i] if lines else "")  # a duplicate key, mostly
        elif action == 1:
            lines[i] = " " * self.rng.randrange(0, 9) + lines[i].lstrip()
        elif action == 2:
            del lines[i:i + self.rng.randrange(1, 10)]
        elif action == 3:
            lines.insert(i, self.rng.choice(("---", "...", "%YAML 1.1", "? [a, b]\n: c", "<<: *nope", "&a x: 1",
                                              "\t- tab", "- list at top", "key: 'unterminated", "{")))
        else:
            lines = lines[: i + 1]  # truncated
        return "\n".join(lines)

    def deep_nesting(self, text: str) -> str:
        depth = self.rng.choice((10, 99, 100, 101, 300, 5_000, 60_000))
        opener, closer = self.rng.choice((("[", "]"), ("{a: ", "}"), ("- ", "")))
        if opener == "- ":
            return text + "\nnested:\n" + "".join("  " * 0 + "- " * depth) + "x\n"
        return text + f"\nnested: {opener * depth}1{closer * depth}\n"

    def huge_string(self, text: str) -> str:
        size = self.rng.choice((10_000, 300_000, 1_000_000, 4 * 1024 * 1024 + 1))
        return text + f"\ndescription: {'x' * size}\n"

    def aliases(self, text: str) -> str:
        """Anchors and aliases: plain reuse, merges, or a bomb of `levels` levels of `fanout` branches."""
        rng = self.rng
        choice = rng.randrange(3)
        if choice == 0:
            levels, fanout = rng.randrange(2, 8), rng.randrange(2, 13)
            body = "          - &l0 {start: a, states: {a: {type: pass, end: true}}}\n"
            for level in range(1, levels + 1):
                refs = ", ".join([f"*l{level - 1}"] * fanout)
                body += (f"          - &l{level} {{start: p, states: {{p: {{type: parallel, end: true, "
                         f"branches: [{refs}]}}}}}}\n")
            return text + ("\nstate_machines:\n  bomb:\n    start: p\n    states:\n      p:\n        type: parallel\n"
                           "        end: true\n        branches:\n" + body)
        if choice == 1:
            levels, fanout = rng.randrange(2, 9), rng.randrange(2, 11)
            lines = ["x0: &x0 [a, b, c]"]
            lines += [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * fanout)}]" for i in range(1, levels + 1)]
            return text + "\n" + "\n".join(lines) + "\n"
        return text + "\ntags: &t {Team: a}\nx: {<<: *t, b: *t, c: [*t, *t]}\n"


DATA_OPS: list[Callable[[Mutator, Any], Any]] = [
    Mutator.swap_type, Mutator.extreme_number, Mutator.weird_string, Mutator.change_key, Mutator.swap_reference,
    Mutator.copy_subtree,
]
TEXT_OPS: list[Callable[[Mutator, str], str]] = [
    Mutator.tag_value, Mutator.number_literal, Mutator.edit_characters, Mutator.edit_lines, Mutator.deep_nesting,
    Mutator.huge_string, Mutator.aliases,
]
TEXT_WEIGHTS = [10, 8, 20, 20, 4, 2, 6]  # big inputs are slow to make and read: fewer of them


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: dumping was most of a case's time


def _dump(data: Any) -> str:
    try:
        return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)
    except (yaml.YAMLError, RecursionError, ValueError):
        return yaml.safe_dump({"version": 1}, sort_keys=False)


def _break_bytes(rng: random.Random, raw: bytes) -> bytes:
    i = rng.randrange(len(raw) + 1)
    return raw[:i] + rng.choice((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xef\xbb\xbf")) + raw[i:]
