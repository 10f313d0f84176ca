"""problem-generator: deterministic problems whose expected outputs come from the reference solutions."""

from __future__ import annotations

import json

import boto3
import pytest

from tests.backend.backend_helpers import create_table

MODULE = "tasks/problem-generator/main.py"


@pytest.fixture
def generator(load):
    return load(MODULE)


@pytest.mark.parametrize("topic", ["sum", "reverse", "vowels"])
def test_same_seed_same_problem(generator, topic):
    assert generator.generate(topic, "medium", 3) == generator.generate(topic, "medium", 3)
    assert generator.generate(topic, "medium", 3) != generator.generate(topic, "medium", 4)


def test_expected_outputs_are_right(generator):
    for case in generator.generate("sum", "easy", 1)["test_cases"]:
        assert int(case["expected"]) == sum(int(x) for x in case["input"].split())
    for case in generator.generate("vowels", "hard", 1)["test_cases"]:
        assert int(case["expected"]) == sum(c in "aeiou" for c in case["input"].strip())


def test_unknown_topic_or_difficulty(generator, capsys):
    with pytest.raises(ValueError):
        generator.generate("graphs", "easy", 0)
    assert generator.main(["--difficulty", "impossible", "--print"]) == 2


def test_main_stores_the_problem(generator, aws, monkeypatch, capsys):
    monkeypatch.setenv("PROBLEMS_TABLE", "problems")
    create_table("problems", "problem_id")
    assert generator.main(["--topic", "reverse", "--seed", "2", "--problem-id", "p-1"]) == 0
    item = boto3.resource("dynamodb").Table("problems").get_item(Key={"problem_id": "p-1"})["Item"]
    assert item["status"] == "ready" and item["topic"] == "reverse" and len(item["test_cases"]) == 5
    assert json.loads(capsys.readouterr().out)["problem_id"] == "p-1"


def test_main_needs_the_table(generator, monkeypatch):
    monkeypatch.delenv("PROBLEMS_TABLE", raising=False)
    assert generator.main([]) == 2
