"""Helpers of the container tests (imported by name: tests/verify has a conftest module of its own)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def free_port() -> int:
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


MOTO_ACCOUNT = "123456789012"


def ecs_secrets(secrets: dict[str, str], client: Callable[[str, str], Any], region: str) -> dict[str, str]:
    """What ECS puts in the environment for a task definition's `secrets`: each valueFrom read as the execution
    role would, a secret (`<arn or name>[:json-key:version-stage:version-id]`) or a parameter ARN."""
    values = {}
    for variable, value_from in secrets.items():
        if value_from.startswith("arn:") and value_from.split(":")[2] == "ssm":
            name = value_from.split(":", 5)[5].removeprefix("parameter")
            found = client("ssm", region).get_parameters(Names=[name], WithDecryption=True)
            assert not found["InvalidParameters"], f"ECS: {variable}: no parameter {name}"
            values[variable] = found["Parameters"][0]["Value"]
            continue
        parts = value_from.split(":")
        secret_id, extra = (":".join(parts[:7]), parts[7:]) if value_from.startswith("arn:") else (parts[0], parts[1:])
        text = client("secretsmanager", region).get_secret_value(SecretId=secret_id)["SecretString"]
        values[variable] = str(json.loads(text)[extra[0]]) if extra and extra[0] else text
    return values


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
    known = {"local.region": service.spec.region, "local.partition": "aws", "local.account_id": MOTO_ACCOUNT}
    for secret in service.secrets:
        if secret.address:  # its ARN ends in a suffix Secrets Manager draws; ECS takes the name as well
            known[secret.address.arn] = secret.aws_name
    for bucket in service.buckets:
        known[bucket.address.bucket] = bucket.aws_name
    for table in service.tables:
        known[table.address.name] = table.aws_name
    for api in service.apis:
        known[api.address.id] = f"{api.tf}-id"
        known[api.address.api_endpoint] = f"https://{api.tf}-id.example"

    def resolve(expression: str) -> str:
        if expression not in known:
            raise KeyError(f"the container tests do not know the value of `{expression}`: add it to references()")
        return known[expression]

    return resolve
