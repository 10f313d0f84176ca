"""Fixtures of the container tests: moto_server on the loopback interface, the specs' resolved services."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[2]
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("moto_server did not start (pip install -e '.[dev]' installs moto[server])")
            time.sleep(0.1)


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """moto_server in its own process (its state is not the in-process mocks of other tests)."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(server, port)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def aws(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], object]:
    """boto3 clients on moto_server, for the test's own set-up and checks: aws("s3", region)."""
    import boto3

    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"),
                           timeout=10).close()

    def client(service: str, region: str) -> object:
        return boto3.client(service, region_name=region, endpoint_url=moto_endpoint,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    return client


def platform_env(moto_endpoint: str, region: str) -> dict[str, str]:
    """What Fargate and Lambda add: the region, and credentials (here keys for moto instead of the role's)."""
    return {"AWS_REGION": region, "AWS_DEFAULT_REGION": region, "AWS_ENDPOINT_URL": moto_endpoint,
            "AWS_EC2_METADATA_DISABLED": "true", **CREDENTIALS}


def checked(spec: str):
    from alpaco_gen.pipeline import check_spec

    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = check_spec(Path(spec))
    finally:
        os.chdir(cwd)
    assert result.service is not None and not result.has_errors, [f.message for f in result.findings]
    return result.service


def references(service) -> Callable[[str], str]:
    """Terraform expressions of the generated environment -> the names the resources have (in moto)."""
    known = {"local.region": service.spec.region}
    for bucket in service.buckets:
        known[f"aws_s3_bucket.{bucket.tf}.bucket"] = bucket.aws_name
    for table in service.tables:
        known[f"aws_dynamodb_table.{table.tf}.name"] = table.aws_name
    for api in service.apis:
        known[f"aws_apigatewayv2_api.{api.tf}.id"] = f"{api.tf}-id"
        known[f"aws_apigatewayv2_api.{api.tf}.api_endpoint"] = f"https://{api.tf}-id.example"

    def resolve(expression: str) -> str:
        if expression not in known:
            raise KeyError(f"the container tests do not know the value of `{expression}`: add it to references()")
        return known[expression]

    return resolve
