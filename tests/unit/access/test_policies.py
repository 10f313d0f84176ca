"""`policies:` in the access simulation: evaluated like every statement (a Deny blocks a generated call), but
not reported as unused, since they grant calls the generator does not model."""

from __future__ import annotations

from alpaco_gen.access import simulate
from alpaco_gen.pipeline import check_spec
from tests.helpers import REPO

SPEC = REPO / "tests" / "unit" / "kinds" / "secrets_service.yaml"
DENY = """    policies:
      - effect: Deny
        actions: [secretsmanager:GetSecretValue]
        resources: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:upstream-AbCdEf"]
"""


def _service(text: str):
    checked = check_spec(SPEC, text=text)  # as if the spec file held `text`
    assert checked.service is not None and not checked.has_errors, [f.message for f in checked.findings]
    return checked.service


def test_extra_statements_are_in_the_role_but_never_unused():
    service = _service(SPEC.read_text(encoding="utf-8"))
    task_role = service.tasks[0].role
    [extra] = [st for st in task_role.statements if st.extra]
    assert (extra.sid, extra.actions) == ("Policy0", ("ses:SendEmail",))
    result = simulate(service)
    assert result.unused == [] and result.missing == []
    assert not any(c.action == "ses:SendEmail" for c in result.calls)  # nobody models it


def test_a_deny_in_policies_blocks_the_generated_call_and_is_reported():
    text = SPEC.read_text(encoding="utf-8").replace(
        "      - {parameter: shared, access: read}\n", "      - {parameter: shared, access: read}\n" + DENY, 1)
    missing = [(c.principal, c.action, c.resource, why) for c, why in simulate(_service(text)).missing]
    assert missing == [("aws_iam_role.function_reader", "secretsmanager:GetSecretValue",
                        '"arn:aws:secretsmanager:us-east-1:123456789012:secret:upstream-AbCdEf"',
                        "an explicit Deny applies")]
