"""Pydantic models of service.yaml, version 1: structure, types and enums only.

Everything that needs more than one field, another resource or AWS knowledge is a rule (alpaco_gen.rules)
or a reference check (alpaco_gen.resolve). Field names are the spec's public contract.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

# A name of a resource in the spec: it becomes part of AWS names and Terraform addresses.
NAME_PATTERN = r"^[a-z][a-z0-9_-]*$"
ENV_NAME_PATTERN = r"^[a-z][a-z0-9]*$"

Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
Ref = str  # a name used to point at another resource; resolve checks it exists


def _scalar_to_text(value: object) -> object:
    """YAML reads `PORT: 8080` and `DEBUG: true` as numbers and booleans; AWS wants their text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_scalar_to_text, json_schema_input_type=str | int | float | bool)]
Architecture = Literal["x86_64", "arm64"]
Access = Literal["read", "write", "read_write", "start", "invoke", "manage_connections"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Suppressible(Strict):
    ignore: list[str] = Field(default_factory=lambda: [],
                              description="Rule ids or names not to report for this resource.")


class Account(Strict):
    api_gateway_cloudwatch_role: Literal["create", "existing", "none"] = Field(
        "none",
        description="The account-and-region-wide CloudWatch Logs role of API Gateway, needed for WebSocket stage "
        "logging: `create` (Terraform owns it), `existing` (set up already; preflight checks it) or `none`.",
    )


class LocalBackend(Strict):
    path: str | None = Field(None, description="State file path; Terraform's default when omitted.")


class S3Backend(Strict):
    bucket: str = Field(description="Existing bucket that holds the state.")
    key: str = Field(description="Object key of the state file.")
    region: str | None = Field(None, description="Bucket region; the spec's region when omitted.")
    use_lockfile: bool = Field(True, description="S3-native state locking (Terraform >= 1.10).")
    encrypt: bool = True


class Backend(Strict):
    local: LocalBackend | None = None
    s3: S3Backend | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Backend:
        if (self.local is None) == (self.s3 is None):
            raise ValueError("set exactly one of `local` or `s3`")
        return self


class TerraformSettings(Strict):
    required_version: str = Field(">= 1.6", description="Terraform version constraint.")
    aws_provider: str = Field("~> 6.0", description="hashicorp/aws version constraint.")
    backend: Backend = Field(default_factory=lambda: Backend(local=LocalBackend()))


class Lint(Strict):
    ignore: list[str] = Field(default_factory=lambda: [], description="Rule ids or names not to report anywhere.")


class Subnet(Strict):
    cidr: str = Field(description="IPv4 CIDR block inside the VPC CIDR.")
    az: str = Field(description="Availability zone letter (`a`, `b`, ...) in the spec's region.")
    public: bool = Field(False, description="Routed to the internet gateway; NAT gateways live here.")


class SecurityGroupRule(Strict):
    cidr: str | None = Field(None, description="IPv4 CIDR the rule allows.")
    security_group: Ref | None = Field(None, description="Another security group of the spec.")
    ports: Literal["all"] | list[int | str] = Field(
        description="`all`, or ports and ranges: `[443, \"8000-8100\"]`."
    )
    protocol: Literal["tcp", "udp", "icmp", "all"] = "tcp"
    description: str | None = None

    @model_validator(mode="after")
    def _one_peer(self) -> SecurityGroupRule:
        if (self.cidr is None) == (self.security_group is None):
            raise ValueError("set exactly one of `cidr` or `security_group`")
        return self


class SecurityGroup(Suppressible):
    description: str | None = None
    ingress: list[SecurityGroupRule] = Field(default_factory=lambda: [])
    egress: list[SecurityGroupRule] = Field(default_factory=lambda: [])
    allow_public_ingress: bool = Field(False, description="Allow ingress from 0.0.0.0/0 on purpose.")


Endpoint = Literal["s3", "dynamodb", "ecr_api", "ecr_dkr", "logs", "sts", "states", "secretsmanager", "ssm"]


class Network(Strict):
    cidr: str = Field(description="VPC IPv4 CIDR block.")
    nat: Literal["none", "single", "per_az"] = Field("none", description="NAT gateways for private subnets.")
    subnets: dict[Name, Subnet] = Field(default_factory=lambda: {})
    endpoints: list[Endpoint] = Field(default_factory=lambda: [], description="VPC endpoints to create.")
    security_groups: dict[Name, SecurityGroup] = Field(default_factory=lambda: {})
    flow_logs_retention_days: int = Field(365, description="Retention of the VPC flow log group.")


class RepositoryStatement(Strict):
    sid: str | None = None
    effect: Literal["Allow", "Deny"] = "Allow"
    service_principals: list[str] = Field(default_factory=lambda: [])
    aws_principals: list[str] = Field(default_factory=lambda: [])
    actions: list[str]


class Repository(Suppressible):
    keep_last: int | None = Field(None, ge=1, description="Lifecycle policy: keep the newest N images.")
    scan_on_push: bool = True
    policy: list[RepositoryStatement] | None = Field(
        None, description="Replaces the generated repository policy (the pull grant for Lambda)."
    )


class GlobalIndex(Strict):
    hash_key: str
    range_key: str | None = None
    projection: Literal["all", "keys_only"] | list[str] = "all"


class Table(Suppressible):
    hash_key: str
    range_key: str | None = None
    attributes: dict[str, str] = Field(description="Key attribute types: S, N or B.")
    indexes: dict[Name, GlobalIndex] = Field(default_factory=lambda: {}, description="Global secondary indexes.")
    ttl: str | None = Field(None, description="Time-to-live attribute (not a key).")
    point_in_time_recovery: bool = True
    stream: Literal["keys_only", "new_image", "old_image", "new_and_old_images"] | None = None


class Bucket(Suppressible):
    versioning: bool = False
    expire_days: int | None = Field(None, ge=1, description="Expire objects after N days.")
    force_destroy: bool = False


class Image(Strict):
    repository: Ref = Field(description="A repository of the spec's `repositories`.")
    tag: str = Field("latest", description="Tag pushed by the build script and read at plan time.")
    python: str = Field("3.12", description="Python version of the generated Dockerfile's base image.")
    handler: str = Field("app.handler", description="Functions: the handler, written as the image's CMD.")
    pin_digest: bool = Field(
        True, description="Deploy the digest the tag points to at plan time (a missing image fails the plan); "
        "`false` deploys the tag itself.")


class Use(Strict):
    table: Ref | None = None
    bucket: Ref | None = None
    api: Ref | None = None
    state_machine: Ref | None = None
    function: Ref | None = None
    access: Access

    @model_validator(mode="after")
    def _one_target(self) -> Use:
        targets = [k for k in ("table", "bucket", "api", "state_machine", "function") if getattr(self, k)]
        if len(targets) != 1:
            raise ValueError("set exactly one of table, bucket, api, state_machine or function")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in ("table", "bucket", "api", "state_machine", "function") if getattr(self, k))

    @property
    def target(self) -> str:
        return getattr(self, self.kind)


