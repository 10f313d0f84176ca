"""Every Fargate task's code, run the way Fargate runs the committed generated task definition.

Constraints come from the generated files themselves (docker/<task>.Dockerfile, terraform/ecs.tf) and inputs
from the generated state machine's container overrides; AWS is moto_server. A change to the Dockerfile or the
task definition that breaks the code at run time (a read-only root, a /tmp the user cannot write, a missing
variable) fails here, as the old problem-runner image does.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest
import yaml
from container import Container, task_container
from overrides import ECS_OVERRIDES_LIMIT, container_overrides, environment_of, overrides_length
from runtime_support import REPO, checked, ecs_secrets, platform_env, references
from sandbox import SITE_PACKAGES, copy_context, installed, requirement_lines, run

GENERATED = REPO / "generated"
FIXTURES = Path(__file__).parent / "fixtures"
COVERED = {("problem_service", "problem-runner"), ("problem_service", "problem-generator"),
           ("nightly_batch", "extractor"), ("nightly_batch", "loader")}


def test_every_task_of_every_committed_spec_is_run_here():
    tasks = {(spec.stem, name) for spec in sorted((REPO / "specs").glob("*.yaml"))
             for name in (yaml.safe_load(spec.read_text()).get("tasks") or {})}
    assert tasks == COVERED


class Task:
    """One task of a committed spec: its container as generated, its code and requirements mounted."""

    def __init__(self, spec: str, name: str, tmp_path: Path, dockerfile: Path | None = None) -> None:
        self.service = checked(f"specs/{spec}.yaml")
        self.task = self.service.by_name["task", name]
        root = GENERATED / self.service.spec.service
        self.asl_dir = root / "statemachines"
        self.container: Container = task_container(
            dockerfile or root / "docker" / f"{name}.Dockerfile", root / "terraform" / "ecs.tf", name,
            references(self.service))
        source = REPO / self.task.spec.source
        self.binds = {
            self.container.image.workdir: copy_context(source, tmp_path / "context"),
            SITE_PACKAGES: installed(requirement_lines(source / "requirements.txt"), "task"),
        }
        self.scratch = tmp_path / "scratch"
        self.region = self.service.spec.region

    def overrides(self, state_machine: str, state: str, state_input: dict, execution: str = "run-1",
                  task_token: str = "") -> list:
        asl = json.loads((self.asl_dir / f"{state_machine}.asl.json").read_text())
        context = {"Execution": {"Name": execution}, "Task": {"Token": task_token}}
        return container_overrides(asl, state, state_input, context)

    def run(self, endpoint: str, overrides: dict[str, str] | None = None, aws=None, **kwargs):
        """Run it; `aws` (the moto client factory) reads the task definition's `secrets` as ECS does."""
        assert aws is not None or not self.container.secrets, "the task has `secrets`: pass aws to read them"
        secrets = ecs_secrets(self.container.secrets, aws, self.region) if self.container.secrets else {}
        env = {**platform_env(endpoint, self.region), **secrets, **(overrides or {})}
        return run(self.container, self.binds, env, self.scratch, **kwargs)


def test_constraints_come_from_the_generated_files(tmp_path, moto_endpoint):
    task = Task("problem_service", "problem-runner", tmp_path)
    probe = """if True:
        import json, os, tempfile
        def writable(path):
            try:
                with open(os.path.join(path, "probe"), "w"):
                    return True
            except OSError:
                return False
        stat = os.stat("/tmp")
        print(json.dumps({"uid": os.getuid(), "gid": os.getgid(), "cwd": os.getcwd(),
                          "root": writable("/"), "app": writable("/app"), "tmp": writable("/tmp"),
                          "tmp_mode": oct(stat.st_mode & 0o7777), "tmp_owner": stat.st_uid,
                          "tempdir": tempfile.gettempdir(), "bucket": os.environ.get("GRADER_OUTPUT_BUCKET"),
                          "visible": sorted(os.listdir("/"))}))
    """
    result = task.run(moto_endpoint, command=["python", "-c", probe])
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    bucket = task.service.by_name["bucket", "grader-output"].aws_name
    assert (facts["uid"], facts["gid"], facts["cwd"]) == (10001, 10001, "/app")
    assert (facts["root"], facts["app"], facts["tmp"]) == (False, False, True)
    assert (facts["tmp_mode"], facts["tmp_owner"], facts["tempdir"]) == ("0o1777", 0, "/tmp")
    assert facts["bucket"] == bucket
    assert "work" not in facts["visible"] and "root" not in facts["visible"]


def test_the_old_runner_image_cannot_create_a_temporary_file(tmp_path, aws, moto_endpoint):
    old = FIXTURES / "old-problem-runner.Dockerfile"
    task = Task("problem_service", "problem-runner", tmp_path, dockerfile=old)
    assert [(m.path, m.uid, oct(m.mode)) for m in task.container.mounts] == [("/tmp", 0, "0o755")]
    env = {"SUBMISSION_ID": "s1", "SUBMISSION_CODE": "print(1)", "TEST_CASES": '[{"expected": "1"}]'}
    result = task.run(moto_endpoint, env)
    assert result.returncode != 0
    assert "No usable temporary directory found" in result.stderr


