"""Hypothesis strategies for random, VALID alpaco-gen specs (issue 4 item 7, issue 7).

`projects()` draws a `Project`: a whole service.yaml as plain data (for `yaml.safe_dump`) and the source folders
it names, which the test creates so that the spec is complete. Every drawn spec is meant to pass the rule
catalog with 0 errors; the property test asserts that first, so a spec this module gets wrong shows up as a
strategy bug (or as a rule false positive) rather than as a generator bug.

What varies: 0-4 functions (zip: python3.12/3.13 with a handler; image: a repository of their own), 0-2
Fargate tasks (valid cpu/memory pairs, placed in the generated network), 0-3 tables with up to 3 indexes
(`attributes` exactly the keys), 0-2 buckets, 0-2 APIs of both protocols (HTTP routes to functions and
state machines, WebSocket `$connect`/`$disconnect`/`$default`/custom routes to functions; JWT authorizers
from an issuer or a user pool of the spec, Lambda authorizers, route scopes and throttling, CORS, custom
domains with a given certificate or one created in a hosted zone of the spec), 0-2 state machines
using every state type in valid graphs (every state reachable from `start`, every path reaching a terminal,
every target existing), `uses:` with the access levels each kind takes, and nasty but legal strings
(`${`, `%{`, `$${`, quotes, backslashes, newlines, tabs, unicode, `#`, `//`, `*/`) wherever AWS takes any
text: environment values, Lambda and API descriptions, task commands, state machine and state comments,
pass results, fail causes and choice strings. Where AWS restricts the characters the strategy stays inside
what AWS accepts: tags (`[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]`, which rules out `${` and quotes) and EC2 security group
(rule) descriptions (`a-zA-Z0-9 ._-:/()#,@[]+=;{}!$*`, which still allows `${`, `#`, `//` and `*/`).

Names are `[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4})?`, unique across all sections, so that no two Terraform
addresses collide and every generated AWS name stays within its limit.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from event_strategies import event_sections  # a sibling module, like this one (tests/verify on sys.path)
from hypothesis import strategies as st

from alpaco_gen.data import aws
from alpaco_gen.kinds.route import route_id
from tests.verify.messaging_strategies import messaging

# ----------------------------------------------------------------------------------------------- strings

# Fragments that broke (or could break) a generator somewhere: template sequences and their escapes, quotes,
# escapes as text, comment starters, heredoc markers, line and paragraph separators, non-BMP characters.
NASTY_FRAGMENTS = (
    "${", "%{", "$${", "%%{", "$$${", "%%%{", "${var.x}", "${local.tags}", "%{ if true }x%{ endif }", "~}",
    "{", "}", "$", "%", "$$", "%%", '"', "'", '\\"', "\\", "\\\\", "\\n", "\\u0041", "\n", "\t", "\r\n",
    "#", "//", "/*", "*/", "<<EOF\n", "EOF", "&<>", "=", ",", ":", " ", "  ", "null", "true", "[", "]",
    "é", "日本語", "🦙", "\u2028", "\u00a0", "\u200b", "Ω≈ç√", "$.x", "States.ALL",
)
# Any character but surrogates (YAML cannot hold them) and NUL: the ASL builder marks its templatefile()
# placeholders with NULs, so a state comment "\x00partition\x00" comes out as "${partition}" (reported).
_ANY_CHAR = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")


@functools.cache
def nasty_text(max_parts: int = 6, min_size: int = 0) -> st.SearchStrategy[str]:
    """Text built from nasty fragments and random characters."""
    part = st.one_of(st.sampled_from(NASTY_FRAGMENTS), st.text(_ANY_CHAR, min_size=1, max_size=3))
    return st.lists(part, max_size=max_parts).map(_nfc).filter(lambda s: len(s) >= min_size)


def _nfc(parts: list[str]) -> str:
    """Terraform (cty) normalizes every string to Unicode NFC, escapes included: `"e\\u0301"` deploys as `é`.
    Other text cannot reach AWS unchanged, so the strategy draws NFC text only (see the report)."""
    return unicodedata.normalize("NFC", "".join(parts))


# EC2 security group and security group rule descriptions (the intersection of the two documented sets).
_EC2_CHARS = "abcxyzABCXYZ0189 ._-:/()#,@[]+=;{}!$*"
_EC2_FRAGMENTS = ("${", "$${", "$$${", "${var.x}", "#", "//", "/*", "*/", "{", "}", "$", "!", "[x]", " ")


@functools.cache
def ec2_text(max_parts: int = 5) -> st.SearchStrategy[str]:
    part = st.one_of(st.sampled_from(_EC2_FRAGMENTS),
                     st.text(st.sampled_from(_EC2_CHARS), min_size=1, max_size=4))
    return st.lists(part, min_size=1, max_size=max_parts).map("".join)


# AWS tags (IAM, Lambda, ... the strictest services; default_tags reach all of them): Unicode letters, digits
# and separators, and `_ . : / = + - @`.
_TAG_CHARS = "aZé日Ωß09٣ _.:/=+-@\u00a0\u3000\u2028"
_TAG_FRAGMENTS = ("a:b", "x=y", "+@", "/path/", "日本語", "Ωmega", "١٢٣", "  ", "\u2028", "-_-", "name.sub")


@functools.cache
def tag_text(min_size: int, max_parts: int = 4) -> st.SearchStrategy[str]:
    part = st.one_of(st.sampled_from(_TAG_FRAGMENTS),
                     st.text(st.sampled_from(_TAG_CHARS), min_size=1, max_size=4))
    return st.lists(part, max_size=max_parts).map(_nfc).filter(lambda s: len(s) >= min_size)


DEFAULT_TAG_KEYS = ("Project", "Service", "Environment", "ManagedBy")


def _tag_key_ok(key: str) -> bool:
    # 1-128 characters, not the reserved `aws:` prefix; no surrounding white space (AWS trims or refuses it).
    return 0 < len(key) <= 128 and not key.lower().startswith("aws:") and key == key.strip()


TAG_KEY = st.one_of(st.sampled_from(("Team", "cost-center", "Owner:email", "Environment", "日本", "a")),
                    tag_text(1)).filter(_tag_key_ok)
TAG_VALUE = tag_text(0)

# ------------------------------------------------------------------------------------------------- names

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"


def _word(first: str, rest: str, low: int, high: int) -> st.SearchStrategy[str]:
    """`[first][rest]{low,high}`, built from characters (regex strategies are slow to draw from)."""
    return st.builds(lambda a, b: a + b, st.sampled_from(first), st.text(st.sampled_from(rest), min_size=low,
                                                                          max_size=high))


NAME = st.builds(lambda head, tail: head + (f"-{tail}" if tail else ""), _word(_LOWER, _LOWER + _DIGITS, 0, 5),
                 st.one_of(st.just(""), st.text(st.sampled_from(_LOWER + _DIGITS), min_size=1, max_size=4)))
# Lambda's environment variable name pattern; HCL keywords on purpose (`for` must be quoted in an object).
ENV_KEY = st.one_of(
    st.sampled_from(("for", "in", "if", "null", "true", "false", "endfor", "Ab", "x9", "lower_case", "Z_")),
    _word(_LOWER.upper(), _LOWER.upper() + _DIGITS + "_", 1, 12),
)
_SECRET = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?", re.IGNORECASE)
_LINK_SUFFIXES = ("_TABLE", "_BUCKET", "_API_ENDPOINT", "_STATE_MACHINE_ARN", "_FUNCTION_NAME", "_SECRET_ARN",
                  "_PARAMETER")


def _env_key_ok(key: str) -> bool:
    upper = key.upper()
    return not (upper.startswith(("AWS", "LAMBDA_", "_")) or _SECRET.search(key) or upper.endswith(_LINK_SUFFIXES))


ATTRIBUTE = _word(_LOWER, _LOWER + "_", 0, 7)
INDEX_NAME = _word(_LOWER, _LOWER + _DIGITS + "_", 2, 8)
STATE_NAME = st.one_of(
    _word(_LOWER + _LOWER.upper(), _LOWER + _LOWER.upper() + _DIGITS + "_ -", 0, 14),
    st.sampled_from(("Étape 1", "状态", "a.b", "x(y)", "Ω", "done!", "step #2", "run it")),
)
IMAGE_TAG = st.one_of(st.sampled_from(("latest", "v1", "1.2.3", "main_2024")),
                      _word(_LOWER + _DIGITS, _LOWER + _DIGITS + "_.-", 0, 12))
ZONES: dict[str, str] = aws()["zone_letters"]
_PROJECT = _word(_LOWER, _LOWER + _DIGITS, 1, 5).filter(lambda p: p != "sg")  # `sg-` prefixes SG ids

# Fargate cpu -> memory (MiB) pairs.
FARGATE = {256: (512, 1024, 2048), 512: (1024, 2048, 3072, 4096), 1024: (2048, 4096, 8192),
           2048: (4096, 8192, 16384), 4096: (8192, 16384, 30720)}
RETENTION = (365, 400, 545, 731, 1096, 1827, 3653)  # CloudWatch values of a year or more (checkov: >= 1 year)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")
HANDLERS = ("app.handler", "main.lambda_handler", "pkg.mod.run")
ERRORS = ("States.TaskFailed", "States.Timeout", "States.Permissions", "Custom.Error", "Lambda.Unknown")

# ------------------------------------------------------------------------------------------------ output


@dataclass
class Project:
    """A drawn spec (plain data) and the source folders it names: {path: "zip" | "image"}."""

    spec: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def service(self) -> str:
        return self.spec["service"]


@dataclass
class _Context:
    """What a state machine may call, and the names it has taken."""

    functions: dict[str, dict[str, Any]]
    tasks: list[str]
    tables: dict[str, dict[str, Any]]
    express: bool
    state_names: set[str] = field(default_factory=set)

    @property
    def targets(self) -> list[str]:
        return ((["function"] if self.functions else []) + (["task"] if self.tasks and not self.express else [])
                + (["dynamodb"] if self.tables else []))


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[Any], out: dict[str, Any], key: str) -> None:
    """Set out[key] to a drawn value, or leave the field away (the spec's default)."""
    if draw(st.booleans()):
        out[key] = draw(strategy)


# --------------------------------------------------------------------------------------------- sections


@st.composite
def network(draw: st.DrawFn, letters: str, tasks: bool) -> dict[str, Any]:
    """A VPC with private subnets in distinct zones (interface endpoints need that), optional public ones."""
    second = draw(st.integers(0, 255))
    vpc = f"10.{second}.0.0/16"
    private = draw(st.lists(st.sampled_from(letters), min_size=1, max_size=min(3, len(letters)), unique=True))
    public = draw(st.lists(st.sampled_from(letters), max_size=2, unique=True))
    isolated = draw(st.booleans())  # private subnets with no route out, even when the VPC has NAT
    subnets: dict[str, Any] = {}
    for i, az in enumerate(private):
        subnets[f"private-{az}"] = {"cidr": f"10.{second}.{10 + i}.0/24", "az": az, **(
            {"isolated": True} if isolated else {})}
    for i, az in enumerate(public):
        subnets[f"public-{az}"] = {"cidr": f"10.{second}.{i}.0/24", "az": az, "public": True}
    nat = draw(st.sampled_from(("none", "single", "per_az"))) if public else "none"
    endpoints = draw(st.lists(st.sampled_from(("s3", "dynamodb", "ecr_api", "ecr_dkr", "logs", "sts", "states",
                                               "secretsmanager", "ssm")), unique=True, max_size=4))
    if tasks and (nat == "none" or isolated):  # a task needs a way to its image: NAT, or ECR, S3 and logs endpoints
        endpoints = sorted(set(endpoints) | {"ecr_api", "ecr_dkr", "s3", "logs"})
    net: dict[str, Any] = {"cidr": vpc, "nat": nat, "subnets": subnets, "endpoints": endpoints}
    _maybe(draw, st.sampled_from(RETENTION), net, "flow_logs_retention_days")
    return net


@st.composite
def security_groups(draw: st.DrawFn, names: Sequence[str], vpc: str) -> dict[str, Any]:
    groups: dict[str, Any] = {}
    for name in names:
        # Outbound HTTPS to public AWS addresses: functions and tasks reach AWS APIs and ECR (rule AG418).
        egress: list[dict[str, Any]] = [{"cidr": "0.0.0.0/0", "ports": [443]}]
        _maybe(draw, ec2_text(), egress[0], "description")
        if draw(st.booleans()):
            extra: dict[str, Any] = {"cidr": vpc, "protocol": draw(st.sampled_from(("tcp", "udp")))}
            extra["ports"] = draw(st.sampled_from(([5432], ["8000-8100"], [53, "1024-2048"], "all")))
            _maybe(draw, ec2_text(), extra, "description")
            egress.append(extra)
        if draw(st.booleans()):
            egress.append({"cidr": vpc, "protocol": "icmp", "ports": "all"})
        ingress: list[dict[str, Any]] = []
        if draw(st.booleans()):
            peer = draw(st.sampled_from(names))
            rule: dict[str, Any] = {"security_group": peer, "ports": draw(st.sampled_from(([443], [8080, 8443])))}
            _maybe(draw, ec2_text(), rule, "description")
            ingress.append(rule)
        if draw(st.booleans()):
            ingress.append({"cidr": vpc, "ports": [80], "description": draw(ec2_text())})
        group: dict[str, Any] = {"egress": egress}
        if ingress:
            group["ingress"] = ingress
        _maybe(draw, ec2_text(), group, "description")
        groups[name] = group
    return groups


_ENV_KEYS = st.lists(ENV_KEY.filter(_env_key_ok), max_size=4, unique_by=str.upper)
_ENV_VALUE = nasty_text()


def _environment(draw: st.DrawFn) -> dict[str, str]:
    return {key: draw(_ENV_VALUE) for key in draw(_ENV_KEYS)}


@st.composite
def function(draw: st.DrawFn, name: str, placement: dict[str, Any] | None,
             repositories: dict[str, Any], sources: dict[str, str]) -> dict[str, Any]:
    fn: dict[str, Any] = {"source": f"backend/lambdas/{name}"}
    if draw(st.booleans()):
        image: dict[str, Any] = {"repository": name, "tag": draw(IMAGE_TAG)}
        _maybe(draw, st.sampled_from(("3.12", "3.13")), image, "python")
        _maybe(draw, st.sampled_from(HANDLERS), image, "handler")
        fn["image"] = image
        repositories[name] = {"keep_last": draw(st.integers(1, 50))} if draw(st.booleans()) else {}
        sources[fn["source"]] = "image"
    else:
        fn["runtime"] = draw(st.sampled_from(("python3.12", "python3.13")))
        fn["handler"] = draw(st.sampled_from(HANDLERS))
        sources[fn["source"]] = "zip"
    _maybe(draw, st.sampled_from(("x86_64", "arm64")), fn, "architecture")
    _maybe(draw, st.sampled_from((128, 256, 1024, 10240)), fn, "memory")
    _maybe(draw, st.sampled_from((1, 3, 29, 60, 900)), fn, "timeout")
    _maybe(draw, st.sampled_from((512, 1024, 10240)), fn, "ephemeral_storage")
    _maybe(draw, st.integers(1, 100), fn, "reserved_concurrency")
    _maybe(draw, nasty_text(), fn, "description")
    _maybe(draw, st.sampled_from(RETENTION), fn, "log_retention_days")
    environment = _environment(draw)
    if environment:
        fn["environment"] = environment
    if placement:
        fn.update(placement)
    return fn


@st.composite
def task(draw: st.DrawFn, name: str, placement: dict[str, Any],
         repositories: dict[str, Any], sources: dict[str, str]) -> dict[str, Any]:
    cpu = draw(st.sampled_from(sorted(FARGATE)))
    image: dict[str, Any] = {"repository": name, "tag": draw(IMAGE_TAG)}
    _maybe(draw, st.sampled_from(("3.12", "3.13")), image, "python")
    out: dict[str, Any] = {"source": f"backend/tasks/{name}", "image": image, "cpu": cpu,
                           "memory": draw(st.sampled_from(FARGATE[cpu]))}
    repositories[name] = {}
    sources[out["source"]] = "image"
    _maybe(draw, st.sampled_from(("x86_64", "arm64")), out, "architecture")
    _maybe(draw, st.lists(nasty_text(3), min_size=1, max_size=3), out, "command")
    _maybe(draw, nasty_text(), out, "description")
    _maybe(draw, st.sampled_from(RETENTION), out, "log_retention_days")
    environment = _environment(draw)
    if environment:
        out["environment"] = environment
    out.update(placement)
    return out


@st.composite
def table(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(ATTRIBUTE, min_size=2, max_size=6, unique=True))
    ttl, pool = names[0], names[1:]
    out: dict[str, Any] = {"hash_key": pool[0]}
    keys = {pool[0]}
    if len(pool) > 1 and draw(st.booleans()):
        out["range_key"] = pool[1]
        keys.add(pool[1])
    indexes: dict[str, Any] = {}
    for index_name in draw(st.lists(INDEX_NAME, max_size=3, unique=True)):
        hash_key = draw(st.sampled_from(pool))
        index: dict[str, Any] = {"hash_key": hash_key}
        others = [a for a in pool if a != hash_key]
        if others and draw(st.booleans()):
            index["range_key"] = draw(st.sampled_from(others))
        keys |= {index["hash_key"], index.get("range_key", hash_key)}
        indexes[index_name] = index
    key_list = sorted(keys)
    non_keys = [a for a in ("note", "payload", "total") if a not in keys]
    for index in indexes.values():
        choice = draw(st.sampled_from(("default", "all", "keys_only", "list")))
        if choice == "list" and non_keys:
            index["projection"] = draw(st.lists(st.sampled_from(non_keys), min_size=1, unique=True))
        elif choice in ("all", "keys_only"):
            index["projection"] = choice
    out["attributes"] = {k: draw(st.sampled_from(("S", "N", "B"))) for k in key_list}
    if indexes:
        out["indexes"] = indexes
    if draw(st.booleans()):
        out["ttl"] = ttl
    _maybe(draw, st.booleans(), out, "point_in_time_recovery")
    _maybe(draw, st.sampled_from(("keys_only", "new_image", "old_image", "new_and_old_images")), out, "stream")
    return out


@st.composite
def bucket(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _maybe(draw, st.booleans(), out, "versioning")
    _maybe(draw, st.integers(1, 3650), out, "expire_days")
    return out


# --------------------------------------------------------------------------------------- state machines


def _state_name(draw: st.DrawFn, ctx: _Context) -> str:
    name = draw(STATE_NAME)
    while name in ctx.state_names:  # names are unique in the whole machine, nested graphs included
        name = f"{name}{len(ctx.state_names)}"
    ctx.state_names.add(name)
    return name


def _retry(draw: st.DrawFn) -> list[dict[str, Any]]:
    retriers: list[dict[str, Any]] = []
    for errors in draw(st.lists(st.sampled_from(ERRORS), max_size=2, unique=True)):
        retrier: dict[str, Any] = {"errors": [errors]}
        _maybe(draw, st.integers(1, 30), retrier, "interval_seconds")
        _maybe(draw, st.integers(0, 5), retrier, "max_attempts")
        _maybe(draw, st.sampled_from((1, 1.5, 2)), retrier, "backoff_rate")
        retriers.append(retrier)
    if draw(st.booleans()):
        retriers.append({"errors": ["States.ALL"], "max_attempts": 1})  # States.ALL alone, last (AG707)
    return retriers


def _catch(draw: st.DrawFn, must: list[str], forward: list[str]) -> list[dict[str, Any]]:
    """Catchers reaching every state in `must` (and maybe another forward state); States.ALL only last."""
    targets = list(must)
    if forward and draw(st.booleans()):
        targets.append(draw(st.sampled_from(forward)))
    catchers: list[dict[str, Any]] = []
    for i, target in enumerate(targets):
        last = i == len(targets) - 1
        errors = ["States.ALL"] if last and draw(st.booleans()) else [ERRORS[i % len(ERRORS)]]
        catcher: dict[str, Any] = {"errors": errors, "next": target}
        _maybe(draw, st.sampled_from(("$.error", "$.failure.cause")), catcher, "result_path")
        catchers.append(catcher)
    return catchers


def _dynamodb_value(draw: st.DrawFn, kind: str) -> str:
    """A JSONPath read from the input, or a literal of the attribute's type."""
    if kind == "B" or draw(st.booleans()):
        return draw(st.sampled_from(("$.id", "$$.Execution.Name", "$.key.value")))
    if kind == "N":
        return str(draw(st.integers(0, 10**6)))
    return draw(nasty_text(4).filter(lambda s: not s.startswith("$")))


def _dynamodb(draw: st.DrawFn, ctx: _Context) -> dict[str, Any]:
    name = draw(st.sampled_from(sorted(ctx.tables)))
    spec = ctx.tables[name]
    keys = [spec["hash_key"]] + ([spec["range_key"]] if "range_key" in spec else [])
    action = draw(st.sampled_from(("get_item", "put_item", "update_item", "delete_item")))
    values = {k: _dynamodb_value(draw, spec["attributes"][k]) for k in keys}
    call: dict[str, Any] = {"action": action, "table": name}
    if action == "put_item":
        call["item"] = {**values, "status": draw(_dynamodb_literal)}
    else:
        call["key"] = values
    if action == "update_item":
        call["update_expression"] = "SET run_status = :s"
        call["values"] = {":s": draw(_dynamodb_literal)}
    return call


_dynamodb_literal = st.one_of(st.sampled_from(("$.status", "done")),
                              nasty_text(4).filter(lambda s: not s.startswith("$")))


def _task_state(draw: st.DrawFn, ctx: _Context) -> dict[str, Any]:
    kind = draw(st.sampled_from(ctx.targets))
    state: dict[str, Any] = {}
    if draw(st.booleans()):
        state["type"] = "task"
    if kind == "function":
        name = draw(st.sampled_from(sorted(ctx.functions)))
        state["function"] = name
        if draw(st.booleans()):  # never shorter than the function's own timeout (AG711)
            state["timeout"] = ctx.functions[name].get("timeout", 3) + draw(st.integers(0, 60))
    elif kind == "task":
        state["task"] = draw(st.sampled_from(ctx.tasks))
        state["timeout"] = draw(st.integers(60, 3600))  # an ECS task state without one may hang (AG712)
        # Ids and keys, never the whole input: ECS takes 8,192 characters of overrides (AG720).
        state["environment"] = draw(st.dictionaries(
            st.sampled_from(("SUBMISSION_ID", "OBJECT_KEY", "MODE")),
            st.sampled_from(("$.id", "$.object.key", "$$.Execution.Name", "strict", "States.Format('{}', $.n)")),
            max_size=3))
    else:
        state["dynamodb"] = _dynamodb(draw, ctx)
    _maybe(draw, st.sampled_from(("$.result", "$.out.value", "$")), state, "result_path")
    return state


_CHOICE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "string_equals": nasty_text(),
    "numeric_equals": st.integers(-1000, 1000),
    "numeric_less_than": st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, width=32),
    "numeric_greater_than": st.integers(0, 10**6),
    "boolean_equals": st.booleans(),
    "is_present": st.booleans(),
}
_CHOICE_TEST = st.sampled_from(sorted(_CHOICE_VALUES))
_VARIABLE = st.sampled_from(("$.value", "$.status", "$.items[0].kind", "$$.Execution.Input.x"))


