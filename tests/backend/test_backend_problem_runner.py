"""problem-runner: runs programs in a child process and writes the result the grader reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

MODULE = "tasks/problem-runner/main.py"
ECHO_SUM = "print(sum(int(x) for x in input().split()))\n"


@pytest.fixture
def runner(load):
    return load(MODULE)


def test_correct_and_wrong_outputs_are_captured(runner):
    cases = [{"name": "small", "input": "1 2\n", "expected": "3\n"}, {"input": "2 2\n", "expected": "5\n"}]
    result = runner.run("s1", ECHO_SUM, cases, time_limit=10)
    small, second = result["cases"]
    assert (small["name"], small["actual"], small["exit_code"]) == ("small", "3\n", 0)
    assert small["timed_out"] is False
    assert (second["name"], second["actual"], second["expected"]) == ("case-2", "4\n", "5\n")


def test_timeout_kills_the_program(runner):
    result = runner.run("s1", "while True:\n    pass\n", [{"input": "", "expected": ""}], time_limit=0.5)
    assert result["cases"][0]["timed_out"] is True
    assert result["cases"][0]["duration_ms"] < 5000


def test_runtime_error_keeps_stderr(runner):
    case = runner.run("s1", "raise SystemExit('boom')\n", [{"input": "", "expected": "x"}], 10)["cases"][0]
    assert case["exit_code"] == 1 and "boom" in case["stderr"]


def test_program_does_not_see_the_task_credentials(runner, monkeypatch):
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/secret")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    code = "import os\nprint(sorted(k for k in os.environ if k.startswith('AWS')))\n"
    assert runner.run("s1", code, [{"input": "", "expected": ""}], 10)["cases"][0]["actual"] == "[]\n"


# Root keeps CAP_SYS_PTRACE, which reads a non-dumpable process anyway; the container runs without it.
WITHOUT_CAPABILITIES = ["setpriv", "--bounding-set", "-all", "--inh-caps", "-all", "--"] if os.getuid() == 0 else []


@pytest.mark.skipif(sys.platform != "linux", reason="prctl and /proc are Linux's")
def test_program_cannot_read_the_runners_environment(tmp_path):
    # The submission runs as the runner's user; only the runner being non-dumpable keeps /proc/<ppid>/environ
    # (the credentials URI) closed to it. A separate process, so that the test runner itself stays dumpable.
    code = ("import os\ntry:\n    print(open(f'/proc/{os.getppid()}/environ', 'rb').read().count(b'secret-uri'))\n"
            "except OSError as error:\n    print(type(error).__name__)\n")
    (tmp_path / "code.py").write_text(code)
    (tmp_path / "cases.json").write_text('[{"input": "", "expected": "PermissionError"}]')
    script = Path(__file__).parents[2] / "backend" / "tasks" / "problem-runner" / "main.py"
    env = {**os.environ, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/secret-uri", "SUBMISSION_ID": "s1"}
    subprocess.run([*WITHOUT_CAPABILITIES, sys.executable, str(script), "--code", str(tmp_path / "code.py"), "--cases",
                    str(tmp_path / "cases.json"), "--output", str(tmp_path / "out.json")], env=env, check=True,
                   capture_output=True)
    assert json.loads((tmp_path / "out.json").read_text())["cases"][0]["actual"] == "PermissionError\n"


def test_main_writes_a_local_file(runner, tmp_path, monkeypatch, capsys):
    (tmp_path / "code.py").write_text(ECHO_SUM)
    (tmp_path / "cases.json").write_text(json.dumps([{"input": "4 5\n", "expected": "9\n"}]))
    monkeypatch.setenv("SUBMISSION_ID", "local")
    argv = ["--code", str(tmp_path / "code.py"), "--cases", str(tmp_path / "cases.json"),
            "--output", str(tmp_path / "out.json")]
    assert runner.main(argv) == 0
    assert json.loads((tmp_path / "out.json").read_text())["cases"][0]["actual"] == "9\n"


def test_main_uploads_to_the_output_bucket(runner, aws, monkeypatch):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="out", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
    monkeypatch.setenv("SUBMISSION_ID", "s9")
    monkeypatch.setenv("OUTPUT_BUCKET", "out")
    monkeypatch.setenv("SUBMISSION_CODE", ECHO_SUM)
    monkeypatch.setenv("TEST_CASES", json.dumps([{"input": "1 1\n", "expected": "2\n"}]))
    assert runner.main([]) == 0
    body = json.loads(s3.get_object(Bucket="out", Key="results/s9.json")["Body"].read())
    assert body["submission_id"] == "s9" and body["cases"][0]["actual"] == "2\n"


def test_main_reports_missing_inputs(runner, monkeypatch, capsys):
    for name in ("SUBMISSION_ID", "SUBMISSION_KEY", "SUBMISSION_CODE", "TEST_CASES",
                 "OUTPUT_BUCKET", "GRADER_OUTPUT_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    assert runner.main([]) == 2
    assert "SUBMISSION_ID" in capsys.readouterr().err


def test_runner_and_grader_agree_on_the_result_key(runner, load):
    grader = load("lambdas/problem-grader/app.py")
    assert runner.result_key("abc") == grader.result_key("abc")


def test_main_reads_the_submission_object_the_workflow_names(runner, aws, monkeypatch):
    for name in ("SUBMISSION_CODE", "TEST_CASES", "TIME_LIMIT_SECONDS", "OUTPUT_BUCKET"):
        monkeypatch.delenv(name, raising=False)
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="out", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
    submission = {"code": ECHO_SUM, "time_limit_seconds": 3, "test_cases": [{"input": "2 3\n", "expected": "5\n"}]}
    s3.put_object(Bucket="out", Key="submissions/s7.json", Body=json.dumps(submission).encode())
    monkeypatch.setenv("SUBMISSION_ID", "s7")
    monkeypatch.setenv("SUBMISSION_KEY", "submissions/s7.json")
    monkeypatch.setenv("GRADER_OUTPUT_BUCKET", "out")
    assert runner.main([]) == 0
    result = json.loads(s3.get_object(Bucket="out", Key="results/s7.json")["Body"].read())
    assert (result["submission_id"], result["time_limit_seconds"]) == ("s7", 3)
    assert result["cases"][0]["actual"] == "5\n"
