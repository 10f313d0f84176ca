"""Credentials (exit 2, not a finding) and the region of the AWS environment (AG901)."""

from __future__ import annotations

import boto3
import pytest

from alpaco_gen.aws import AwsUnavailable
from tests.aws.support import account_settings, answer, finding, ids, position, preflight, seed_clean_account


def test_the_spec_region_passes(clean):
    assert ids(preflight(clean)) == []


def test_no_configured_region_means_the_spec_region(session):
    unset = boto3.Session()
    assert unset.region_name is None
    seed_clean_account(unset)
    result = preflight(unset)
    assert result.region == "eu-west-1" and ids(result) == []


def test_another_configured_region_fails_and_the_spec_region_is_checked(clean):
    with_other_region = boto3.Session(region_name="us-east-1")
    account_settings(with_other_region, quota=1000, unreserved=1000)  # canned answers live on a session
    result = preflight(with_other_region)
    assert ids(result) == ["AG901"]
    found = finding(result, "AG901")
    assert (found.line, found.column) == position("region: eu-west-1", "eu-west-1")
    assert "the AWS environment is set to region `us-east-1`, the spec deploys to `eu-west-1`" \
        in found.message
    assert "--region eu-west-1" in found.help


def test_rejected_credentials_are_not_a_finding(session):
    answer(session, "sts.GetCallerIdentity", 403, {"Error": {
        "Code": "InvalidClientTokenId", "Message": "The security token included in the request is invalid."}})
    with pytest.raises(AwsUnavailable, match="cannot reach AWS / no credentials: ClientError: "
                                             "InvalidClientTokenId: The security token"):
        preflight(session)


def test_no_credentials_at_all_are_not_a_finding(monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(AwsUnavailable, match="cannot reach AWS / no credentials: NoCredentialsError"):
        preflight(boto3.Session(region_name="eu-west-1"))


def test_an_unknown_profile_is_not_a_finding():
    from alpaco_gen.aws.session import open_session

    with pytest.raises(AwsUnavailable, match="ProfileNotFound"):
        open_session("no-such-profile", None)