class Function(Suppressible):
    description: str | None = None
    source: str = Field(description="Source folder, relative to the repository root (e.g. backend/lambdas/x).")
    runtime: str | None = Field(None, description="Zip functions: Lambda runtime, e.g. python3.12.")
    handler: str | None = Field(None, description="Zip functions: module.function.")
    image: Image | None = Field(None, description="Container image function: ECR repository and tag.")
    architecture: Architecture = "x86_64"
    memory: int = Field(128, description="MB, 128-10240.")
    timeout: int = Field(3, description="Seconds, 1-900.")
    ephemeral_storage: int = Field(512, description="/tmp size in MB, 512-10240.")
    reserved_concurrency: int | None = None
    environment: dict[str, Text] = Field(default_factory=lambda: {})
    subnets: list[Ref] = Field(default_factory=lambda: [])
    security_groups: list[Ref] = Field(default_factory=lambda: [])
    uses: list[Use] = Field(default_factory=lambda: [])
    log_retention_days: int = 365
    role_arn: str | None = Field(None, description="Use this existing execution role instead of a generated one.")


class Task(Suppressible):
    description: str | None = None
    source: str
    image: Image
    architecture: Architecture = "x86_64"
    cpu: int = 256
    memory: int = 512
    command: list[str] | None = None
    environment: dict[str, Text] = Field(default_factory=lambda: {})
    subnets: list[Ref] = Field(default_factory=lambda: [])
    security_groups: list[Ref] = Field(default_factory=lambda: [])
    uses: list[Use] = Field(default_factory=lambda: [])
    log_retention_days: int = 365
    execution_role_arn: str | None = Field(None, description="Use this existing execution role (ECR pull, logs).")


class RouteTarget(Strict):
    function: Ref | None = None
    state_machine: Ref | None = None
    timeout_ms: int | None = Field(None, description="Integration timeout; HTTP <= 30000, WebSocket <= 29000.")
    authorization: Literal["none", "iam"] = Field("none", description="`iam`: callers sign requests (SigV4).")

    @model_validator(mode="after")
    def _one_target(self) -> RouteTarget:
        if (self.function is None) == (self.state_machine is None):
            raise ValueError("set exactly one of `function` or `state_machine`")
        return self


class Api(Suppressible):
    protocol: Literal["http", "websocket"]
    description: str | None = None
    route_selection: str | None = Field(None, description="WebSocket route selection expression.")
    logging: Literal["off", "error", "info"] = Field("off", description="Stage execution logging (WebSocket).")
    throttle_burst: int = 100
    throttle_rate: float = 50
    routes: dict[str, RouteTarget] = Field(default_factory=lambda: {})


