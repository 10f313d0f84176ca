"""Fixtures of the preflight tests. No test reaches AWS: fake credentials, no config files, moto."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.aws.support import REGION, seed_clean_account


@pytest.fixture(autouse=True)
def fake_aws_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing of the developer's AWS set-up applies: no profile, endpoint, region or credentials."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def session() -> Iterator[Any]:
    """A boto3 session in the spec's region, every call served by moto; the account is empty."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        yield boto3.Session(region_name=REGION)


@pytest.fixture
def clean(session: Any) -> Any:
    """The account as the deploy procedure leaves it right before preflight: everything in place."""
    seed_clean_account(session)
    return session
