"""Reserved concurrency against the account's quota (AG909). moto lacks lambda:GetAccountSettings, so the
account's numbers are canned answers (support.account_settings); the functions' reservations are moto's."""

from __future__ import annotations

import io
import zipfile

from tests.aws.support import CHECKOUT, account_settings, finding, ids, position, preflight


def test_a_reservation_that_leaves_100_unreserved_passes(clean):
    account_settings(clean, quota=1000, unreserved=120)
    assert ids(preflight(clean)) == []


def test_a_reservation_below_the_minimum_unreserved_fails(clean):
    account_settings(clean, quota=1000, unreserved=110)
    result = preflight(clean)
    assert ids(result) == ["AG909"]
    found = finding(result, "AG909")
    assert (found.line, found.column) == position("reserved_concurrency: 20", "20")
    assert "the functions reserve 20 concurrent executions (`checkout`: 20)" in found.message
    assert "below its minimum value of [100]" in found.message
    assert found.help.startswith("Reserve at most 10 in total")


def test_a_new_account_with_a_quota_of_10_cannot_reserve_anything(clean):
    account_settings(clean, quota=10, unreserved=10)
    found = finding(preflight(clean), "AG909")
    assert "a quota of 10" in found.message and "minimum value of [10]" in found.message


def test_what_the_spec_reserves_already_counts_as_available(clean):
    """A redeploy: the function holds its 20 already, so only 90 look unreserved, and it still fits."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return event\n")
    role = clean.client("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    lambda_ = clean.client("lambda")
    lambda_.create_function(FunctionName=CHECKOUT, Runtime="python3.12", Role=role, Handler="app.handler",
                            Code={"ZipFile": buffer.getvalue()})
    lambda_.put_function_concurrency(FunctionName=CHECKOUT, ReservedConcurrentExecutions=20)
    account_settings(clean, quota=1000, unreserved=120)
    assert "AG909" not in ids(preflight(clean))
