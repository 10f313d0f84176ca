"""checkov checks the generated Terraform skips, and why: one table, written inline by the `skip` template
global and listed in docs/security.md (tests/verify/test_checkov.py keeps the two in step)."""

from __future__ import annotations

SKIPS = {
    "CKV_AWS_51": "commit tags are immutable; only the spec's deploy tags move, and deployments pin their digest",
    "CKV_AWS_272": "no AWS Signer pipeline: zip code is packaged by Terraform, and image functions cannot use "
                   "code signing",
    "CKV_AWS_116": "asynchronous failures go to async_invocation.on_failure (rule AG130), which supersedes a DLQ",
    "CKV_AWS_117": "the spec places this function outside a VPC; it calls AWS APIs over TLS with IAM auth only",
    "CKV_AWS_115": "the spec sets no reserved_concurrency; reserving would take capacity from the account pool",
    "CKV_AWS_111": "the writes on * cannot be scoped: EC2 network interfaces for Lambda VPC access, or a key "
                   "policy, whose * is the key itself",
    "CKV_AWS_356": "the actions on * support no resource-level scoping (EC2 ENIs, X-Ray, log delivery, the key)",
    "CKV_AWS_109": "a key policy's * is this key; the account-root statement is AWS's default key policy",
    "CKV_AWS_309": "the spec makes this route public (`authorization: none`), or it is a WebSocket route after "
                   "$connect, which takes no authorizer",
    "CKV2_AWS_51": "WebSocket APIs do not support client certificates",
    "CKV_AWS_18": "no separate access-log bucket per service; use CloudTrail S3 data events for object access",
    "CKV2_AWS_62": "nothing in the spec consumes bucket events",
    "CKV_AWS_144": "the service is single-region by spec; replication is a disaster-recovery choice",
    "CKV_AWS_21": "the spec turns versioning off for this bucket (`versioning: false`)",
    "CKV_AWS_76": "WebSocket access logs need the account's API Gateway CloudWatch role, which the spec sets "
                  "to `none`",
    "CKV_AWS_28": "the spec turns point-in-time recovery off for this table (`point_in_time_recovery: false`)",
    "CKV2_AWS_5": "ECS tasks get this group at run time (Step Functions RunTask), which checkov cannot see; "
                  "a group nothing uses is reported by rule AG805",
    "CKV2_AWS_57": "the generator creates the secret without a value and knows nothing of what it holds, so it "
                   "cannot rotate it; attach a rotation function of your own (docs/spec.md, Beyond the spec)",
    "CKV2_AWS_34": "the spec declares this parameter plain text (`type: String` or `StringList`); a value to "
                   "keep secret belongs in a SecureString, which the service key encrypts",
}


def skip(*check_ids: str) -> str:
    """The inline skip comments for these checks, one per line."""
    return "\n".join(f"#checkov:skip={check_id}:{SKIPS[check_id]}" for check_id in check_ids)
