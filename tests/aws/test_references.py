"""What the spec references but does not create (AG911-AG915), on moto: secrets, parameters, KMS keys, hosted
zones and API domain certificates. `account` creates everything references.yaml names and writes the spec with
the ARNs and ids moto handed out; each test then breaks one thing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from alpaco_gen.aws.domains import covers
from tests.aws.support import REGION, answer, finding, ids, position, preflight

SPEC = Path(__file__).with_name("references.yaml")


class Account:
    """The moto account with every referenced resource in place, and the spec that references them."""

    def __init__(self, session: Any, tmp_path: Path) -> None:
        self.session, self.tmp_path = session, tmp_path
        kms = session.client("kms", region_name=REGION)
        self.key = kms.create_key()["KeyMetadata"]
        self.secret_arn = session.client("secretsmanager").create_secret(Name="db", SecretString="s")["ARN"]
        ssm = session.client("ssm")
        ssm.put_parameter(Name="/team/api-key", Type="SecureString", KeyId=self.key["Arn"], Value="v")
        ssm.put_parameter(Name="/team/flags", Type="StringList", Value="a,b")
        self.zones = 0
        self.zone("example.com")
        self.inner = self.zone("inner.example", private=True)
        acm = session.client("acm")
        self.certificate = acm.request_certificate(DomainName="*.example.com",
                                                   SubjectAlternativeNames=["example.com"])["CertificateArn"]
        self.data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
        self.data["secrets"]["db"]["arn"] = self.secret_arn
        self.data["parameters"]["api-key"]["kms_key_arn"] = self.key["Arn"]
        self.data["hosted_zones"]["inner"]["id"] = self.inner
        self.data["apis"]["web"]["domain"]["certificate_arn"] = self.certificate

    def zone(self, name: str, private: bool = False) -> str:
        extra: dict[str, Any] = {}
        if private:
            vpc = self.session.client("ec2").create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
            extra = {"HostedZoneConfig": {"PrivateZone": True}, "VPC": {"VPCRegion": REGION, "VPCId": vpc}}
        self.zones += 1
        created = self.session.client("route53").create_hosted_zone(
            Name=name, CallerReference=f"zone-{self.zones}", **extra)
        return str(created["HostedZone"]["Id"].split("/")[-1])

    def preflight(self) -> Any:
        path = self.tmp_path / "references.yaml"
        path.write_text(yaml.safe_dump(self.data, sort_keys=False), encoding="utf-8")
        self.spec = path
        return preflight(self.session, path)

    def at(self, result: Any, rule_id: str, line_text: str, value: str) -> Any:
        found = finding(result, rule_id)
        assert (found.line, found.column) == position(line_text, value, self.spec)
        return found


@pytest.fixture
def account(session: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Account:
    import moto.settings

    monkeypatch.setattr(moto.settings, "ACM_VALIDATION_WAIT", -1)  # requested certificates are ISSUED at once
    return Account(session, tmp_path)


def test_everything_referenced_in_place_passes(account):
    result = account.preflight()
    assert ids(result) == [], [f.message for f in result.checked.findings]


# --- secrets (AG911) --------------------------------------------------------------------------------------

def test_a_secret_that_does_not_exist_fails_at_its_arn(account):
    account.data["secrets"]["db"]["arn"] = account.secret_arn[:-6] + "XXXXXX"
    result = account.preflight()
    assert ids(result) == ["AG911"]
    found = account.at(result, "AG911", "arn: arn:aws:secretsmanager", "arn:aws:secretsmanager")
    assert found.severity.value == "error"
    assert "does not exist in account 123456789012, region eu-west-1" in found.message
    assert "6-character suffix" in found.help


def test_a_partial_arn_fails_with_the_full_one_in_the_fix(account):
    full = account.session.client("secretsmanager").create_secret(Name="prod/api-secret", SecretString="s")["ARN"]
    account.data["secrets"]["db"]["arn"] = full[:-7]  # the name ends like a suffix: validate cannot tell
    found = finding(account.preflight(), "AG911")
    assert "is a partial ARN of" in found.message and f"`{full}`" in found.help


def test_a_secret_scheduled_for_deletion_fails(account):
    account.session.client("secretsmanager").delete_secret(SecretId=account.secret_arn, RecoveryWindowInDays=7)
    found = finding(account.preflight(), "AG911")
    assert "is scheduled for deletion" in found.message and "restore-secret" in found.help


def test_a_secret_under_a_customer_key_the_spec_does_not_name_fails(account):
    secrets = account.session.client("secretsmanager")
    arn = secrets.create_secret(Name="locked", SecretString="s", KmsKeyId=account.key["Arn"])["ARN"]
    account.data["secrets"]["db"]["arn"] = arn
    found = finding(account.preflight(), "AG911")
    assert "the generated roles get no kms:Decrypt on it" in found.message and "kms_key_arn" in found.help
    account.data["secrets"]["db"]["kms_key_arn"] = account.key["Arn"]
    assert ids(account.preflight()) == []


# --- parameters (AG912) -----------------------------------------------------------------------------------

def test_a_parameter_that_does_not_exist_fails_at_its_name(account):
    account.data["parameters"]["flags"]["name"] = "/team/flag"
    result = account.preflight()
    assert ids(result) == ["AG912"]
    found = account.at(result, "AG912", "name: /team/flag", "/team/flag")
    assert "`/team/flag` does not exist" in found.message and "put-parameter --name /team/flag" in found.help


def test_a_live_secure_string_the_spec_calls_plain_fails(account):
    account.session.client("ssm").put_parameter(Name="/team/flags", Type="SecureString", Value="v", Overwrite=True)
    found = finding(account.preflight(), "AG912")
    assert found.severity.value == "error" and "is a SecureString, the spec says StringList" in found.message


def test_a_plain_parameter_the_spec_calls_a_string_list_warns(account):
    account.data["parameters"]["flags"]["type"] = "String"
    found = finding(account.preflight(), "AG912")
    assert found.severity.value == "warning" and "is a StringList, the spec says String" in found.message
    assert found.help.startswith("Set `type: StringList`")


def test_a_parameter_under_another_key_than_kms_key_arn_fails(account):
    other = account.session.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"]
    account.data["parameters"]["api-key"]["kms_key_arn"] = other  # exists and is Enabled: AG915 is quiet
    result = account.preflight()
    assert ids(result) == ["AG912"]
    found = finding(result, "AG912")
    assert f"encrypted with the customer managed key `{account.key['Arn']}`, and the spec names `{other}`" \
        in found.message


# --- KMS keys (AG915) -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "state"), [
    (lambda kms, key: kms.disable_key(KeyId=key), "Disabled"),
    (lambda kms, key: kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7), "PendingDeletion"),
])
def test_a_key_that_is_not_enabled_fails_at_kms_key_arn(account, change, state):
    change(account.session.client("kms", region_name=REGION), account.key["KeyId"])
    result = account.preflight()
    assert ids(result) == ["AG915"]
    found = account.at(result, "AG915", "kms_key_arn", "arn:aws:kms")
    assert f"is {state}, not Enabled" in found.message and "enable-key" in found.help


def test_a_key_that_does_not_exist_fails(account):
    account.data["parameters"]["api-key"]["kms_key_arn"] = account.key["Arn"][:-4] + "0000"
    assert "does not exist (DescribeKey: NotFoundException)" in finding(account.preflight(), "AG915").message


def test_a_key_in_another_region_is_looked_up_there(account):
    other = account.session.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]["Arn"]
    account.data["parameters"]["api-key"]["kms_key_arn"] = other
    assert "AG915" not in ids(account.preflight())


# --- hosted zones (AG913) ---------------------------------------------------------------------------------

def test_a_zone_name_without_a_zone_fails(account):
    account.data["hosted_zones"]["public"]["name"] = "example.org"
    account.data["apis"]["web"]["domain"]["zone"] = "inner"  # keep the domain rules of validate quiet
    account.data["apis"]["web"]["domain"]["name"] = "api.inner.example"
    account.data["apis"]["web"]["domain"]["certificate_arn"] = account.session.client("acm").request_certificate(
        DomainName="api.inner.example")["CertificateArn"]
    result = account.preflight()
    assert ids(result) == ["AG913"]
    found = account.at(result, "AG913", "name: example.org", "example.org")
    assert "no zone named `example.org`" in found.message


def test_a_zone_id_of_the_other_privacy_fails_at_private(account):
    account.data["hosted_zones"]["inner"]["private"] = False
    found = finding(account.preflight(), "AG913")
    assert "is private, the spec says public" in found.message and found.help == "Set `private: true`"


def test_a_name_that_only_a_private_zone_has_fails(account):
    account.data["hosted_zones"]["public"]["name"] = "inner.example"
    account.data["apis"]["web"]["domain"]["name"] = "api.inner.example"
    account.data["apis"]["web"]["domain"]["certificate_arn"] = account.session.client("acm").request_certificate(
        DomainName="api.inner.example")["CertificateArn"]
    found = finding(account.preflight(), "AG913")
    assert "exists only as a private zone, the spec asks for a public one" in found.message


def test_two_zones_of_one_name_fail_with_their_ids(account):
    second = account.zone("example.com")
    found = finding(account.preflight(), "AG913")
    assert "2 public zones are named `example.com`" in found.message and second in found.message
    assert found.help == "Name the zone by `id` instead of `name`"


def test_a_zone_id_that_does_not_exist_fails(account):
    account.data["hosted_zones"]["inner"]["id"] = "ZNOSUCHZONE"
    assert "no zone with id `ZNOSUCHZONE`" in finding(account.preflight(), "AG913").message


# --- certificates (AG914) ---------------------------------------------------------------------------------

def test_a_certificate_that_does_not_exist_fails_at_certificate_arn(account):
    account.data["apis"]["web"]["domain"]["certificate_arn"] = account.certificate[:-4] + "0000"
    result = account.preflight()
    assert ids(result) == ["AG914"]
    found = account.at(result, "AG914", "certificate_arn", "arn:aws:acm")
    assert "does not exist in account 123456789012, region eu-west-1" in found.message
    assert "aws acm request-certificate --domain-name api.example.com" in found.help


def test_a_certificate_pending_validation_fails(account, monkeypatch):
    import moto.settings

    monkeypatch.setattr(moto.settings, "ACM_VALIDATION_WAIT", 3600)
    found = finding(account.preflight(), "AG914")
    assert "is PENDING_VALIDATION, not ISSUED" in found.message and "Complete its validation" in found.help


def test_a_certificate_for_other_names_fails(account):
    account.data["apis"]["web"]["domain"]["certificate_arn"] = account.session.client("acm").request_certificate(
        DomainName="www.example.com", SubjectAlternativeNames=["*.www.example.com"])["CertificateArn"]
    found = finding(account.preflight(), "AG914")
    assert "is for `www.example.com`, `*.www.example.com`, which does not cover `api.example.com`" in found.message


@pytest.mark.parametrize(("names", "domain", "covered"), [
    (["api.example.com"], "api.example.com", True),
    (["API.Example.com."], "api.example.com", True),
    (["example.com", "*.example.com"], "api.example.com", True),
    (["*.example.com"], "example.com", False),  # a wildcard needs a label in its place
    (["*.example.com"], "v1.api.example.com", False),  # and covers one label only
    (["www.example.com"], "api.example.com", False),
])
def test_what_a_certificate_covers(names, domain, covered):
    assert covers(names, domain) is covered


# --- refusals (AG910) -------------------------------------------------------------------------------------

def test_a_refused_kind_is_skipped_once_and_the_others_still_run(account):
    denied = {"Error": {"Code": "AccessDeniedException", "Message": "not authorized: ssm:DescribeParameters"}}
    answer(account.session, "ssm.DescribeParameters", 400, denied)
    account.data["hosted_zones"]["inner"]["id"] = "ZNOSUCHZONE"
    result = account.preflight()
    assert ids(result) == ["AG910", "AG913"]
    skipped = account.at(result, "AG910", "name: /team/api-key", "/team/api-key")
    assert skipped.message == ("could not check the referenced parameters: AccessDeniedException: not "
                               "authorized: ssm:DescribeParameters")
