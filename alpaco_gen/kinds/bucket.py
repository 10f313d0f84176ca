"""S3 buckets (`buckets:`): private, encrypted with the service key, TLS only."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Drawn, Kind, Output, Planned, tf_id
from alpaco_gen.kinds.iam import Condition, Principal, Statement, arn_text, sid, via
from alpaco_gen.kinds.key import KEY
from alpaco_gen.kinds.notification import Notification
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Suppressible

OBJECT_READ = ("s3:GetObject",)
OBJECT_WRITE = ("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject")
# Every bucket has these besides the bucket itself; versioning adds aws_s3_bucket_versioning.
PARTS = ("bucket_public_access_block", "bucket_ownership_controls", "bucket_server_side_encryption_configuration",
         "bucket_lifecycle_configuration", "bucket_policy")


class BucketSpec(Suppressible):
    model_config = ConfigDict(title="Bucket")

    versioning: bool = False
    expire_days: int | None = Field(None, ge=1, description="Expire objects after N days.")
    force_destroy: bool | None = Field(
        None, description="Let `terraform destroy` delete the bucket with every object and version in it. "
        "Unset: the opposite of the spec's `deletion_protection`.")
    notifications: list[Notification] = Field(default_factory=lambda: [], description="S3 events delivered to "
                                              "functions, queues and topics.")


def address(name: str) -> Address:
    return Address("aws_s3_bucket", tf_id(name))


@record
class Bucket:
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: BucketSpec
    path: SpecPath

    def part(self, kind: str) -> Address:
        """One of its configuration resources: `part("bucket_policy")` -> aws_s3_bucket_policy.<name>."""
        return Address(f"aws_s3_{kind}", self.tf)

    @property
    def policy_document(self) -> Address:
        return Address("aws_iam_policy_document", f"s3_{self.tf}", True)


class BucketKind(Kind):
    key = "bucket"
    section = ("buckets",)
    spec_model = BucketSpec
    doc_models = (BucketSpec, Notification)
    description = "S3 buckets."
    templates = ("s3.tf",)
    drawn = Drawn("bucket", '[("%s")]', "cylinder")
    access = ("read", "write", "read_write")
    use_options = ("prefix",)
    link_suffix = "BUCKET"
    called_api = "S3"
    endpoint = "s3"

    def resolve(self, ctx: Context) -> Mapping[str, Bucket]:
        return {n: Bucket(n, tf_id(n), address(n), ctx.names.resource(n), b, (*self.section, n))
                for n, b in self.entries(ctx.spec).items()}

    def planned(self, objs: tuple[Bucket, ...]) -> Iterator[Planned]:
        for obj in objs:
            owner = f"bucket `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner)
            parts = PARTS + (("bucket_versioning",) if obj.spec.versioning else ())
            yield from (Planned(obj.part(part), obj.path, obj.name, owner) for part in parts)

    def outputs(self, objs: tuple[Bucket, ...]) -> Iterator[Output]:
        yield from (Output(f"bucket_{obj.tf}_name", obj.address.bucket) for obj in objs)

    def grants(self, ctx: Context, name: str, access: str, prefix: str = "") -> list[Statement]:
        reads, writes = access in ("read", "read_write"), access in ("write", "read_write")
        bucket = address(name)
        statements = []
        if reads:
            listed = (Condition("StringLike", "s3:prefix", (f'"{prefix}*"',)),) if prefix else ()
            statements.append(Statement(sid("bucket", name, "list", prefix), ("s3:ListBucket",), (bucket.arn,),
                                        listed))
        actions = (OBJECT_READ if reads else ()) + (OBJECT_WRITE if writes else ())
        statements.append(Statement(sid("bucket", name, access, prefix), tuple(sorted(actions)),
                                    (f'"{bucket.interpolated("arn")}/{prefix}*"',)))
        kms = ("kms:Decrypt",) + (("kms:GenerateDataKey",) if writes else ())
        statements.append(Statement(sid("bucket", name, "key"), kms, (KEY.arn,)))
        return statements

    def use_calls(self, obj: Bucket, access: str,
                  prefix: str = "") -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        reads, writes = access in ("read", "read_write"), access in ("write", "read_write")
        tls = (("aws:SecureTransport", '"true"'),)
        an_object = f'"{obj.address.interpolated("arn")}/{prefix}an/object"'
        listed = (("s3:prefix", f'"{prefix}"'),) if prefix else ()
        calls = [("s3:ListBucket", obj.address.arn, tls + listed)] if reads else []
        actions = (OBJECT_READ if reads else ()) + (OBJECT_WRITE if writes else ())
        calls += [(action, an_object, tls) for action in actions]
        kms = ("kms:Decrypt",) + (("kms:GenerateDataKey",) if writes else ())
        return calls + [(action, KEY.arn, via("s3")) for action in kms]

    def arns(self, objs: tuple[Bucket, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, arn_text("s3", obj.aws_name, regional=False).replace("${local.account_id}", ""))
                    for obj in objs)

    def resource_policies(self, objs: tuple[Bucket, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        for obj in objs:
            objects = f'"{obj.address.interpolated("arn")}/*"'
            deny = Statement("DenyInsecureTransport", ("s3:*",), (obj.address.arn, objects),
                             (Condition("Bool", "aws:SecureTransport", ('"false"',)),), (Principal("*", ('"*"',)),),
                             "Deny")
            yield obj.address.arn, (deny,)
            yield objects, (deny,)

    def link(self, ctx: Context, name: str) -> str:
        return address(name).bucket

    def deployed_link(self, obj: Any, deployed: Any) -> str:
        return str(obj.aws_name)
