"""Fixtures of the container tests: moto_server on the loopback interface, the specs' resolved services."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

if str(Path(__file__).parent) not in sys.path:
    sys.path.append(str(Path(__file__).parent))  # after tests/verify, whose tests import its `conftest`

from runtime_support import free_port, wait_for_port  # noqa: E402


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """moto_server in its own process (its state is not the in-process mocks of other tests)."""
    port = free_port()
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