def _choice_rule(draw: st.DrawFn, target: str) -> dict[str, Any]:
    test = draw(_CHOICE_TEST)
    return {"variable": draw(_VARIABLE), test: draw(_CHOICE_VALUES[test]), "next": target}


_RESULT_VALUE = st.one_of(nasty_text(), st.integers(-10**6, 10**6), st.booleans(),
                          st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, width=32))
_RESULT = st.dictionaries(nasty_text(4, min_size=1), _RESULT_VALUE, min_size=1, max_size=3)


@st.composite
def state_graph(draw: st.DrawFn, ctx: _Context, depth: int) -> dict[str, Any]:
    """A graph with a spine s0 -> s1 -> ... ending in a terminal, plus succeed/fail handlers that choices and
    catchers branch to. Every transition goes forward, so every path ends; every state has a way in."""
    size = draw(st.integers(1, 5 if depth == 0 else 3))
    kinds = []
    for i in range(size):
        options = ["pass", "wait"] + (["task"] if ctx.targets else []) + (["map", "parallel"] if depth < 2 else [])
        options += ["choice"] if i < size - 1 else ["succeed", "fail"]
        kinds.append(draw(st.sampled_from(options)))
    spine = [_state_name(draw, ctx) for _ in range(size)]
    branching = [i for i, kind in enumerate(kinds) if kind in ("choice", "task", "map", "parallel")]
    handlers: list[tuple[str, str]] = []
    if branching:
        handlers = [(_state_name(draw, ctx), draw(st.sampled_from(("succeed", "fail"))))
                    for _ in range(draw(st.integers(0, 2)))]
    reaching: dict[int, list[str]] = {i: [] for i in branching}
    for name, _ in handlers:
        reaching[draw(st.sampled_from(branching))].append(name)

    states: dict[str, Any] = {}
    for i, (name, kind) in enumerate(zip(spine, kinds, strict=True)):
        forward = spine[i + 1:] + [h for h, _ in handlers]
        following = spine[i + 1] if i + 1 < size else None
        states[name] = _state(draw, ctx, depth, kind, following, forward, reaching.get(i, []))
    for name, kind in handlers:
        states[name] = _terminal(draw, kind)
    return {"start": spine[0], "states": states}