class Retry(Strict):
    errors: list[str]
    interval_seconds: int | None = None
    max_attempts: int | None = None
    backoff_rate: float | None = None


class Catch(Strict):
    errors: list[str]
    next: str
    result_path: str | None = None


class ChoiceRule(Strict):
    variable: str
    string_equals: str | None = None
    numeric_equals: float | None = None
    numeric_less_than: float | None = None
    numeric_greater_than: float | None = None
    boolean_equals: bool | None = None
    is_present: bool | None = None
    next: str

    @model_validator(mode="after")
    def _one_test(self) -> ChoiceRule:
        tests = [k for k in CHOICE_TESTS if getattr(self, k) is not None]
        if len(tests) != 1:
            raise ValueError(f"set exactly one comparison: {', '.join(CHOICE_TESTS)}")
        return self


CHOICE_TESTS = ("string_equals", "numeric_equals", "numeric_less_than", "numeric_greater_than",
                "boolean_equals", "is_present")


class DynamoDbCall(Strict):
    action: Literal["get_item", "put_item", "update_item", "delete_item"]
    table: Ref
    key: dict[str, str] | None = Field(None, description="Key attributes: name -> JSONPath or literal.")
    item: dict[str, str] | None = Field(None, description="put_item: attribute -> JSONPath or literal.")
    update_expression: str | None = None
    values: dict[str, str] | None = Field(None, description="update_item: ExpressionAttributeValues.")


StateType = Literal["task", "succeed", "fail", "choice", "map", "pass", "wait", "parallel"]


class State(Strict):
    type: StateType | None = Field(None, description="Inferred as `task` when function/task/dynamodb is set.")
    comment: str | None = None
    function: Ref | None = Field(None, description="Invoke this Lambda function.")
    task: Ref | None = Field(None, description="Run this ECS task and wait for it (.sync).")
    dynamodb: DynamoDbCall | None = None
    next: str | None = None
    end: bool = False
    timeout: int | None = Field(None, description="TimeoutSeconds of a task state.")
    retry: list[Retry] = Field(default_factory=lambda: [])
    catch: list[Catch] = Field(default_factory=lambda: [])
    input_path: str | None = None
    result_path: str | None = None
    output_path: str | None = None
    result: dict[str, str | int | float | bool] | None = Field(None, description="Pass state result.")
    choices: list[ChoiceRule] = Field(default_factory=lambda: [])
    default: str | None = None
    items_path: str | None = None
    iterator: StateGraph | None = None
    max_concurrency: int | None = None
    branches: list[StateGraph] = Field(default_factory=lambda: [])
    seconds: int | None = None
    timestamp_path: str | None = None
    error: str | None = None
    cause: str | None = None

    @property
    def kind(self) -> str:
        if self.type:
            return self.type
        return "task" if (self.function or self.task or self.dynamodb) else "pass"


class StateGraph(Strict):
    start: str
    states: dict[str, State]


class StateMachine(StateGraph, Suppressible):
    comment: str | None = None
    type: Literal["standard", "express"] = "standard"
    timeout: int | None = Field(None, description="TimeoutSeconds of the whole execution.")
    logging: Literal["off", "error", "all"] = "error"
    log_retention_days: int = 365


class Spec(Strict):
    """A whole service.yaml."""

    version: Literal[1]
    project: str = Field(pattern=NAME_PATTERN, description="Project prefix of every AWS name.")
    service: str = Field(pattern=NAME_PATTERN)
    environment: str = Field(pattern=ENV_NAME_PATTERN, description="Deployment environment, e.g. dev, prod.")
    region: str
    description: str | None = None
    source_root: str = Field(
        "..", description="Folder that `source` paths are relative to, relative to this spec file's folder."
    )
    tags: dict[str, Text] = Field(default_factory=lambda: {}, description="Tags on every resource.")
    account: Account = Field(default_factory=Account)
    terraform: TerraformSettings = Field(default_factory=TerraformSettings)
    lint: Lint = Field(default_factory=Lint)
    network: Network | None = None
    repositories: dict[Name, Repository] = Field(default_factory=lambda: {})
    tables: dict[Name, Table] = Field(default_factory=lambda: {})
    buckets: dict[Name, Bucket] = Field(default_factory=lambda: {})
    functions: dict[Name, Function] = Field(default_factory=lambda: {})
    tasks: dict[Name, Task] = Field(default_factory=lambda: {})
    apis: dict[Name, Api] = Field(default_factory=lambda: {})
    state_machines: dict[Name, StateMachine] = Field(default_factory=lambda: {})


State.model_rebuild()
