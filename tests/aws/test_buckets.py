"""Bucket names (AG907, AG908): free, ours already, or another account's.

moto answers HeadBucket with 200 for a bucket of the same account and 404 for a free name. It has no other
accounts, so the 403 of someone else's bucket is a canned answer (botocore's before-call event, see
support.answer): the same error botocore raises for a real 403.
"""

from __future__ import annotations

from tests.aws.support import BUCKET, OWNER_TAGS, answer, finding, ids, position, preflight, tag_list

HERE = {"LocationConstraint": "eu-west-1"}


def test_a_free_name_passes(clean):
    assert ids(preflight(clean)) == []


def test_a_bucket_of_this_account_outside_terraform_warns_with_an_import_block(clean):
    clean.client("s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration=HERE)
    result = preflight(clean)
    assert ids(result) == ["AG908"]
    found = finding(result, "AG908")
    assert (found.line, found.column) == position("uploads: {}", "uploads")
    assert f"bucket `{BUCKET}` already exists in account 123456789012" in found.message
    assert f'import {{\n      to = aws_s3_bucket.uploads\n      id = "{BUCKET}"\n    }}' in found.help
    assert not result.checked.has_errors


def test_a_bucket_with_this_services_tags_is_a_redeploy(clean):
    s3 = clean.client("s3")
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration=HERE)
    s3.put_bucket_tagging(Bucket=BUCKET, Tagging={"TagSet": tag_list(OWNER_TAGS)})
    assert ids(preflight(clean)) == []


def test_a_bucket_of_this_account_in_another_region_fails(clean):
    clean.client("s3", region_name="us-west-2").create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    found = finding(preflight(clean), "AG907")
    assert "already exists in this account, in region `us-west-2`" in found.message


def test_a_name_another_account_owns_fails(clean):
    answer(clean, "s3.HeadBucket", 403, {"Error": {"Code": "403", "Message": "Forbidden"}})
    result = preflight(clean)
    assert ids(result) == ["AG907"]
    found = finding(result, "AG907")
    assert found.severity.value == "error"
    assert f"bucket name `{BUCKET}` is taken by another AWS account (HeadBucket: 403)" in found.message
    assert "BucketAlreadyExists" in found.message and "rename the bucket" in found.help
