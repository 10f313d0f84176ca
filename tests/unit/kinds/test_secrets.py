"""Secrets and parameters: created without a value or referenced, read with exactly the grants `uses:` and task
`secrets:` need (the execution role for ECS), and every call of theirs allowed by the access simulation."""

from __future__ import annotations

from pathlib import Path

from alpaco_gen.access import simulate
from alpaco_gen.pipeline import check_spec
from alpaco_gen.render.files import render_service
from tests.helpers import REPO

SPEC = Path(__file__).with_name("secrets_service.yaml")


def _service():
    checked = check_spec(SPEC)
    assert checked.service is not None and not checked.has_errors, checked.findings
    return checked.service


def _statements(role):
    return {st.sid: st for st in role.statements}


def test_uses_grants_exactly_the_read_and_the_key_through_the_service():
    fn = _service().functions[0]
    statements = _statements(fn.role)
    assert statements["SecretDbRead"].actions == ("secretsmanager:GetSecretValue",)
    assert statements["SecretDbRead"].resources == ("aws_secretsmanager_secret.db.arn",)
    key = statements["SecretDbReadKey"]
    assert key.actions == ("kms:Decrypt",) and key.resources == ("aws_kms_key.main.arn",)
    assert [(c.variable, c.values) for c in key.conditions] == [
        ("kms:ViaService", ('"secretsmanager.${local.region}.amazonaws.com"',))]
    assert statements["ParameterApiKeyRead"].actions == ("ssm:GetParameter",)
    assert statements["ParameterApiKeyRead"].resources == (
        '"arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/acme/vault/dev/api-key"',)
    # A String parameter has no key to grant; a referenced secret on AWS's own key neither.
    assert "ParameterApiUrlReadKey" not in statements and "SecretUpstreamReadKey" not in statements
    assert statements["ParameterSharedReadKey"].resources == (
        '"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"',)


def test_uses_sets_the_arn_or_name_never_a_value():
    fn = _service().functions[0]
    assert fn.links == {
        "DB_SECRET_ARN": "aws_secretsmanager_secret.db.arn",
        "UPSTREAM_SECRET_ARN": '"arn:aws:secretsmanager:us-east-1:123456789012:secret:upstream-AbCdEf"',
        "API_KEY_PARAMETER": '"/acme/vault/dev/api-key"',
        "API_URL_PARAMETER": '"/acme/vault/dev/api-url"',
        "SHARED_PARAMETER": '"/team/shared-key"',
    }


def test_task_secrets_go_to_the_execution_role_not_the_task_role():
    task = _service().tasks[0]
    execution = _statements(task.execution_role)
    assert execution["SecretDbForEcs"].actions == ("secretsmanager:GetSecretValue",)
    assert execution["ParameterApiKeyForEcs"].actions == ("ssm:GetParameters",)
    assert "SecretDbForEcsKey" in execution and "ParameterSharedForEcsKey" in execution
    assert not any("secretsmanager" in a or "ssm:" in a for st in task.role.statements for a in st.actions)
    assert [(v.name, v.value_from) for v in task.secrets] == [
        ("DB_PASSWORD", '"${aws_secretsmanager_secret.db.arn}:password::"'),
        ("DB_USER", '"${aws_secretsmanager_secret.db.arn}:user$${x}::"'),  # a JSON key is text, not a template
        ("UPSTREAM", '"arn:aws:secretsmanager:us-east-1:123456789012:secret:upstream-AbCdEf"'),
        ("API_KEY", '"arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/acme/vault/dev/'
                    'api-key"'),
        ("SHARED", '"arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/team/shared-key"'),
    ]


def test_every_call_is_allowed_and_every_grant_used():
    result = simulate(_service())
    actions = {(c.principal, c.action) for c in result.calls}
    assert ("aws_iam_role.task_loader_execution", "ssm:GetParameters") in actions
    assert ("aws_iam_role.function_reader", "secretsmanager:GetSecretValue") in actions
    assert result.missing == [] and result.unused == []


def test_created_resources_hold_no_value():
    files = render_service(_service(), REPO / "generated", REPO, SPEC)
    secrets = files["vault/terraform/secretsmanager.tf"]
    assert "aws_secretsmanager_secret_version" not in secrets and "secret_string" not in secrets
    assert "kms_key_id              = aws_kms_key.main.arn" in secrets
    ssm = files["vault/terraform/ssm.tf"]
    assert "ignore_changes = [value]" in ssm and ssm.count("key_id = aws_kms_key.main.arn") == 1
    assert "upstream" not in secrets and "shared" not in ssm  # referenced: nothing created


def test_an_undeclared_secret_or_parameter_is_ag101_with_a_did_you_mean():
    text = SPEC.read_text(encoding="utf-8").replace("{secret: db, access: read}", "{secret: dbb, access: read}")
    text = text.replace("API_KEY: {parameter: api-key}", "API_KEY: {parameter: api_key}")
    checked = check_spec(SPEC, text=text)
    assert {f.rule_id for f in checked.findings if f.severity.value == "error"} == {"AG101"}
    findings = [(f.rule_id, f.path[-4:], f.message, f.help) for f in checked.findings if f.rule_id == "AG101"]
    assert findings == [
        ("AG101", ("reader", "uses", 0, "secret"), "secret `dbb` is not declared in `secrets`",
         "did you mean `db`? Declare it under `secrets` or use one of: db, upstream"),
        ("AG101", ("loader", "secrets", "API_KEY", "parameter"), "parameter `api_key` is not declared in `parameters`",
         "did you mean `api-key`? Declare it under `parameters` or use one of: api-key, api-url, shared"),
    ]
