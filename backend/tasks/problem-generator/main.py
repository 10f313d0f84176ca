"""Problem generator: a Fargate task that generates one coding problem and stores it in PROBLEMS_TABLE.

Deterministic and template based: the same topic, difficulty and seed give the same problem, statement and
test cases (the expected outputs come from a reference solution). Inputs are environment variables (container
overrides) or flags: TOPIC (sum | reverse | vowels), DIFFICULTY (easy | medium | hard), SEED (integer),
PROBLEM_ID (default: derived from the three, so a retried task overwrites instead of duplicating).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

SIZES = {"easy": 5, "medium": 50, "hard": 500}
CASES = 5
VOWELS = set("aeiou")


def _numbers(rng: random.Random, n: int) -> str:
    return " ".join(str(rng.randint(-1000, 1000)) for _ in range(n))


def _words(rng: random.Random, n: int) -> str:
    return " ".join("".join(rng.choice("abcdefghij") for _ in range(rng.randint(1, 6))) for _ in range(n))


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, n)))


# topic -> (title, statement, input maker, reference solution)
Template = tuple[str, str, Callable[[random.Random, int], str], Callable[[str], str]]
TEMPLATES: dict[str, Template] = {
    "sum": ("Sum of numbers", "Read at most {n} integers on one line, separated by spaces. Print their sum.",
            _numbers, lambda line: str(sum(int(x) for x in line.split()))),
    "reverse": ("Reverse the words", "Read a line of at most {n} words. Print the words in reverse order.",
                _words, lambda line: " ".join(reversed(line.split()))),
    "vowels": ("Count the vowels", "Read one word of at most {n} lowercase letters. Print its vowel count.",
               _word, lambda word: str(sum(1 for c in word if c in VOWELS))),
}


def generate(topic: str, difficulty: str, seed: int) -> dict[str, Any]:
    """A problem with statement and test cases; raises ValueError for an unknown topic or difficulty."""
    if topic not in TEMPLATES:
        raise ValueError(f"unknown topic {topic!r}; choose one of {', '.join(sorted(TEMPLATES))}")
    if difficulty not in SIZES:
        raise ValueError(f"unknown difficulty {difficulty!r}; choose one of {', '.join(SIZES)}")
    title, statement, make_input, solve = TEMPLATES[topic]
    rng = random.Random(f"{topic}:{difficulty}:{seed}")
    n = SIZES[difficulty]
    cases = []
    for index in range(1, CASES + 1):
        text = make_input(rng, rng.randint(1, n))
        cases.append({"name": f"case-{index}", "input": text + "\n", "expected": solve(text) + "\n"})
    problem_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"alpaco:problem:{topic}:{difficulty}:{seed}"))
    return {"problem_id": problem_id, "title": title, "statement": statement.format(n=n), "topic": topic,
            "difficulty": difficulty, "seed": seed, "examples": cases[:1], "test_cases": cases}


def store(table_name: str, problem: dict[str, Any]) -> None:
    import boto3

    item = {**problem, "status": "ready", "created_at": datetime.now(timezone.utc).isoformat()}
    boto3.resource("dynamodb").Table(table_name).put_item(Item=item)


def main(argv: list[str] | None = None) -> int:
    env = os.environ
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default=env.get("TOPIC", "sum"))
    parser.add_argument("--difficulty", default=env.get("DIFFICULTY", "easy"))
    parser.add_argument("--seed", type=int, default=int(env.get("SEED", "0")))
    parser.add_argument("--problem-id", default=env.get("PROBLEM_ID"))
    parser.add_argument("--print", action="store_true", help="print the problem instead of storing it")
    args = parser.parse_args(argv)
    try:
        problem = generate(args.topic, args.difficulty, args.seed)
    except ValueError as error:
        print(f"problem-generator: {error}", file=sys.stderr)
        return 2
    if args.problem_id:
        problem["problem_id"] = args.problem_id
    if args.print:
        print(json.dumps(problem, indent=2))
        return 0
    table = env.get("PROBLEMS_TABLE")
    if not table:
        print("problem-generator: PROBLEMS_TABLE is not set", file=sys.stderr)
        return 2
    store(table, problem)
    print(json.dumps({"problem_id": problem["problem_id"], "table": table, "title": problem["title"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
