"""The IAM catalog behind rules AG160-AG166: it knows every action the generator grants itself, matches ARNs to
resource types like IAM, and is imported only for specs with `policies:`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from alpaco_gen.pipeline import check_spec
from alpaco_gen.rules.iam import _catalog
from tests.helpers import REPO, SPECS


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_action_the_generator_grants_is_in_the_catalog(spec):
    service = check_spec(spec).service
    assert service is not None
    statements = [st for role in service.roles for st in role.statements] + list(service.key.statements)
    unknown = sorted({a for st in statements for a in st.actions if "*" not in a and not _catalog.actions(a)})
    assert unknown == []


@pytest.mark.parametrize(("arn_format", "arn", "fits"), [
    ("arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/*", True),
    ("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b/*", False),  # objects are not the bucket
    ("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::b", True),
    ("arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}", "arn:aws:dynamodb:*:1:table/t", True),
    ("arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}", "arn:aws:sqs:us-east-1:1:t", False),
    ("arn:${Partition}:sqs:${Region}:${Account}:${QueueName}", "arn:aws:sqs:us-east-1:1:*", True),
    ("arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/${aws:username}/*", True),
])
def test_arns_fit_resource_types_like_iam(arn_format, arn, fits):
    assert _catalog.arn_fits(arn_format, arn) is fits


def test_actions_match_case_insensitively_and_by_wildcard():
    assert [a.full for a in _catalog.actions("S3:getobject")] == ["s3:GetObject"]
    assert {"dynamodb:GetItem", "dynamodb:GetRecords"} <= {a.full for a in _catalog.actions("dynamodb:Get*")}
    assert _catalog.actions("s3:GetObjects") == () and _catalog.actions("nosuch:Get") == ()
    assert _catalog.global_key("aws:ResourceTag/team") and not _catalog.global_key("aws:NoSuchKey")


def test_the_catalog_is_imported_only_for_specs_with_policies():
    program = ("import sys\nfrom pathlib import Path\nfrom alpaco_gen.pipeline import check_spec\n"
               "check_spec(Path(sys.argv[1]))\nprint('policy_sentry' in sys.modules)")
    runs = {name: subprocess.run([sys.executable, "-c", program, str(path)], cwd=REPO, capture_output=True,
                                 text=True, timeout=120).stdout.strip()
            for name, path in (("without", REPO / "specs" / "nightly_batch.yaml"),
                               ("with", REPO / "tests" / "rules" / "fixtures" / "AG161" / "pass.yaml"))}
    assert runs == {"without": "False", "with": "True"}
