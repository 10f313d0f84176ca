"""Problem runner: a Fargate task that runs one Python submission against its test cases.

Inputs, first found wins: flags, then environment variables, then the submission object in S3. The state
machine passes only SUBMISSION_ID and SUBMISSION_KEY as container overrides (ECS takes at most 8,192
characters of overrides, far less than a submission); the API function stored the submission under that key.
  SUBMISSION_ID       required; the result goes to s3://$OUTPUT_BUCKET/results/<SUBMISSION_ID>.json
  SUBMISSION_KEY      key in the bucket of the submission: {"code", "test_cases", "time_limit_seconds"}
  OUTPUT_BUCKET       the results bucket (GRADER_OUTPUT_BUCKET is accepted too)
  SUBMISSION_CODE     the program's source, or --code FILE
  TEST_CASES          JSON list of {"name"?, "input", "expected"}, or --cases FILE
  TIME_LIMIT_SECONDS  per case, default 5
  --output FILE       write the result to a file instead of S3 (local runs)

The program runs in a child process with a clean environment, so the task's credentials URI
(AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) is not in its environment, and the runner makes itself non-dumpable
first, so the child (same user) cannot read the runner's /proc/<pid>/environ or memory either. This is not a
full sandbox; the other walls are the task's narrow role (read `submissions/`, write `results/`), subnets with
no route out of the VPC, and a fresh task per submission.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MAX_OUTPUT = 64 * 1024  # bytes of stdout/stderr kept per case; the rest is dropped
CHILD_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


def result_key(submission_id: str) -> str:
    """The S3 key of a result; the grader reads the same key."""
    return f"results/{submission_id}.json"


def hide_credentials() -> bool:
    """Make this process non-dumpable (prctl PR_SET_DUMPABLE 0): processes of the same user, such as the
    submission, can no longer read its /proc/<pid>/environ (the credentials URI) or memory. False off Linux."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        return int(libc.prctl(4, 0, 0, 0, 0)) == 0  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):
        return False


def run_case(program: Path, case: dict[str, Any], time_limit: float) -> dict[str, Any]:
    """Run the program once with the case's input on stdin."""
    started = time.monotonic()
    # A new session lets a timeout kill the program and anything it spawned.
    with subprocess.Popen(
        [sys.executable, "-I", str(program)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, cwd=program.parent, env={**CHILD_ENV, "HOME": str(program.parent)},
        start_new_session=True,
    ) as child:
        try:
            out, err = child.communicate(case.get("input", "").encode(), timeout=time_limit)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            out, err = child.communicate()
            timed_out = True
    return {
        "name": case.get("name", ""),
        "expected": case.get("expected", ""),
        "actual": out[:MAX_OUTPUT].decode("utf-8", "replace"),
        "stderr": err[:MAX_OUTPUT].decode("utf-8", "replace"),
        "exit_code": child.returncode,
        "timed_out": timed_out,
        "duration_ms": round((time.monotonic() - started) * 1000),
    }


def run(submission_id: str, code: str, cases: list[dict[str, Any]], time_limit: float) -> dict[str, Any]:
    """Run every case in a fresh temporary folder and return the result object the grader reads."""
    with tempfile.TemporaryDirectory(prefix="submission-") as folder:
        program = Path(folder) / "solution.py"
        program.write_text(code, encoding="utf-8")
        results = [run_case(program, case, time_limit) for case in cases]
    for index, result in enumerate(results, start=1):
        result["name"] = result["name"] or f"case-{index}"
    return {"submission_id": submission_id, "status": "completed", "time_limit_seconds": time_limit,
            "cases": results}


def upload(bucket: str, submission_id: str, result: dict[str, Any]) -> str:
    import boto3

    key = result_key(submission_id)
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=json.dumps(result).encode(),
                                  ContentType="application/json")
    return f"s3://{bucket}/{key}"


def download(bucket: str, key: str) -> dict[str, Any]:
    """The submission object the API function stored: {"code", "test_cases", "time_limit_seconds"}."""
    import boto3

    body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    submission: dict[str, Any] = json.loads(body)
    return submission


def inputs(args: argparse.Namespace, env: Mapping[str, str]) -> dict[str, Any]:
    """Submission id, code, cases (parsed), time limit and bucket from flags, environment and the S3 object."""
    bucket = env.get("OUTPUT_BUCKET") or env.get("GRADER_OUTPUT_BUCKET")
    cases = args.cases.read_text(encoding="utf-8") if args.cases else env.get("TEST_CASES")
    code = args.code.read_text(encoding="utf-8") if args.code else env.get("SUBMISSION_CODE")
    stored: dict[str, Any] = {}
    if env.get("SUBMISSION_KEY") and bucket and (code is None or cases is None):
        stored = download(bucket, env["SUBMISSION_KEY"])
    return {
        "submission_id": env.get("SUBMISSION_ID"),
        "code": code if code is not None else stored.get("code"),
        "cases": json.loads(cases) if cases else stored.get("test_cases"),
        "time_limit": float(env.get("TIME_LIMIT_SECONDS") or stored.get("time_limit_seconds") or 5),
        "bucket": bucket,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, help="file with the program (default: $SUBMISSION_CODE)")
    parser.add_argument("--cases", type=Path, help="JSON file with the test cases (default: $TEST_CASES)")
    parser.add_argument("--output", type=Path, help="write the result here instead of S3")
    args = parser.parse_args(argv)
    hide_credentials()
    given = inputs(args, os.environ)
    missing = [name for name, key in (("SUBMISSION_ID", "submission_id"), ("SUBMISSION_CODE", "code"),
                                      ("TEST_CASES", "cases")) if given[key] is None]
    if not args.output and not given["bucket"]:
        missing.append("OUTPUT_BUCKET")
    if missing:
        print(f"problem-runner: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    submission_id = str(given["submission_id"])
    result = run(submission_id, given["code"], given["cases"], given["time_limit"])
    if args.output:
        args.output.write_text(json.dumps(result, indent=2), encoding="utf-8")
        where = str(args.output)
    else:
        where = upload(given["bucket"], submission_id, result)
    clean = sum(1 for case in result["cases"] if not case["timed_out"] and case["exit_code"] == 0)
    print(json.dumps({"submission_id": submission_id, "result": where, "cases": len(result["cases"]),
                      "exited_cleanly": clean}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