def _terminal(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    state: dict[str, Any] = {"type": kind}
    if kind == "fail":
        _maybe(draw, st.sampled_from(("Custom.Failed", "BatchFailed", "States.TaskFailed")), state, "error")
        _maybe(draw, nasty_text(), state, "cause")
    _maybe(draw, nasty_text(), state, "comment")
    return state


def _state(draw: st.DrawFn, ctx: _Context, depth: int, kind: str, following: str | None,
           forward: list[str], must_reach: list[str]) -> dict[str, Any]:
    if kind in ("succeed", "fail"):
        return _terminal(draw, kind)
    state: dict[str, Any]
    if kind == "choice":
        assert following is not None
        targets = must_reach + draw(st.lists(st.sampled_from(forward), min_size=0 if must_reach else 1,
                                             max_size=2))
        state = {"type": "choice", "choices": [_choice_rule(draw, t) for t in targets], "default": following}
        _maybe(draw, nasty_text(), state, "comment")
        return state
    if kind == "task":
        state = _task_state(draw, ctx)
    elif kind == "map":
        state = {"type": "map", "iterator": draw(state_graph(ctx, depth + 1))}
        _maybe(draw, st.sampled_from(("$.items", "$.batch.records")), state, "items_path")
        _maybe(draw, st.integers(0, 10), state, "max_concurrency")
    elif kind == "parallel":
        state = {"type": "parallel",
                 "branches": [draw(state_graph(ctx, depth + 1)) for _ in range(draw(st.integers(1, 3)))]}
    elif kind == "pass":
        state = {"type": "pass"}
        _maybe(draw, _RESULT, state, "result")
        _maybe(draw, st.sampled_from(("$.passed", "$")), state, "result_path")
    else:
        state = {"type": "wait"}
        if draw(st.booleans()):
            state["seconds"] = draw(st.integers(0, 300))
        else:
            state["timestamp_path"] = "$.when"
    if kind in ("task", "map", "parallel"):
        retry = _retry(draw)
        if retry:
            state["retry"] = retry
        catch = _catch(draw, must_reach, [f for f in forward if f != following])
        if catch:
            state["catch"] = catch
    if following is not None:
        state["next"] = following
    elif draw(st.booleans()):
        state["end"] = True
    _maybe(draw, nasty_text(), state, "comment")
    return state


@st.composite
def state_machine(draw: st.DrawFn, functions: dict[str, Any], tasks: list[str],
                  tables: dict[str, Any]) -> dict[str, Any]:
    express = draw(st.booleans())
    ctx = _Context(functions, tasks, tables, express)
    graph = draw(state_graph(ctx, 0))
    sm: dict[str, Any] = {"start": graph["start"], "states": graph["states"]}
    if express:
        sm["type"] = "express"
    elif draw(st.booleans()):
        sm["type"] = "standard"
    _maybe(draw, nasty_text(), sm, "comment")
    _maybe(draw, st.integers(60, 86400), sm, "timeout")
    _maybe(draw, st.sampled_from(("off", "error", "all")), sm, "logging")
    _maybe(draw, st.sampled_from(RETENTION), sm, "log_retention_days")
    return sm


# ------------------------------------------------------------------------------------------------- APIs

_SEGMENT = st.one_of(_word(_LOWER, _LOWER + _DIGITS + "-", 0, 5),
                     _word(_LOWER, _LOWER + "_", 0, 5).map("{{{}}}".format))
_WS_ROUTE = _word(_LOWER, _LOWER + _LOWER.upper() + _DIGITS + "_", 0, 7)


@st.composite
def http_route_key(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return "$default"
    segments = draw(st.lists(_SEGMENT, max_size=3))
    if draw(st.integers(0, 4)) == 0:
        segments.append("{proxy+}")
    return f"{draw(st.sampled_from(METHODS))} /{'/'.join(segments)}"


def _same_route(key: str) -> str:
    """Route keys API Gateway treats as one route: parameter names do not matter."""
    return re.sub(r"\{[^}]*\}", "{}", key)


_HEADER = st.sampled_from(("Authorization", "X-Api-Key", "x-token"))


@st.composite
def authorizers(draw: st.DrawFn, protocol: str, functions: Sequence[str],
                pools: dict[str, list[str]]) -> dict[str, Any]:
    """0-2 authorizers: JWT (an issuer, or a user pool of the spec) on HTTP APIs, Lambda on both protocols."""
    found: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(("users", "tokens", "partners")), max_size=2, unique=True)):
        if protocol == "http" and draw(st.booleans()):
            if pools and draw(st.integers(0, 2)):
                pool = draw(st.sampled_from(sorted(pools)))
                found[name] = {"type": "jwt", "user_pool": pool}
                _maybe(draw, st.lists(st.sampled_from(pools[pool]), min_size=1, unique=True), found[name],
                       "audience")
            else:
                found[name] = {"type": "jwt", "issuer": draw(st.sampled_from(
                    ("https://login.example.com/", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab"))),
                    "audience": draw(st.lists(st.sampled_from(("api://todo", "web", "x y")), min_size=1,
                                              unique=True))}
        else:
            found[name] = {"type": "lambda", "function": draw(st.sampled_from(functions))}
            _maybe(draw, st.sampled_from((0, 1, 300, 3600)), found[name], "ttl")
            prefix = "route.request.header." if protocol == "websocket" else "$request.header."
            _maybe(draw, st.lists(_HEADER.map(prefix.__add__), min_size=1, unique=True), found[name],
                   "identity_sources")
            if protocol == "http":
                _maybe(draw, st.sampled_from(("1.0", "2.0")), found[name], "payload_format")
                if found[name].get("payload_format") != "1.0":
                    _maybe(draw, st.booleans(), found[name], "simple_responses")
    return found


@st.composite
def cors(draw: st.DrawFn) -> dict[str, Any]:
    origins = draw(st.lists(st.sampled_from(("https://app.example.com", "http://localhost:3000", "*")),
                            min_size=1, unique=True))
    out: dict[str, Any] = {"allow_origins": origins}
    _maybe(draw, st.lists(st.sampled_from(("GET", "POST", "*")), unique=True), out, "allow_methods")
    _maybe(draw, st.lists(st.sampled_from(("authorization", "content-type")), unique=True), out, "allow_headers")
    _maybe(draw, st.lists(st.sampled_from(("x-request-id", "etag")), unique=True), out, "expose_headers")
    _maybe(draw, st.integers(-1, 86400), out, "max_age")
    if "*" not in origins:  # credentials with a `*` origin: AG612
        _maybe(draw, st.booleans(), out, "allow_credentials")
    return out


@st.composite
def domain(draw: st.DrawFn, api_name: str, region: str, zones: dict[str, str]) -> dict[str, Any]:
    """A custom domain: an existing certificate of the region, or one created in a zone of the spec."""
    if zones and draw(st.integers(0, 3)):
        zone = draw(st.sampled_from(sorted(zones)))
        out: dict[str, Any] = {"name": f"{api_name}.{zones[zone]}", "zone": zone}
    else:
        out = {"name": f"{api_name}.api.example.net",
               "certificate_arn": f"arn:aws:acm:{region}:123456789012:certificate/0a1b2c3d-4e5f"}
    _maybe(draw, st.sampled_from(("v1", "todo/v2")), out, "base_path")
    return out


@st.composite
def api(draw: st.DrawFn, protocol: str, functions: Sequence[str], state_machines: Sequence[str],
        logging_ok: bool, pools: dict[str, list[str]] | None = None, zones: dict[str, str] | None = None,
        region: str = "eu-west-1", name: str = "api") -> dict[str, Any]:
    routes: dict[str, Any] = {}
    guards = draw(authorizers(protocol, functions, pools or {})) if functions else {}
    if protocol == "http":
        keys = draw(st.lists(http_route_key(), min_size=1, max_size=4, unique_by=_same_route))
        limit = 30000
    else:
        keys = draw(st.lists(st.sampled_from(("$connect", "$disconnect", "$default")), max_size=3, unique=True))
        keys += draw(st.lists(_WS_ROUTE, max_size=2, unique=True))
        keys = keys or ["$default"]
        limit = 29000
    seen_ids: set[str] = set()
    for key in keys:
        if route_id(key) in seen_ids:  # `GET /a-b` and `GET /a_b` read the same as identifiers (AG605)
            continue
        seen_ids.add(route_id(key))
        target: dict[str, Any] = {}
        if protocol == "http" and state_machines and (not functions or draw(st.booleans())):
            target["state_machine"] = draw(st.sampled_from(state_machines))
        else:
            target["function"] = draw(st.sampled_from(functions))
        _maybe(draw, st.integers(50, limit), target, "timeout_ms")
        if protocol == "http" or key == "$connect":  # WebSocket authorization only on $connect (AG610)
            if guards and draw(st.integers(0, 2)):
                target["authorization"] = draw(st.sampled_from(sorted(guards)))
            else:
                _maybe(draw, st.sampled_from(("none", "iam")), target, "authorization")
            if guards.get(target.get("authorization", ""), {}).get("type") == "jwt":  # scopes: JWT only (AG617)
                _maybe(draw, st.lists(st.sampled_from(("todo/read", "email", "openid")), min_size=1, unique=True),
                       target, "scopes")
        _maybe(draw, st.integers(0, 5000), target, "throttle_burst")
        _maybe(draw, st.sampled_from((0, 2.5, 100)), target, "throttle_rate")
        routes[key] = target
    out: dict[str, Any] = {"protocol": protocol, "routes": routes}
    if protocol == "websocket":
        out["route_selection"] = "$request.body.action"
        if logging_ok:
            _maybe(draw, st.sampled_from(("off", "error", "info")), out, "logging")
    _maybe(draw, nasty_text(), out, "description")
    _maybe(draw, st.integers(0, 5000), out, "throttle_burst")
    _maybe(draw, st.sampled_from((1, 50, 12.5, 1000)), out, "throttle_rate")
    if guards:
        out["authorizers"] = guards
    if protocol == "http":
        _maybe(draw, cors(), out, "cors")
        _maybe(draw, domain(name, region, zones or {}), out, "domain")
    _maybe(draw, st.just({"id": "$context.requestId", "who": "$context.identity.sourceIp"}), out,
           "access_log_format")
    return out


# ------------------------------------------------------------------------------ secrets and parameters

ACCOUNT = "123456789012"
_KEY_ARN = "arn:aws:kms:{region}:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"


@st.composite
def secret(draw: st.DrawFn, name: str, region: str) -> dict[str, Any]:
    """Created empty (maybe with a description and a recovery window), or an existing one by its full ARN."""
    if draw(st.integers(0, 3)) == 0:
        out: dict[str, Any] = {"arn": f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{name}-Ab12Cd"}
        if draw(st.booleans()):
            out["kms_key_arn"] = _KEY_ARN.format(region=region)
        return out
    out = {}
    _maybe(draw, nasty_text(), out, "description")
    _maybe(draw, st.sampled_from((0, 7, 30)), out, "recovery_window_days")
    return out


@st.composite
def parameter(draw: st.DrawFn, name: str, region: str) -> dict[str, Any]:
    """SecureString, String or StringList; created, or an existing one by name."""
    out: dict[str, Any] = {}
    _maybe(draw, st.sampled_from(("SecureString", "String", "StringList")), out, "type")
    if draw(st.integers(0, 3)) == 0:
        out["name"] = draw(st.sampled_from((f"/team/{name}", f"{name}.config", f"/a/b/c/{name}")))
        if out.get("type", "SecureString") == "SecureString" and draw(st.booleans()):
            out["kms_key_arn"] = _KEY_ARN.format(region=region)
    _maybe(draw, nasty_text(), out, "description")
    _maybe(draw, st.sampled_from(("Standard", "Advanced")), out, "tier")
    return out


def _task_secrets(draw: st.DrawFn, secrets: dict[str, Any], parameters: dict[str, Any]) -> dict[str, Any]:
    sources = [("secret", n) for n in secrets] + [("parameter", n) for n in parameters]
    chosen = draw(st.lists(st.sampled_from(sources), max_size=3, unique=True)) if sources else []
    out: dict[str, Any] = {}
    for i, (kind, name) in enumerate(chosen):
        source: dict[str, Any] = {kind: name}
        if kind == "secret" and draw(st.booleans()):
            source["json_key"] = draw(st.sampled_from(("password", "user name", "${x}", "é\"q")))
        out[f"FROM_STORE_{i}"] = source
    return out


def _policies(draw: st.DrawFn, region: str) -> list[dict[str, Any]]:
    """Simple extra statements the IAM catalog knows, none of them a wildcard."""
    options = [
        {"actions": ["ses:SendEmail", "ses:SendRawEmail"],
         "resources": [f"arn:aws:ses:{region}:{ACCOUNT}:identity/example.com"],
         "conditions": [{"test": "StringEquals", "variable": "ses:FromAddress", "values": ["batch@example.com"]}]},
        {"sid": "PartnerQueue", "actions": ["sqs:SendMessage"],
         "resources": [f"arn:aws:sqs:{region}:{ACCOUNT}:partner-queue"]},
        {"actions": ["xray:GetSamplingRules"], "resources": ["*"]},
        {"effect": "Deny", "actions": ["s3:DeleteBucket"], "resources": ["arn:aws:s3:::partner-exports"]},
    ]
    return draw(st.lists(st.sampled_from(options), max_size=2, unique_by=lambda o: o["actions"][0]))


# ----------------------------------------------------------------------------------------------- uses


def _uses(draw: st.DrawFn, own: str | None, candidates: list[tuple[str, str, tuple[str, ...]]]) -> list[dict]:
    options = [c for c in candidates if c[1] != own or c[0] != "function"]
    chosen = draw(st.lists(st.sampled_from(options), max_size=3, unique=True)) if options else []
    uses = [{kind: name, "access": draw(st.sampled_from(levels))} for kind, name, levels in chosen]
    for use in uses:
        if "bucket" in use and draw(st.booleans()):
            use["prefix"] = draw(st.sampled_from(("in/", "out/results/", "a")))
    return uses


# ----------------------------------------------------------------------------------------------- spec


@st.composite
def projects(draw: st.DrawFn) -> Project:
    """A whole valid spec and the source folders it needs."""
    region = draw(st.sampled_from(sorted(ZONES)))
    counts = {k: draw(st.integers(0, high)) for k, high in
              (("functions", 4), ("tasks", 2), ("tables", 3), ("buckets", 2), ("apis", 2),
               ("state_machines", 2), ("security_groups", 2), ("events", 4), ("secrets", 2), ("parameters", 2))}
    names = draw(st.lists(NAME, min_size=sum(counts.values()) + 6, max_size=sum(counts.values()) + 6,
                          unique=True))
    messaging_names, names = names[-5:], names[:-5]
    service_name, pool = names[0], iter(names[1:])
    taken = {section: [next(pool) for _ in range(n)] for section, n in counts.items()}
    vpc_functions = [f for f in taken["functions"] if draw(st.booleans())]  # a list: draw order is fixed
    needs_network = bool(taken["tasks"] or vpc_functions) or draw(st.integers(0, 4)) == 0

    spec: dict[str, Any] = {
        "version": 1,
        "project": draw(_PROJECT),
        "service": service_name,
        "environment": draw(st.sampled_from(("dev", "prod", "staging", "qa1", "e"))),
        "region": region,
    }
    _maybe(draw, nasty_text(), spec, "description")
    tags = draw(st.dictionaries(TAG_KEY, TAG_VALUE, max_size=4))
    # IAM compares tag keys without case: `team` and `Team` (or a default key) would be duplicates.
    folded: dict[str, str] = {}
    for key in tags:
        if key.casefold() in {k.casefold() for k in DEFAULT_TAG_KEYS} and key not in DEFAULT_TAG_KEYS:
            continue
        folded.setdefault(key.casefold(), key)
    if folded:
        spec["tags"] = {key: tags[key] for key in folded.values()}
    role = draw(st.sampled_from(("none", "create", "existing")))
    if role != "none":
        spec["account"] = {"api_gateway_cloudwatch_role": role}
    _maybe(draw, st.booleans(), spec, "deletion_protection")  # both teardown modes, whatever the environment
    terraform: dict[str, Any] = {}
    # Never below 6.25, the release whose schema the output is checked against (AG812).
    _maybe(draw, st.sampled_from(("~> 6.25", ">= 6.25, < 7.0", "~> 6.25.0")), terraform, "aws_provider")
    backend = draw(st.sampled_from(("default", "local", "local_path", "s3")))
    if backend == "local":
        terraform["backend"] = {"local": {}}
    elif backend == "local_path":
        terraform["backend"] = {"local": {"path": "state/terraform.tfstate"}}
    elif backend == "s3":
        terraform["backend"] = {"s3": {"bucket": "acme-terraform-state", "key": f"{service_name}/state.tfstate"}}
    if terraform:
        spec["terraform"] = terraform

    placement_for: dict[str, dict[str, Any]] = {}
    if needs_network:
        net = draw(network(ZONES[region], bool(taken["tasks"])))
        spec["network"] = net
        groups = taken["security_groups"] or [next(iter(n for n in ("lambda", "compute") if n not in names))]
        private = [n for n, s in net["subnets"].items() if not s.get("public")]
        for owner in [*vpc_functions, *taken["tasks"]]:
            placement_for[owner] = {
                "subnets": draw(st.lists(st.sampled_from(private), min_size=1, unique=True)),
                "security_groups": draw(st.lists(st.sampled_from(groups), min_size=1, max_size=2, unique=True)),
            }
        # Only groups something uses: an unused one is a warning (AG805) and a checkov failure (CKV2_AWS_5).
        used = [g for g in groups if any(g in p["security_groups"] for p in placement_for.values())]
        if used:
            net["security_groups"] = draw(security_groups(used, net["cidr"]))

    repositories: dict[str, Any] = {}
    sources: dict[str, str] = {}
    functions = {n: draw(function(n, placement_for.get(n), repositories, sources)) for n in taken["functions"]}
    tasks = {n: draw(task(n, placement_for[n], repositories, sources)) for n in taken["tasks"]}
    tables = {n: draw(table()) for n in taken["tables"]}
    buckets = {n: draw(bucket()) for n in taken["buckets"]}
    machines = {n: draw(state_machine(functions, list(tasks), tables)) for n in taken["state_machines"]}
    secrets = {n: draw(secret(n, region)) for n in taken["secrets"]}
    parameters = {n: draw(parameter(n, region)) for n in taken["parameters"]}
    for obj in tasks.values():
        task_secrets = _task_secrets(draw, secrets, parameters)
        if task_secrets:
            obj["secrets"] = task_secrets
    for objects in (functions, tasks, machines):
        for obj in objects.values():
            policies = _policies(draw, region)
            if policies:
                obj["policies"] = policies

    apis: dict[str, Any] = {}
    logging_ok = role != "none"  # WebSocket stage logging needs the account's CloudWatch role (AG601)
    pools = {"people": ["web", "mobile"]} if draw(st.integers(0, 2)) else {}
    zones = {"main": "example.com"} if draw(st.integers(0, 2)) else {}
    route_ids: set[str] = set()
    for name in taken["apis"]:
        protocols = (["http"] if functions or machines else []) + (["websocket"] if functions else [])
        if not protocols:
            break
        drawn = draw(api(draw(st.sampled_from(protocols)), sorted(functions), sorted(machines), logging_ok,
                         pools, zones, region, name))
        ids = {f"{name.replace('-', '_')}_{route_id(key)}" for key in drawn["routes"]}
        if ids & route_ids:  # API `a` route `GET /b` and API `a-get` route `b` share an address (AG804)
            continue
        route_ids |= ids
        apis[name] = drawn

    candidates: list[tuple[str, str, tuple[str, ...]]] = []
    candidates += [("table", n, ("read", "write", "read_write")) for n in tables]
    candidates += [("bucket", n, ("read", "write", "read_write")) for n in buckets]
    candidates += [("api", n, ("manage_connections",)) for n, a in apis.items() if a["protocol"] == "websocket"]
    candidates += [("state_machine", n, ("start",)) for n in machines]
    candidates += [("function", n, ("invoke",)) for n in functions]
    events = draw(event_sections(taken["events"], [*({"function": n} for n in functions),
                                                   *({"state_machine": n} for n in machines),
                                                   *({"task": n} for n in tasks)], nasty_text(3)))
    if not needs_network or spec["network"]["nat"] != "none":  # ECS and EventBridge have no endpoint here
        candidates += [("task", n, ("run",)) for n in tasks]
        candidates += [("bus", n, ("put_events",)) for n in events["buses"]]
    candidates += [("secret", n, ("read",)) for n in secrets] + [("parameter", n, ("read",)) for n in parameters]
    for section, objects in (("function", functions), ("task", tasks)):
        for name, obj in objects.items():
            uses = _uses(draw, name if section == "function" else None, candidates)
            if uses:
                obj["uses"] = uses

    messages = draw(messaging(messaging_names, functions, tables, buckets))
    used_pools = {a["user_pool"] for api_ in apis.values() for a in api_.get("authorizers", {}).values()
                  if "user_pool" in a}
    user_pools = {n: {"clients": c} for n, c in pools.items() if n in used_pools}
    hosted_zones = {n: {"name": z} for n, z in zones.items()
                    if any(api_.get("domain", {}).get("zone") == n for api_ in apis.values())}
    for key, value in (("queues", messages["queues"]), ("topics", messages["topics"]),
                       ("repositories", repositories), ("tables", tables), ("buckets", buckets),
                       ("functions", functions), ("tasks", tasks), ("apis", apis), ("state_machines", machines),
                       ("user_pools", user_pools), ("hosted_zones", hosted_zones), *events.items(),
                       ("secrets", secrets), ("parameters", parameters)):
        if value:
            spec[key] = value
    net = spec.get("network")
    if net and (net["nat"] == "none" or any(s.get("isolated") for s in net["subnets"].values())):
        # ECS and code reach Secrets Manager and SSM without NAT through endpoints (AG414)
        called = {k for obj in [*functions.values(), *tasks.values()]
                  for k in [*(next(iter(u)) for u in obj.get("uses", [])),
                            *(next(iter(v)) for v in obj.get("secrets", {}).values())]}
        net["endpoints"] = sorted(set(net["endpoints"]) | {e for kind, e in (("secret", "secretsmanager"),
                                                                          ("parameter", "ssm")) if kind in called})
    return Project(spec, sources)
