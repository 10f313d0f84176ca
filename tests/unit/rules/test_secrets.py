"""The secret detector of AG214/AG809 (issue 12, item 10): what it finds, and that the cheap gate in front of
detect-secrets never hides something the plugins would have reported."""

from __future__ import annotations

import random

import pytest

from alpaco_gen.rules import _secrets
from alpaco_gen.rules._secrets import (
    could_hold_a_format,
    could_hold_a_secret,
    could_hold_a_secret_in_prose,
    secret_in_prose,
    secret_in_value,
)

FOUND = [
    ("DB_PASS", "hunter2hunter"), ("PWD", "s3cr3tvalue"), ("PASSWORD", "12345678"),
    ("BILLING", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"), ("CI", "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"),
    ("DATABASE_URL", "postgres://admin:s3cretPass@db.example.com:5432/app"), ("JWT_SIGNING_KEY", "horse"),
    ("SEED", "4f9c2b7e8a1d3f6c0b5e9a2d7c4f8b1e"), ("X", "AKIAIOSFODNN7EXAMPLE"),
    ("GITHUB_TOKEN_ARN", "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"),  # a reference name holds no pass for a token
    ("SLACK", "xoxb-123456789012-abcdefghijkl"), ("Deploy", "-----BEGIN RSA PRIVATE KEY-----"),
]
NOT_FOUND = [
    ("LOG_LEVEL", "INFO"), ("TOKEN_TTL", "3600"), ("MAX_TOKENS", "1000"), ("PASSWORD_MIN_LENGTH", "12"),
    ("PUBLIC_URL", "https://acme.example/${code}"), ("DB_PASSWORD_PARAMETER", "/orders/db-password"),
    ("API_KEY_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:x"), ("Team", "platform"),
    ("FEATURE_ENABLED", "true"), ("TABLE", "acme-links-prod"), ("DATABASE_URL", "postgres://db:5432/app"),
]


@pytest.mark.parametrize("name, value", FOUND)
def test_secrets_the_red_team_found_are_reported(name: str, value: str) -> None:
    assert secret_in_value(name, value)


@pytest.mark.parametrize("name, value", NOT_FOUND)
def test_ordinary_values_are_not(name: str, value: str) -> None:
    assert secret_in_value(name, value) == ""


def test_descriptions() -> None:
    assert secret_in_prose("the admin password: hunter2hunter") == "a secret in plain text"
    assert "GitHub" in secret_in_prose("deploys with 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 nightly")
    assert secret_in_prose("Coding problems are generated, submissions are run and graded.") == ""


def test_only_the_first_4_kib_are_scanned() -> None:
    assert secret_in_value("X", "AKIAIOSFODNN7EXAMPLE" + "x" * 10_000)
    assert secret_in_value("X", "x " * 3000 + "AKIAIOSFODNN7EXAMPLE") == ""


def _plugins_find(text: str) -> bool:
    plugins = _secrets._plugins()
    keyword = any(plugins.keyword.analyze_string(text, denylist_regex_to_group=plugins.config_regexes))
    return bool(_secrets._known_format(text) or _secrets._high_entropy(text) or _secrets._high_entropy(f'"{text}"')
                or keyword)


HEX, BASE64 = "0123456789abcdef", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=_-"
MIXED = "abcxyzAQ0189_-+/=.:@ '\""
PREFIXES = ["", "", "AKIA", "ghp_", "sk_live_", "xoxb-1-", "eyJ", "glpat-", "AC", "SG.", "https://a:",
            "password: ", "secret=", "pwd = '", "AP", "AKC", "x " * 3]
SUFFIXES = ["", "", "@host", "'", '"', ".abc.def", " and more words"]


def candidates(count: int, seed: int = 12) -> list[str]:
    """Strings shaped like secrets and near-misses: prefixes of token formats, hex, base64, quotes."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        alphabet = rng.choice((HEX, BASE64, MIXED))
        body = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 65)))
        texts.append(rng.choice(PREFIXES) + body + rng.choice(SUFFIXES))
    return texts


def test_the_gate_never_hides_what_the_plugins_find() -> None:
    # Not hypothesis: importing it installs a gc callback that would skew tests/unit/test_linear.py.
    found = [text for text in candidates(4000) if _plugins_find(text)]
    assert len(found) > 400  # the generator does make secrets, or this test would prove nothing
    assert [text for text in found if not could_hold_a_secret(text)] == []


# Prose: ordinary words, the gate's keywords, and the punctuation keyword patterns need, in any order.
WORDS = ["the", "key", "auth", "token", "secret", "password", "pwd", "passwd", "api_key", "apikey", "db_pass",
         "private", "PRIVATE", "KEY", "BEGIN", "RSA", "signed", "with", "an", "HMAC", "JWT", "credential",
         "contrasena", "xox", "hunter2", "s3cr3t", "x9", "is", "PuTTY", "AKIA", "SG", "ghp", "to", "of"]
JOINERS = [" ", " ", " ", ": ", "=", " = ", "'", '"', "`", ":=", " => ", "@", "-", "_", ". ", ", "]


def prose_candidates(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [rng.choice(WORDS) if rng.random() < 0.85 else rng.choice(candidates(1, rng.randrange(10**6)))
                 for _ in range(rng.randrange(1, 9))]
        texts.append("".join(part + rng.choice(JOINERS) for part in parts).strip())
    return texts


def test_the_prose_gate_never_hides_what_the_plugins_find() -> None:
    texts = prose_candidates(3000) + candidates(2000, seed=5)
    found = [text for text in texts if _plugins_find(text)]
    assert len(found) > 300
    assert [text for text in found if not could_hold_a_secret_in_prose(text)] == []
    quiet = [text for text in texts if could_hold_a_secret(text) and not could_hold_a_secret_in_prose(text)]
    assert len(quiet) > 50  # prose with keywords alone no longer wakes detect-secrets


@pytest.fixture
def no_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails the test if detect-secrets is asked anything."""

    def no_plugins() -> None:
        raise AssertionError("detect-secrets was asked")

    monkeypatch.setattr(_secrets, "_plugins", no_plugins)


@pytest.mark.usefixtures("no_detector")
def test_a_description_that_only_mentions_keys_needs_no_detector() -> None:
    assert secret_in_prose("List cursors are signed with an HMAC key; JWT auth from the user pool.") == ""


def url_candidates(count: int, seed: int = 3) -> list[str]:
    """URLs whose path, query or credentials hold secret-shaped text or near-misses."""
    rng = random.Random(seed)
    hosts = ["https://acme.example", "https://hooks.slack.com/services", "postgres://admin:", "http://a.b:8080",
             "https://api.example.com/v1", "s3://bucket", "https://user@host.example"]
    texts = []
    for _ in range(count):
        parts = [rng.choice(["${code}", "links", "v2", "T0123ABCD", "x-y", *candidates(2, rng.randrange(10**6))])
                 for _ in range(rng.randrange(1, 4))]
        joiner = rng.choice(["/", "?q=", "&k=", "#", "@", ":", "."])
        texts.append(rng.choice(hosts) + "/" + joiner.join(parts) + rng.choice(["", "/", "?x=1"]))
    return texts


def _formats_find(text: str) -> bool:
    return bool(_secrets._known_format(text) or _secrets._high_entropy(f'"{text}"'))


def test_the_format_gate_never_hides_a_format() -> None:
    texts = url_candidates(2000) + candidates(2000, seed=9) + prose_candidates(1000, seed=4)
    found = [text for text in texts if _formats_find(text)]
    assert len(found) > 300
    assert [text for text in found if not could_hold_a_format(text)] == []
    assert [text for text in url_candidates(2000) if _plugins_find(text) and not could_hold_a_secret(text)] == []


@pytest.mark.usefixtures("no_detector")
def test_a_plain_url_needs_no_detector() -> None:
    assert secret_in_value("PUBLIC_URL", "https://acme.example/${code}") == ""
    assert secret_in_value("REDIRECT", "https://links.acme.example/a/b?utm_source=newsletter") == ""


def test_the_keyword_hint_covers_every_word_of_the_denylist() -> None:
    from detect_secrets.plugins.keyword import DENYLIST

    spellings = [word.replace("_?", joint) for word in DENYLIST for joint in ("_", "")]
    assert len(spellings) > 30
    assert [w for w in spellings if not _secrets._KEYWORD_HINT.search(w.upper())] == []


@pytest.mark.usefixtures("no_detector")
def test_a_name_with_an_ordinary_key_needs_no_detector() -> None:
    assert secret_in_value("CACHE_KEY_PREFIX", "v1") == ""
    assert secret_in_value("AUTH_MODE", "strict") == ""
