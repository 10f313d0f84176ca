"""Property-based specs (issue 4 item 7, issue 7): random valid specs, rendered, then checked by tools nobody here
wrote.

Hypothesis draws >= 200 specs (tests/verify/strategies.py) with a fixed, derandomized profile, so every CI run
checks the same specs. Each spec is written into a temporary project with its source folders, checked
(0 errors: otherwise the strategy or a rule is wrong) and rendered in-process; the external tools then run in
batches over the whole corpus:

- HashiCorp's HCL parser on every `.tf` (one node process), `terraform fmt -check` (one run over all roots);
- every string from the spec that went into HCL reads back identical through HashiCorp's parser
  (environment variables, tags, descriptions, route keys, task environment and commands);
- provider schema conformance of every root; statelint + botocore Parameters check of every ASL file, whose
  user strings (comments, pass results, fail causes, choice strings) equal the spec's after templatefile()
  unescaping;
- real `terraform init`/`validate`/`plan` with the stub providers on >= 20 of them, the plan adding exactly
  `planned_resource_count(spec)` resource instances;
- checkov on a sample of roots, hadolint on every generated Dockerfile.

Problems are collected over the whole corpus and reported together, each with the spec file that shows it
(kept under pytest's basetemp). Reproduce one spec by hand with
`alpaco-gen render <that spec>`; explore other specs with `PROPERTY_SPECS_SEED=<n>` (not derandomized) and
`PROPERTY_SPECS_EXAMPLES=<n>`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings

# The checkers are sibling modules: importable under any pytest --import-mode.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import strategies  # noqa: E402
import tfstub  # noqa: E402
from asl_check import check_state_machine, substitute_placeholders  # noqa: E402
from checkov_run import run_checkov  # noqa: E402
from hcl import HclError, parse_hcl_files, tf_files  # noqa: E402
from provider_schema import analyze_root  # noqa: E402
from test_dockerfiles import check_dockerfiles, failing  # noqa: E402

from alpaco_gen.access import simulate
from alpaco_gen.diagnostics import Severity  # noqa: E402
from alpaco_gen.pipeline import Checked, check_spec, planned_resource_count, render_files  # noqa: E402
from alpaco_gen.resolve.model import Service

EXAMPLES = int(os.environ.get("PROPERTY_SPECS_EXAMPLES", "200"))
PLANNED = 20  # examples through terraform init/validate/plan (issue 7: >= 20 per run)
CHECKOV_SAMPLE = 5
WORKERS = 2  # CI machines have two cores

settings.register_profile(
    "property-specs-ci",
    max_examples=EXAMPLES + EXAMPLES // 10,  # hypothesis may draw a spec twice; the corpus keeps EXAMPLES distinct
    derandomize=True,  # the same specs on every run: a red CI run is reproducible
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
_SEED = os.environ.get("PROPERTY_SPECS_SEED")
PROFILE = settings(settings.get_profile("property-specs-ci"), derandomize=_SEED is None)

_problem_counts: Counter[str] = Counter()


# ------------------------------------------------------------------------------------------------ corpus


@dataclass
class Example:
    index: int
    project: strategies.Project
    spec_path: Path
    checked: Checked
    errors: list[str]
    service_dir: Path | None = None  # generated/<service>, when the spec rendered

    @property
    def spec(self) -> dict[str, Any]:
        return self.project.spec

    @property
    def service(self) -> Service:
        assert self.checked.service is not None
        return self.checked.service

    @property
    def out(self) -> Path:
        """generated/<service> (rendered examples only)."""
        assert self.service_dir is not None
        return self.service_dir

    @property
    def root(self) -> Path:
        return self.out / "terraform"

    def where(self) -> str:
        return str(self.spec_path)


def write_project(project: strategies.Project, home: Path) -> Path:
    """The spec and its source folders in a project folder of their own; returns the spec file."""
    for source, kind in project.sources.items():
        folder = home / source
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "app.py").write_text("def handler(event, context):\n    return event\n")
        if kind == "image":
            (folder / "requirements.txt").write_text("# no dependencies\n")
    spec_path = home / "specs" / f"{project.service}.yaml"
    spec_path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(project.spec, allow_unicode=True, sort_keys=False, width=100000)
    if yaml.safe_load(text) != project.spec:
        # PyYAML writes U+0085 at the edge of a string raw and reads it back as a space; escape everything.
        text = yaml.safe_dump(project.spec, sort_keys=False, width=100000)
    spec_path.write_text(text, encoding="utf-8")
    return spec_path


def build(index: int, project: strategies.Project, home: Path) -> Example:
    """Write, check and (when clean) render one drawn project."""
    spec_path = write_project(project, home)
    # The strategies draw JSON paths at random, so whether each exists in its state's input is chance: the
    # data-flow rule (AG718) has fixtures of its own; here it would only leave a third of the corpus unrendered.
    checked = check_spec(spec_path, ignore=("AG718",))
    errors = [str(f) for f in checked.findings if f.severity is Severity.ERROR]
    example = Example(index, project, spec_path, checked, errors)
    if errors:
        return example
    out_dir = home / "generated"
    files = render_files(checked, out_dir)
    for relative, text in files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    example.service_dir = out_dir / project.service
    return example


@dataclass
class Corpus:
    home: Path
    examples: list[Example]
    seconds: float

    @property
    def rendered(self) -> list[Example]:
        return [e for e in self.examples if e.service_dir is not None]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    home = tmp_path_factory.mktemp("property-specs")
    examples: list[Example] = []
    seen: set[str] = set()

    @PROFILE
    @given(strategies.projects())
    def draw(project: strategies.Project) -> None:
        text = yaml.safe_dump(project.spec, allow_unicode=True, sort_keys=True)
        if text in seen or len(examples) >= EXAMPLES:  # a spec drawn twice is checked once
            return
        seen.add(text)
        index = len(examples)
        examples.append(build(index, project, home / f"ex{index:03d}"))

    if _SEED is not None:
        draw = seed(int(_SEED))(draw)
    start = time.monotonic()
    with without_local_constants():
        draw()
    return Corpus(home, examples, time.monotonic() - start)


@contextlib.contextmanager
def without_local_constants() -> Iterator[None]:
    """Draw without the constants hypothesis collects from the project's own (non-test) modules.

    Hypothesis mixes strings and numbers found in every loaded local module into its draws, so the corpus
    would change with any edit to alpaco_gen and with what else the session imported first (this file alone
    vs the whole suite). Without them, the corpus depends on strategies.py and the hypothesis version only.
    The hook is internal to hypothesis: if it moves, this does nothing and the corpus is merely less stable.
    """
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    cache = getattr(getattr(providers, "CONSTANTS_CACHE", None), "cache", None)
    if original is None or not hasattr(providers, "Constants") or not hasattr(cache, "clear"):
        yield
        return
    providers._get_local_constants = providers.Constants  # an empty set of constants
    cache.clear()  # it holds the allowed constants per kind of draw, local ones included
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.clear()


def report(check: str, summary, problems: list[str], detail: str) -> None:
    """One summary line per check; fail with every problem (the first 60 lines of them)."""
    _problem_counts[check] += len(problems)
    summary("property specs", f"{check}: {detail}, {len(problems)} problems")
    if problems:
        shown = problems[:60] + ([f"... and {len(problems) - 60} more"] if len(problems) > 60 else [])
        pytest.fail(f"{check}: {len(problems)} problems\n" + "\n".join(shown), pytrace=False)


# ------------------------------------------------------------------------------------------ 0: validity


def test_specs_are_valid(corpus: Corpus, summary):
    """Every drawn spec passes the rule catalog: otherwise the strategy (or the rule) is wrong."""
    problems = [f"{e.where()}: {error}" for e in corpus.examples for error in e.errors]
    warnings = Counter(f.rule_id for e in corpus.examples for f in e.checked.findings
                       if f.severity is not Severity.ERROR)
    assert len(corpus.examples) >= EXAMPLES, f"hypothesis drew only {len(corpus.examples)} distinct specs"
    digest = hashlib.sha256(b"".join(e.spec_path.read_bytes() for e in corpus.examples)).hexdigest()[:12]
    detail = (f"{len(corpus.examples)} examples (digest {digest}) drawn, checked and rendered in "
              f"{corpus.seconds:.0f} s "
              f"(warnings: {', '.join(f'{k} x{v}' for k, v in sorted(warnings.items())) or 'none'})")
    report("validity", summary, problems, detail)


# --------------------------------------------------------------------------------------- a: HCL parsing


@dataclass
class Parsed:
    trees: dict[Path, dict[str, Any]]
    errors: list[str]
    files: int


def parse_all(paths: list[Path]) -> Parsed:
    """Parse in one node process; on parse errors, parse the other files again so their checks still run."""
    try:
        return Parsed(parse_hcl_files(paths), [], len(paths))
    except HclError as exc:
        bad = {p for p in paths if any(d.startswith(f"{p}:") or d == str(p) for d in exc.diagnostics)}
        return Parsed(parse_hcl_files([p for p in paths if p not in bad]), exc.diagnostics, len(paths))


@pytest.fixture(scope="module")
def parsed(corpus: Corpus) -> Parsed:
    return parse_all([p for e in corpus.rendered for p in tf_files(e.root)])


def test_access_simulation(corpus: Corpus, summary):
    """Every call the generated system makes at run time is allowed, and every grant is used."""
    problems, calls = [], 0
    for e in corpus.rendered:
        result = simulate(e.service)
        calls += len(result.calls)
        problems += [f"{e.where()}: missing grant: {call.principal} {call.action} on {call.resource} ({call.why}): "
                     f"{why}" for call, why in result.missing]
        problems += [f"{e.where()}: unused grant: role {role} statement {sid} {action}"
                     for role, sid, action in result.unused]
    report("access simulation", summary, problems, f"{calls} calls in {len(corpus.rendered)} roots")


def test_hcl_parses(corpus: Corpus, parsed: Parsed, summary):
    report("hcl parse", summary, parsed.errors, f"{parsed.files} files of {len(corpus.rendered)} roots")


# ----------------------------------------------------------------------------------------- b: fmt


def test_terraform_fmt(corpus: Corpus, summary):
    proc = tfstub.fmt_check(corpus.home)
    unformatted = sorted(set(re.findall(r"^--- old/(.+)$", proc.stdout, re.M)))
    problems = [f"{corpus.home / f}: not in `terraform fmt` style" for f in unformatted]
    if proc.returncode not in (0, 3) or (proc.returncode == 3 and not problems):
        problems.append(f"terraform fmt failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}{proc.stderr}")
    diff = "" if not problems else "\n" + proc.stdout[:6000]
    report("terraform fmt", summary, [p + (diff if i == 0 else "") for i, p in enumerate(problems)],
           f"{len(corpus.rendered)} roots")


# ------------------------------------------------------------------------------ c: strings through HCL


def hcl_expectations(e: Example) -> Iterator[tuple[str, tuple[Any, ...], str]]:
    """(file under the root, path in the parsed tree, the spec's string) of every user string in the HCL."""
    spec, service = e.spec, e.service
    for key, value in service.tags.items():
        yield "locals.tf", ("locals", 0, "tags", key), value
    for fn in service.functions:
        raw = spec["functions"][fn.name]
        body = ("resource", "aws_lambda_function", fn.tf, 0)
        for key, value in raw.get("environment", {}).items():
            yield "lambda.tf", (*body, "environment", 0, "variables", key), value
        if raw.get("description"):  # an empty description is left away, as AWS's default
            yield "lambda.tf", (*body, "description"), raw["description"]
    for api in service.apis:
        raw = spec["apis"][api.name]
        if raw.get("description"):
            yield "apigateway.tf", ("resource", "aws_apigatewayv2_api", api.tf, 0, "description"), \
                raw["description"]
        for route in api.routes:
            yield "apigateway.tf", ("resource", "aws_apigatewayv2_route", route.tf, 0, "route_key"), route.key
    if service.network:
        raw_groups = spec["network"].get("security_groups", {})
        for group in service.network.security_groups:
            raw = raw_groups[group.name]
            if raw.get("description"):
                yield "security_groups.tf", ("resource", "aws_security_group", group.tf, 0, "description"), \
                    raw["description"]
            for direction in ("ingress", "egress"):
                for i, rule in enumerate(raw.get(direction, [])):
                    if not rule.get("description"):
                        continue
                    pattern = re.compile(rf"{re.escape(group.tf)}_{direction}_{i}(_\d+)?")
                    for resolved in group.rules:
                        if pattern.fullmatch(resolved.tf):
                            yield "security_groups.tf", ("resource", f"aws_vpc_security_group_{direction}_rule",
                                                         resolved.tf, 0, "description"), rule["description"]


def literal(value: str) -> str | None:
    """The text a string from the parser stands for, or None when it holds a template sequence.

    Like hcl.literal, but scanning left to right as HCL's scanner does: `%%%%{` is `%%` and an escaped `%{`
    (hcl.literal removes the `%%{` first and then takes the `%{` that is left for an interpolation).
    """
    out, i = [], 0
    while i < len(value):
        if value.startswith(("$${", "%%{"), i):
            out.append(value[i + 1 : i + 3])
            i += 3
        elif value.startswith(("${", "%{"), i):
            return None
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def lookup(tree: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        tree = tree[step]
    return tree


def compare(where: str, path: tuple[Any, ...], found: Any, expected: str) -> str | None:
    if not isinstance(found, str):
        return f"{where}: {'.'.join(map(str, path))}: not a string: {found!r}"
    value = literal(found)
    if value != expected:
        return (f"{where}: {'.'.join(map(str, path))}: HCL reads {value!r} (source {found!r}), "
                f"the spec says {expected!r}")
    return None


@pytest.fixture(scope="module")
def task_definitions(corpus: Corpus, parsed: Parsed, tmp_path_factory) -> dict[tuple[int, str] | str, Any]:
    """The container definitions of every task, read by HashiCorp's parser: (example, task tf) -> list, and
    "errors" -> the parser's complaints.

    The parser keeps `jsonencode(...)` as source text, so its argument goes into a file of its own as a
    plain expression, which the parser then reads with every string literal decoded.
    """
    folder = tmp_path_factory.mktemp("container-definitions")
    files: dict[Path, tuple[int, str]] = {}
    for e in corpus.rendered:
        tree = parsed.trees.get(e.root / "ecs.tf")
        if tree is None:
            continue
        for task in e.service.tasks:
            source = tree["resource"]["aws_ecs_task_definition"][task.tf][0]["container_definitions"]
            inner = re.fullmatch(r"\$\{jsonencode\((.*)\)\}", source, re.S)
            if inner is None:
                continue
            path = folder / f"ex{e.index:03d}_{task.tf}.tf"
            path.write_text(f"locals {{\n  container_definitions = {inner.group(1)}\n}}\n", encoding="utf-8")
            files[path] = (e.index, task.tf)
    result = parse_all(list(files))
    definitions: dict[tuple[int, str] | str, Any] = {
        files[p]: tree["locals"][0]["container_definitions"] for p, tree in result.trees.items()}
    definitions["errors"] = result.errors
    return definitions


def test_hcl_strings_round_trip(corpus: Corpus, parsed: Parsed, task_definitions, summary):
    """Every spec string in the HCL reads back identical through HashiCorp's parser."""
    problems, checked = list(task_definitions["errors"]), 0
    for e in corpus.rendered:
        for file, path, expected in hcl_expectations(e):
            tree = parsed.trees.get(e.root / file)
            if tree is None:
                continue  # the file did not parse: test_hcl_parses reports it
            checked += 1
            try:
                found = lookup(tree, path)
            except (KeyError, IndexError, TypeError):
                problems.append(f"{e.where()}: {file}: {'.'.join(map(str, path))}: not in the generated HCL")
                continue
            problem = compare(f"{e.where()}: {file}", path, found, expected)
            if problem:
                problems.append(problem)
        for task in e.service.tasks:
            raw = e.spec["tasks"][task.name]
            definitions = task_definitions.get((e.index, task.tf))
            if definitions is None:
                if (e.root / "ecs.tf") in parsed.trees:  # otherwise test_hcl_parses reports it
                    problems.append(f"{e.where()}: ecs.tf: the container definitions of {task.tf} are not "
                                    "`jsonencode(<expression>)` (or did not parse, see above)")
                continue
            container = definitions[0]
            env = {item["name"]: item["value"] for item in container.get("environment", [])}
            for key, value in raw.get("environment", {}).items():
                checked += 1
                problem = compare(f"{e.where()}: ecs.tf {task.tf}", ("environment", key), env.get(key), value)
                if problem:
                    problems.append(problem)
            for i, arg in enumerate(raw.get("command", [])):
                checked += 1
                command = container.get("command", [])
                found = command[i] if i < len(command) else None
                problem = compare(f"{e.where()}: ecs.tf {task.tf}", ("command", i), found, arg)
                if problem:
                    problems.append(problem)
    report("hcl strings", summary, problems, f"{checked} strings of {len(corpus.rendered)} roots")


# --------------------------------------------------------------------------------- d: provider schema


def test_provider_schema(corpus: Corpus, summary):
    # Processes, not threads: python-hcl2 parses under a lock (it is not thread-safe) and holds the GIL.
    with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("fork")) as pool:
        roots = [e.root for e in corpus.rendered]
        results = list(zip(corpus.rendered, pool.map(analyze_root, roots, chunksize=8), strict=True))
    problems = [f"{e.where()}: {e.root}/{v}" for e, result in results for v in result.violations]
    blocks = sum(result.blocks for _, result in results)
    report("provider schema", summary, problems, f"{blocks} blocks in {len(results)} roots")


# ------------------------------------------------------------------------------- e, f: state machines


def state_machine_files(corpus: Corpus) -> list[tuple[Example, str, Path]]:
    return [(e, sm.name, e.out / "statemachines" / f"{sm.name}.asl.json")
            for e in corpus.rendered for sm in e.service.state_machines]


def test_statelint(corpus: Corpus, summary):
    machines = state_machine_files(corpus)
    problems = [f"{e.where()}: {path}: {p}" for e, _, path in machines for p in check_state_machine(path)]
    report("statelint", summary, problems, f"{len(machines)} state machines")


def asl_expectations(graph: dict[str, Any], asl: dict[str, Any], at: str) -> Iterator[tuple[str, Any, Any]]:
    """(where, the ASL's value, the spec's value) of every user string (and pass result) of a graph."""
    for name, state in graph["states"].items():
        here = f"{at}.States[{name!r}]"
        found = asl.get("States", {}).get(name)
        if found is None:
            yield here, None, "<the state>"
            continue
        if state.get("comment"):  # an empty comment or cause is left away
            yield f"{here}.Comment", found.get("Comment"), state["comment"]
        if "result" in state:
            yield f"{here}.Result", found.get("Result"), state["result"]
        if state.get("cause"):
            yield f"{here}.Cause", found.get("Cause"), state["cause"]
        for i, rule in enumerate(state.get("choices", [])):
            if "string_equals" in rule:
                choices = found.get("Choices", [])
                value = choices[i].get("StringEquals") if i < len(choices) else None
                yield f"{here}.Choices[{i}].StringEquals", value, rule["string_equals"]
        if "iterator" in state:
            yield from asl_expectations(state["iterator"], found.get("Iterator", {}), f"{here}.Iterator")
        for i, branch in enumerate(state.get("branches", [])):
            branches = found.get("Branches", [])
            yield from asl_expectations(branch, branches[i] if i < len(branches) else {}, f"{here}.Branches[{i}]")


def same(a: Any, b: Any) -> bool:
    """Equal as JSON values: `true` is not `1`."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_asl_strings_round_trip(corpus: Corpus, summary):
    """Comments, pass results, fail causes and choice strings equal the spec's after templatefile()."""
    problems, checked = [], 0
    for e, name, path in state_machine_files(corpus):
        raw = e.spec["state_machines"][name]
        try:
            asl = json.loads(substitute_placeholders(path.read_text(encoding="utf-8")))
        except ValueError as exc:
            problems.append(f"{e.where()}: {path}: not JSON after templatefile(): {exc}")
            continue
        pairs = list(asl_expectations(raw, asl, path.name))
        if raw.get("comment"):
            pairs.append((f"{path.name}.Comment", asl.get("Comment"), raw["comment"]))
        for where, found, expected in pairs:
            checked += 1
            if not same(found, expected):
                problems.append(f"{e.where()}: {where}: the ASL says {found!r}, the spec {expected!r}")
    machines = len(state_machine_files(corpus))
    report("asl strings", summary, problems, f"{checked} values of {machines} state machines")


# -------------------------------------------------------------------------------- samples for slow tools


def features(e: Example) -> set[str]:
    """What a spec exercises, to pick samples that cover the most of it."""
    spec = e.spec
    found = {f"section:{k}" for k in spec if isinstance(spec[k], dict) and spec[k]}
    found |= {f"backend:{next(iter(spec.get('terraform', {}).get('backend', {'default': 0})))}"}
    found |= {f"role:{spec.get('account', {}).get('api_gateway_cloudwatch_role', 'none')}"}
    net = spec.get("network")
    if net:
        found |= {f"nat:{net['nat']}"} | {f"endpoint:{x}" for x in net["endpoints"]}
        found |= {"public-subnet" for s in net["subnets"].values() if s.get("public")}
    for fn in spec.get("functions", {}).values():
        found |= {"fn:image" if "image" in fn else "fn:zip", "fn:vpc" if "subnets" in fn else "fn:plain"}
        found |= {f"uses:{u['access']}" for u in fn.get("uses", [])}
    for api in spec.get("apis", {}).values():
        found.add(f"api:{api['protocol']}:{api.get('logging', 'off')}")
        found |= {"route:state_machine" for r in api["routes"].values() if "state_machine" in r}
    for table in spec.get("tables", {}).values():
        found.update(f"table:{k}" for k in ("indexes", "ttl", "stream") if k in table)

    def walk(graph: dict[str, Any]) -> None:
        for state in graph["states"].values():
            targets = [k for k in ("function", "task", "dynamodb") if k in state]
            found.add(f"state:{state.get('type') or ('task' if targets else 'pass')}")
            found.update(f"task:{k}" for k in targets)
            if "iterator" in state:
                walk(state["iterator"])
            for branch in state.get("branches", []):
                walk(branch)

    for sm in spec.get("state_machines", {}).values():
        found.add(f"sm:{sm.get('type', 'standard')}")
        walk(sm)
    return found


def sample(examples: list[Example], size: int) -> list[Example]:
    """Greedy: the example adding the most features not yet covered, then (near-duplicates of a chosen one,
    which hypothesis draws in runs, last) the one with the most features."""
    found = {e.index: features(e) for e in examples}
    chosen: list[Example] = []
    covered: set[str] = set()
    pool = list(examples)
    while pool and len(chosen) < size:
        services = {e.service.spec.service for e in chosen}
        best = max(pool, key=lambda e: (len(found[e.index] - covered), e.spec["service"] not in services,
                                        len(found[e.index]), -e.index))
        chosen.append(best)
        covered |= found[best.index]
        pool.remove(best)
    return chosen


# -------------------------------------------------------------------------------- 2: terraform plan


def test_terraform_plan_sample(corpus: Corpus, summary):
    """Real init/validate/plan (stub providers) on >= 20 specs; the plan adds what the resolved model says."""
    chosen = sample(corpus.rendered, PLANNED)
    assert len(chosen) >= min(PLANNED, len(corpus.rendered))
    tfstub.cli_config()  # install the stubs once, before the threads

    def plan(e: Example) -> tuple[Example, tfstub.Result, int]:
        return e, tfstub.run_root(e.out), planned_resource_count(e.spec_path)

    start = time.monotonic()
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(plan, chosen))
    problems = []
    for e, result, expected in results:
        if not result.ok:
            problems.append(f"{e.where()}: {result.summary()}\n{result.report()}")
        elif result.to_add != expected or result.to_add != len(result.creates):
            problems.append(f"{e.where()}: plan adds {result.to_add}, the resolved model {expected}:\n"
                            + "\n".join(sorted(result.creates)))
    added = sum(r.to_add or 0 for _, r, _ in results)
    report("terraform plan", summary, problems,
           f"{len(results)} roots, {added} resources planned in {time.monotonic() - start:.0f} s")