def test_problem_runner_grades_a_large_submission_passed_by_reference(tmp_path, aws, moto_endpoint):
    task = Task("problem_service", "problem-runner", tmp_path)
    bucket = task.service.by_name["bucket", "grader-output"].aws_name
    s3 = aws("s3", task.region)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": task.region})
    code = "# padding\n" * 5000 + "print(sum(int(x) for x in input().split()))\n"
    cases = [{"name": f"c{i}", "input": f"{i} {i}\n", "expected": f"{2 * i}\n"} for i in range(40)]
    submission = {"code": code, "test_cases": cases, "time_limit_seconds": 5}
    s3.put_object(Bucket=bucket, Key="submissions/s1.json", Body=json.dumps(submission).encode())

    overrides = task.overrides("problem-grader", "run_submission",
                               {"submission_id": "s1", "submission_key": "submissions/s1.json"})
    assert len(json.dumps(submission)) > ECS_OVERRIDES_LIMIT > overrides_length(overrides)
    result = task.run(moto_endpoint, environment_of(overrides, "problem-runner"))
    assert result.returncode == 0, result.stderr
    stored = json.loads(s3.get_object(Bucket=bucket, Key="results/s1.json")["Body"].read())
    assert [c["actual"] for c in stored["cases"]] == [c["expected"] for c in cases]
    assert json.loads(result.stdout)["exited_cleanly"] == len(cases)


def test_problem_generator_stores_a_problem(tmp_path, aws, moto_endpoint):
    task = Task("problem_service", "problem-generator", tmp_path)
    table = task.service.by_name["table", "problems"].aws_name
    aws("dynamodb", task.region).create_table(
        TableName=table, KeySchema=[{"AttributeName": "problem_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "problem_id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    # Nothing starts this task yet: the overrides are what a RunTask call would pass.
    result = task.run(moto_endpoint, {"TOPIC": "reverse", "DIFFICULTY": "medium", "SEED": "7"})
    assert result.returncode == 0, result.stderr
    problem_id = json.loads(result.stdout)["problem_id"]
    item = aws("dynamodb", task.region).get_item(TableName=table, Key={"problem_id": {"S": problem_id}})["Item"]
    assert item["topic"] == {"S": "reverse"} and item["status"] == {"S": "ready"}


def test_extractor_shards_the_records_the_workflow_names(tmp_path, aws, moto_endpoint):
    task = Task("nightly_batch", "extractor", tmp_path)
    bucket = task.service.by_name["bucket", "staging-area"].aws_name
    s3 = aws("s3", task.region)
    s3.create_bucket(Bucket=bucket)
    records = [{"id": n, "email": f"User{n}@Example.com"} for n in range(2500)]
    s3.put_object(Bucket=bucket, Key="incoming/day.json", Body=json.dumps(records).encode())
    # Set out of band, as docs/spec.md says: Terraform created the secret without a value.
    secret = task.service.by_name["secret", "pseudonym-key"].aws_name
    aws("secretsmanager", task.region).create_secret(Name=secret, SecretString="k3y-for-pseudonyms")
    assert task.container.secrets == {"PSEUDONYM_KEY": secret}  # the generated valueFrom, not the value
    overrides = task.overrides("nightly", "extract", {"records_key": "incoming/day.json"},
                               task_token="a-task-token")
    environment = environment_of(overrides, "extractor")
    assert environment["TASK_TOKEN"] == "a-task-token"  # a callback task: the result goes back with it
    result = task.run(moto_endpoint, environment, aws=aws)
    assert result.returncode == 0, result.stderr
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="shards/")["Contents"]]
    assert keys == ["shards/00000.json", "shards/00001.json", "shards/00002.json"]
    first = json.loads(s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read())[0]
    expected = hmac.new(b"k3y-for-pseudonyms", b"user0@example.com", hashlib.sha256).hexdigest()
    assert first == {"id": 0, "email": expected}
    assert json.loads(result.stdout) == {"shards": 3, "shard_list": [{"key": k} for k in keys], "skip": False}


def test_loader_records_progress_with_the_task_definitions_command(tmp_path, aws, moto_endpoint):
    task = Task("nightly_batch", "loader", tmp_path)
    assert task.container.command == ["python", "main.py", "--batch"]  # from the task definition
    bucket = task.service.by_name["bucket", "staging-area"].aws_name
    table = task.service.by_name["table", "runs"].aws_name
    s3, dynamodb = aws("s3", task.region), aws("dynamodb", task.region)
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="shards/00000.json", Body=json.dumps([{"id": 1}, {"id": 2}]).encode())
    dynamodb.create_table(TableName=table, KeySchema=[{"AttributeName": "run_id", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "run_id", "AttributeType": "S"}],
                          BillingMode="PAY_PER_REQUEST")
    parameter = task.service.by_name["parameter", "dataset-version"].aws_name
    aws("ssm", task.region).put_parameter(Name=parameter, Value="2026-11", Type="String")
    assert task.container.env["DATASET_VERSION_PARAMETER"] == parameter  # its name, read at run time
    overrides = task.overrides("nightly", "load_all", {}, execution="night-42")
    result = task.run(moto_endpoint, environment_of(overrides, "loader"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"loaded": 2, "batch": True}
    item = dynamodb.get_item(TableName=table, Key={"run_id": {"S": "night-42"}})["Item"]
    assert item["loaded"] == {"N": "2"} and item["dataset_version"] == {"S": "2026-11"}


@pytest.mark.parametrize("spec", ["problem_service", "nightly_batch"])
def test_every_task_image_leaves_tmp_writable_for_its_user(spec, tmp_path):
    service = checked(f"specs/{spec}.yaml")
    for task in service.tasks:
        root = GENERATED / service.spec.service
        container = task_container(root / "docker" / f"{task.name}.Dockerfile", root / "terraform" / "ecs.tf",
                                   task.name, references(service))
        assert container.read_only_root
        (tmp,) = [m for m in container.mounts if m.path == "/tmp"]
        user = container.image.user
        assert user and user[0] != 0, f"{task.name} runs as root"
        assert tmp.mode & 0o002 or (tmp.uid == user[0] and tmp.mode & 0o200), f"{task.name}: {tmp}"
