"""Synthetic, valid service.yaml specs of any size, for the benchmarks.

`write_spec(dir, n)` writes `dir/service.yaml` with `n` functions and, in proportion, everything they use and
everything that uses them, all cross-referenced:

- functions: zip functions, every 10th a container image; every other one in the VPC; each uses a table and a
  bucket, some invoke the previous function or start a state machine
- tables (n/4), buckets (n/10), tasks (n/10) with their repositories, security groups (n/50)
- HTTP APIs of at most 100 routes, one route per function and per state machine, and one WebSocket API
- state machines (n/10) of 17 states each: a DynamoDB call, one Lambda invoke per function of its slice of
  ten, an ECS task run, a choice, a map over a function, a parallel with a pass, a wait, succeed and fail

The source folders the spec names are created next to it (`source_root: .`), so `missing-source-folder`
has nothing to say. The spec must validate with no finding at all under the current rule catalog:
`python benchmarks/gen_spec.py --check` says so.

    python benchmarks/gen_spec.py [--out DIR] [--check] [N ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

SIZES = (1, 10, 100, 1000)


def _count(n: int, per: int) -> int:
    return max(1, n // per)


def build_spec(n: int) -> dict[str, Any]:
    """The spec of `n` functions, as plain data."""
    fns = [f"fn{i:04d}" for i in range(n)]
    n_tables, n_buckets, n_tasks, n_groups = _count(n, 4), _count(n, 10), _count(n, 10), _count(n, 50)
    n_machines = _count(n, 10)
    tables = [f"t{i:03d}" for i in range(n_tables)]
    buckets = [f"b{i:03d}" for i in range(n_buckets)]
    tasks = [f"task{i:03d}" for i in range(n_tasks)]
    groups = [f"g{i:02d}" for i in range(n_groups)]
    machines = [f"sm{i:03d}" for i in range(n_machines)]
    private = ["private_a", "private_b"]

    spec: dict[str, Any] = {
        "version": 1,
        "project": "bench",
        "service": f"s{n}",
        "environment": "dev",
        "region": "us-east-1",
        "description": f"Synthetic benchmark service with {n} functions.",
        "source_root": ".",
        "tags": {"Team": "bench"},
        "account": {"api_gateway_cloudwatch_role": "none"},
        "network": {
            "cidr": "10.0.0.0/16",
            "nat": "per_az",
            "subnets": {
                "public_a": {"cidr": "10.0.0.0/24", "az": "a", "public": True},
                "public_b": {"cidr": "10.0.1.0/24", "az": "b", "public": True},
                "private_a": {"cidr": "10.0.10.0/24", "az": "a"},
                "private_b": {"cidr": "10.0.11.0/24", "az": "b"},
            },
            "endpoints": ["s3", "dynamodb"],
            "security_groups": {
                g: {"description": f"group {g}", "egress": [{"cidr": "0.0.0.0/0", "ports": [443]}]}
                for g in groups
            },
        },
        "repositories": {},
        "tables": {},
        "buckets": {},
        "functions": {},
        "tasks": {},
        "apis": {},
        "state_machines": {},
    }

    for i, t in enumerate(tables):
        table: dict[str, Any] = {"hash_key": "id", "attributes": {"id": "S"}}
        if i % 2:
            table["range_key"] = "at"
            table["attributes"] = {"id": "S", "at": "N", "owner": "S"}
            table["indexes"] = {"by_owner": {"hash_key": "owner", "range_key": "at"}}
            table["ttl"] = "expires_at"
        spec["tables"][t] = table
    for i, b in enumerate(buckets):
        spec["buckets"][b] = {"versioning": bool(i % 2), "expire_days": 30 + i % 60}

    for i, name in enumerate(fns):
        fn: dict[str, Any] = {"description": f"Function {i}", "source": f"src/fn/{name}"}
        if i % 10 == 9:
            repo = f"img{i // 100:02d}"
            spec["repositories"].setdefault(repo, {"keep_last": 10})
            fn["image"] = {"repository": repo, "tag": name}
        else:
            fn.update(runtime="python3.12", handler="app.handler")
        fn.update(memory=128 * (1 + i % 4), timeout=10)
        fn["environment"] = {"LOG_LEVEL": "INFO", "SHARD": i % 7}
        if i % 2:
            fn["subnets"] = private
            fn["security_groups"] = [groups[i % n_groups]]
        uses: list[dict[str, str]] = [
            {"table": tables[i % n_tables], "access": "read_write"},
            {"bucket": buckets[i % n_buckets], "access": "read"},
        ]
        if i and i % 5 == 0:
            uses.append({"function": fns[i - 1], "access": "invoke"})
        if i % 10 == 3:
            uses.append({"state_machine": machines[(i // 10) % n_machines], "access": "start"})
        fn["uses"] = uses
        spec["functions"][name] = fn

    for i, name in enumerate(tasks):
        repo = f"r{name}"
        spec["repositories"][repo] = {}
        spec["tasks"][name] = {
            "image": {"repository": repo, "tag": "v1"},
            "source": f"src/task/{name}",
            "cpu": 256,
            "memory": 512,
            "command": ["python", "main.py"],
            "subnets": private,
            "security_groups": [groups[i % n_groups]],
            "environment": {"BATCH": 100},
            "uses": [
                {"bucket": buckets[i % n_buckets], "access": "write"},
                {"table": tables[i % n_tables], "access": "read"},
            ],
        }

    for k, name in enumerate(machines):
        spec["state_machines"][name] = _state_machine(k, fns, spec["tables"], tasks)

    routes: dict[str, dict[str, Any]] = {f"GET /{f}/{{id}}": {"function": f, "authorization": "iam"} for f in fns}
    routes |= {f"POST /{m}": {"state_machine": m, "authorization": "iam"} for m in machines}
    keys = list(routes)
    for a in range(0, len(keys), 100):
        spec["apis"][f"http{a // 100:02d}"] = {
            "protocol": "http",
            "description": "Synthetic HTTP API",
            "routes": {key: routes[key] for key in keys[a : a + 100]},
        }
    spec["apis"]["ws"] = {
        "protocol": "websocket",
        "route_selection": "$request.body.action",
        "routes": {"$connect": {"function": fns[0]}, "$disconnect": {"function": fns[0]},
                   "$default": {"function": fns[-1]}},
    }
    return spec


def _state_machine(k: int, fns: list[str], tables: dict[str, Any], tasks: list[str]) -> dict[str, Any]:
    """17 states: record, ten invokes (fewer for small specs), run, choose, map, parallel, wait, end."""
    mine = [fns[(10 * k + j) % len(fns)] for j in range(min(10, len(fns)))]
    table = list(tables)[k % len(tables)]
    item = {"id": "$$.Execution.Name", "status": "started"}
    if "range_key" in tables[table]:
        item["at"] = "$.at"
    states: dict[str, Any] = {
        "record": {
            "dynamodb": {"action": "put_item", "table": table, "item": item},
            "result_path": "$.record",
            "next": "step00",
        },
    }
    for j, fn in enumerate(mine):
        nxt = f"step{j + 1:02d}" if j + 1 < len(mine) else "run"
        states[f"step{j:02d}"] = {"function": fn, "timeout": 60, "next": nxt,
                                  "catch": [{"errors": ["States.ALL"], "next": "failed"}]}
    states["run"] = {
        "task": tasks[k % len(tasks)], "timeout": 600, "callback": True, "result_path": "$.run",
        "environment": {"RUN_ID": "$$.Execution.Name", "OBJECT_KEY": "$.object_key"},
        "retry": [{"errors": ["States.TaskFailed"], "max_attempts": 2, "interval_seconds": 5,
                   "backoff_rate": 2}],
        "catch": [{"errors": ["States.ALL"], "next": "failed", "result_path": "$.error"}],
        "next": "choose",
    }
    states["choose"] = {
        "type": "choice",
        "choices": [{"variable": "$.run.count", "numeric_greater_than": 1, "next": "fan_out"},
                    {"variable": "$.run.skip", "boolean_equals": True, "next": "done"}],
        "default": "both",
    }
    states["fan_out"] = {
        "type": "map", "items_path": "$.run.items", "max_concurrency": 4,
        "iterator": {"start": "one", "states": {"one": {"function": mine[0], "end": True}}},
        "next": "settle",
    }
    states["both"] = {
        "type": "parallel",
        "branches": [
            {"start": "left", "states": {"left": {"function": mine[-1], "end": True}}},
            {"start": "right", "states": {"right": {"type": "pass", "result": {"shard": k}, "end": True}}},
        ],
        "next": "settle",
    }
    states["settle"] = {"type": "wait", "seconds": 5, "next": "done"}
    states["done"] = {"type": "succeed"}
    states["failed"] = {"type": "fail", "error": "BenchFailed", "cause": "a step failed"}
    return {"comment": f"Synthetic workflow {k}", "start": "record", "timeout": 3600, "states": states}


def write_spec(directory: Path, n: int) -> Path:
    """Write the spec of `n` functions, and the source folders it names, into `directory`; return its path."""
    spec = build_spec(n)
    directory.mkdir(parents=True, exist_ok=True)
    for kind in ("functions", "tasks"):
        for obj in spec[kind].values():
            folder = directory / obj["source"]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "app.py").write_text("def handler(event, context):\n    return event\n")
            if "image" in obj:
                (folder / "requirements.txt").write_text("# no dependencies\n")
    path = directory / "service.yaml"
    path.write_text(yaml.dump(spec, Dumper=_Dumper, sort_keys=False, width=120))
    return path


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes lists the spec shares (the private subnets) out in full, as a person would, not as `*id001`."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def check(path: Path) -> tuple[int, str]:
    """(exit code, output) of `alpaco-gen validate --format json` for a generated spec."""
    proc = subprocess.run([sys.executable, "-m", "alpaco_gen", "validate", "--format", "json", str(path)],
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--out", type=Path, help="folder for the specs (default: a temporary folder)")
    parser.add_argument("--check", action="store_true", help="validate each spec; fail on any finding")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="alpaco-bench-"))
    failed = False
    for n in args.sizes:
        path = write_spec(out / f"n{n}", n)
        line = f"{path}"
        if args.check:
            code, output = check(path)
            clean = code == 0 and '"findings": []' in output
            failed |= not clean
            line += "  ok" if clean else f"  exit {code}\n{output[:4000]}"
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