# ------------------------------------------------------------------------------- 3: checkov, hadolint


def checkov_safe(text: str) -> str:
    """The HCL with the string escapes checkov's parser (a python-hcl2 fork) cannot read made plain.

    It fails on `\\"` inside an object constructor (`variables = { A = "\\"x" }`: a parse error, the file's
    checks silently skipped) and on an escaped `$${` or `%%{` without a closing brace (a parse error, or ~25 s
    per file). No check reads such user text, so `\\"` becomes `\\u0022` and the escaped sigils become `_`.
    """
    text = re.sub(r'\\["\\]', lambda m: "\\u0022" if m.group() == '\\"' else m.group(), text)
    return re.sub(r"(\$\$+|%%+)\{", lambda m: "_" * len(m.group()), text)


def test_checkov_sample(corpus: Corpus, summary, tmp_path):
    """checkov on a sample of roots, all in one run (its start-up is most of its time); 0 failed checks."""
    chosen = {f"ex{e.index:03d}": e for e in sample(corpus.rendered, CHECKOV_SAMPLE)}
    for name, e in chosen.items():
        for tf in tf_files(e.root):
            copy = tmp_path / name / tf.relative_to(e.root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(checkov_safe(tf.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_checkov(tmp_path)

    def owner(path: str) -> str:
        name = Path(path).relative_to(tmp_path).parts[0] if path.startswith(str(tmp_path)) else ""
        return chosen[name].where() if name in chosen else "?"

    problems = [f"{owner(c.file)}: FAILED {c}" for c in result.failed]
    problems += [f"{owner(p)}: PARSE ERROR {p}" for p in result.parsing_errors]
    ids = Counter(c.check_id for c in result.failed)
    detail = (f"{len(chosen)} roots, {result.passed} passed, {len(result.failed)} failed, "
              f"{len(result.skipped)} skipped"
              + (f" (failed: {', '.join(f'{k} x{v}' for k, v in sorted(ids.items()))})" if ids else ""))
    report("checkov", summary, problems, detail)


def exec_form_json(line: str) -> bool:
    """Whether a Dockerfile line is `CMD`/`ENTRYPOINT` with a JSON array of strings, as Docker reads it (Go's
    encoding/json)."""
    instruction, _, rest = line.strip().partition(" ")
    try:
        value = json.loads(rest)
    except ValueError:
        return False
    strings = isinstance(value, list) and all(isinstance(v, str) for v in value)
    return instruction in ("CMD", "ENTRYPOINT") and strings


def test_hadolint(corpus: Corpus, summary):
    dockerfiles = sorted(p for e in corpus.rendered for p in (e.out / "docker").glob("*Dockerfile"))
    problems, false_positives = [], 0
    for e in corpus.rendered:
        if e.service.images and not any((e.out / "docker").glob("*Dockerfile")):
            problems.append(f"{e.where()}: {len(e.service.images)} image functions and tasks, no Dockerfile")
    for finding in failing(check_dockerfiles(dockerfiles)):
        # hadolint's own JSON reader takes `["a\\\"b"]` (an argument with `\"`) for shell form; Docker does not.
        line = Path(finding.file).read_text(encoding="utf-8").split("\n")[finding.line - 1]
        if finding.code == "DL3025" and exec_form_json(line):
            false_positives += 1
            continue
        problems.append(str(finding))
    report("hadolint", summary, problems, f"{len(dockerfiles)} Dockerfiles of {len(corpus.rendered)} roots"
           + (f" ({false_positives} DL3025 on valid JSON exec form ignored)" if false_positives else ""))


def test_summary(corpus: Corpus, summary):
    """The one line over everything above (run last)."""
    summary("property specs", f"{len(corpus.examples)} examples, {sum(_problem_counts.values())} problems")
