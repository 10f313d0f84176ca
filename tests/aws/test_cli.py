"""`alpaco-gen preflight` as users run it: exit codes, the AWS environment, and boto3 kept out of the rest."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from alpaco_gen.cli import cli
from tests.aws.support import (
    OCI_INDEX,
    REGION,
    STREAM_REPO,
    docker_manifest,
    oci_index,
    push,
    seed_clean_account,
    write_spec,
)
from tests.helpers import REPO

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"


def _without_reservations(data):
    """moto lacks lambda:GetAccountSettings; the CLI makes its own session, which no canned answer reaches."""
    del data["functions"]["checkout"]["reserved_concurrency"]


def _broken(data):
    data["functions"]["stream"]["memory"] = "lots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(tmp_path: Path, endpoint: str) -> dict[str, str]:
    """The subprocess sees fake credentials and the endpoint, nothing of the developer's AWS set-up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return {**env, "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION, "AWS_MAX_ATTEMPTS": "1",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": str(tmp_path / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-aws-credentials"),
            "PYTHONPATH": str(REPO), "NO_COLOR": "1"}


def _alpaco_gen(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alpaco_gen", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def moto_server(tmp_path: Path) -> Iterator[str]:
    """moto's standalone server on a free local port, as its own process; always terminated."""
    port = _free_port()
    executable = shutil.which("moto_server")
    command = [executable] if executable else [sys.executable, "-m", "moto.server"]
    log = (tmp_path / "moto_server.log").open("wb")
    process = subprocess.Popen([*command, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "moto_server.log").read_text()
            try:
                with urllib.request.urlopen(f"{url}/moto-api/", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "moto_server did not answer within 60 s"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_preflight_against_moto_server_through_aws_endpoint_url(moto_server, tmp_path, monkeypatch):
    import boto3

    env = _environment(tmp_path, moto_server)
    for name, value in env.items():
        if name.startswith("AWS_"):
            monkeypatch.setenv(name, value)  # seeding honours AWS_ENDPOINT_URL too: no endpoint_url anywhere
    session = boto3.Session(region_name=REGION)
    seed_clean_account(session)
    push(session, STREAM_REPO, "v1", oci_index("amd64", "e2e"), OCI_INDEX)
    write_spec(tmp_path, _without_reservations)

    failing = _alpaco_gen("preflight", "service.yaml", cwd=tmp_path, env=env)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "error AG903 image-index-manifest" in failing.stdout
    assert "is an OCI image index (linux/amd64 + 1 attestation manifest)" in failing.stdout
    assert "--provenance=false --sbom=false" in failing.stdout
    assert failing.stdout.startswith("service.yaml:")

    push(session, STREAM_REPO, "v1", docker_manifest("amd64", "e2e"), DOCKER_MANIFEST)
    passing = _alpaco_gen("preflight", "service.yaml", cwd=tmp_path, env=env)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert passing.stdout == ""
    assert "service.yaml: preflight ok (account 123456789012, eu-west-1)" in passing.stderr

    session.client("apigateway").update_account(
        patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": ""}])
    as_json = _alpaco_gen("preflight", "service.yaml", "--format", "json", cwd=tmp_path, env=env)
    assert as_json.returncode == 1
    report = json.loads(as_json.stdout)
    assert [f["rule_id"] for f in report["findings"]] == ["AG905"]
    assert report["summary"]["errors"] == 1


def test_an_unreachable_endpoint_exits_2_quickly(tmp_path):
    write_spec(tmp_path)
    started = time.monotonic()
    result = _alpaco_gen("preflight", "service.yaml", cwd=tmp_path,
                         env=_environment(tmp_path, f"http://127.0.0.1:{_free_port()}"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("error: cannot reach AWS / no credentials: EndpointConnectionError: ")
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert time.monotonic() - started < 30


def test_spec_errors_exit_1_before_any_aws_call(tmp_path):
    write_spec(tmp_path, _broken)
    # The endpoint is closed: had preflight called AWS, it would have exited 2.
    result = _alpaco_gen("preflight", "service.yaml", cwd=tmp_path,
                         env=_environment(tmp_path, f"http://127.0.0.1:{_free_port()}"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wrong-type" in result.stdout
    assert "service.yaml: AWS not checked: fix the errors above" in result.stderr


def _imported(stderr: str) -> set[str]:
    """Module names from the `-X importtime` lines: `import time: self | cumulative | name`."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


@pytest.mark.parametrize("command", [["validate", "service.yaml"],
                                     ["render", "service.yaml", "--out", "out"]], ids=["validate", "render"])
def test_validate_and_render_never_import_boto3(tmp_path, command):
    write_spec(tmp_path)
    env = _environment(tmp_path, "http://127.0.0.1:9")
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "alpaco_gen", *command], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    names = _imported(result.stderr)
    assert "alpaco_gen.cli" in names, "the parse found the tool's own modules"
    assert not {n for n in names if n.split(".")[0] in ("boto3", "botocore", "moto")}


def test_the_importtime_parse_sees_boto3_when_it_is_imported(tmp_path):
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import boto3"], capture_output=True,
                            text=True, timeout=120)
    assert {"boto3", "botocore"} <= _imported(result.stderr)


# --- in process, with moto ---------------------------------------------------------------------------------

def _invoke(*args: str):
    return CliRunner().invoke(cli, ["preflight", *args])


def test_clean_exits_0_and_errors_exit_1(clean, tmp_path):
    spec = str(write_spec(tmp_path, _without_reservations))
    ok = _invoke(spec)
    assert ok.exit_code == 0, ok.output
    push(clean, STREAM_REPO, "v1", oci_index("amd64", "cli"), OCI_INDEX)
    failed = _invoke(spec, "--format", "github")
    assert failed.exit_code == 1
    assert failed.output.startswith("::error file=") and "title=AG903 image-index-manifest" in failed.output


def test_region_option_that_is_not_the_spec_region_exits_1(clean, tmp_path):
    spec = str(write_spec(tmp_path, _without_reservations))
    result = _invoke(spec, "--region", "us-east-1", "--format", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.output)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["AG901"]
    assert any(d["id"] == "AG901" for d in sarif["runs"][0]["tool"]["driver"]["rules"])


def test_warnings_alone_exit_0(clean, tmp_path):
    clean.client("dynamodb").create_table(
        TableName="acme-shop-orders-dev", KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "order_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")
    result = _invoke(str(write_spec(tmp_path, _without_reservations)))
    assert result.exit_code == 0, result.output
    assert "warning AG908 exists-outside-terraform" in result.output
    assert "to = aws_dynamodb_table.orders" in result.output


def test_a_suppressed_preflight_rule_is_not_reported(clean, tmp_path):
    push(clean, STREAM_REPO, "v1", oci_index("amd64", "ignored"), OCI_INDEX)

    def ignore_on_the_function(data):
        _without_reservations(data)
        data["functions"]["stream"]["ignore"] = ["image-index-manifest"]
    result = _invoke(str(write_spec(tmp_path, ignore_on_the_function)))
    assert result.exit_code == 0, result.output


def test_the_seed_is_reachable_only_through_moto(clean):
    """The fixtures' guard: the developer's AWS settings are gone and moto answers as account 123456789012."""
    assert not os.environ.get("AWS_PROFILE") and not os.environ.get("AWS_ENDPOINT_URL")
    assert clean.client("sts").get_caller_identity()["Account"] == "123456789012"
