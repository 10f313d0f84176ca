"""What every kind of resource is made of: addresses, the parts kinds share, and the Kind interface.

A kind (function, table, queue, ...) is one module under `alpaco_gen/kinds/` with one `Kind` subclass. It owns
its spec section and model, its AWS names and their limits, the Terraform resources it plans, the access levels
`uses:` may ask of it and the statements each grants, the environment variable a link sets, the VPC endpoint its
callers need and its templates. Everything else loops over the registry (`alpaco_gen.kinds.KINDS`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.records import record

if TYPE_CHECKING:
    from alpaco_gen.kinds.iam import Call, Role, Statement
    from alpaco_gen.resolve.context import Context


@record
class Address:
    """A Terraform address, `aws_lambda_function.grader`; `address.arn` is the HCL expression of an attribute."""

    tf_type: str
    tf_name: str
    tf_data: bool = False  # a data source

    def __str__(self) -> str:
        return f"{'data.' if self.tf_data else ''}{self.tf_type}.{self.tf_name}"

    def __getattr__(self, attribute: str) -> str:
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        return f"{self}.{attribute}"

    def interpolated(self, attribute: str) -> str:
        """The attribute inside a quoted HCL string: `${aws_s3_bucket.x.arn}`."""
        return "${" + f"{self}.{attribute}" + "}"


def tf_id(name: str) -> str:
    """A spec name as a Terraform identifier: `problem-grader` -> `problem_grader`."""
    return name.replace("-", "_")


def env_prefix(name: str) -> str:
    """A spec name as the start of an environment variable: `problem-grader` -> `PROBLEM_GRADER`."""
    return name.upper().replace("-", "_")


@record
class Names:
    """AWS naming of one service: `<project>-<service>-<name>-<environment>` unless a kind says otherwise."""

    project: str
    service: str
    environment: str

    @property
    def prefix(self) -> str:
        return f"{self.project}-{self.service}"

    def resource(self, name: str) -> str:
        return f"{self.prefix}-{name}-{self.environment}"

    def service_wide(self) -> str:
        """Names of things the service has one of (VPC, ECS cluster, KMS alias)."""
        return f"{self.prefix}-{self.environment}"

    def role(self, purpose: str, name: str) -> str:
        """IAM role names: the resource name plus what the role is for (`-fn`, `-task`, `-exec`, `-sfn`)."""
        return f"{self.resource(name)}-{purpose}"


@record
class Planned:
    """One Terraform resource the generated root creates, and whose it is."""

    address: Address
    path: SpecPath
    name: str  # the spec name it derives from, for messages
    owner: str = ""  # `function \`grader\``, for messages
    aws_name: str = ""  # the name AWS knows it by, when preflight can look it up
    lookup: str = ""  # which preflight lookup finds it by that name: function, role, log_group, ...
    shared: bool = False  # service-wide, named by the generator rather than after a resource of the spec


@record
class GeneratedName:
    """An AWS name the generator derives, with the length AWS allows (rule AG803 checks them)."""

    def __iter__(self) -> Iterator[Any]:
        return iter((self.name, self.what, self.limit, self.path))

    name: str
    what: str
    limit: int
    path: SpecPath


@record
class LogGroup:
    address: Address
    name: str
    retention_days: int


@record
class Output:
    name: str
    value: str  # HCL expression
    description: str = ""


@record
class Link:
    """The environment variable a `uses:` entry sets: its name and the HCL expression of its value."""

    name: str
    value: str


@record
class Placement:
    """Where a function or task runs in the VPC: its subnets and security groups (resolved objects)."""

    subnets: tuple[Any, ...] = ()
    security_groups: tuple[Any, ...] = ()


@record
class Deployed:
    """What deployed values look like in the spec's region: for sizes of values Terraform fills in."""

    region: str
    partition: str
    api_host: str  # an execute-api host name of the region: API ids have 10 characters
    account_id: str = "123456789012"


@record
class ImageUse:
    """A function or task that runs an image of a repository of the spec."""

    repository: str
    tag: str
    lambda_function: str = ""  # the AWS name of an image function: Lambda pulls its image itself


@record
class Drawn:
    """How `alpaco-gen graph` draws the resources of a kind: node id prefix, Mermaid shape (`%s` is the label),
    Graphviz shape."""

    prefix: str
    mermaid: str
    dot: str


@record
class Arrow:
    """A relation the diagram draws between two resources, each (kind, resolved object)."""

    source: tuple[str, Any]
    target: tuple[str, Any]
    label: str = ""
    dotted: bool = False  # not a call: dead letters, failure destinations


class Kind:
    """One kind of resource. Subclasses set the class attributes and override what applies to them."""

    key: ClassVar[str]  # how references, `uses:` and messages name it: `state_machine`
    section: ClassVar[tuple[str, ...]]  # where the spec declares them: ("state_machines",)
    spec_model: ClassVar[type[BaseModel] | None] = None  # the model of one entry, a map under `section`
    description: ClassVar[str] = ""  # of the spec section
    doc_models: ClassVar[tuple[Any, ...]] = ()  # models docs/spec.md documents for it, in order
    single: ClassVar[bool] = False  # the spec holds one (`network:`), not a map of named ones
    needs: ClassVar[tuple[str, ...]] = ()  # kinds it points at, resolved before it
    templates: ClassVar[tuple[str, ...]] = ()  # terraform/<file> it renders when the service has any
    drawn: ClassVar[Drawn | None] = None  # a node per resource in `alpaco-gen graph`; None: not drawn
    access: ClassVar[tuple[str, ...]] = ()  # access levels `uses:` may ask for; () = not a `uses:` target
    # the access level an AWS service delivering to it needs (schedules, event rules, notifications,
    # destinations grant it with `grants`, or add it to the resource's policy); "" = not a delivery target
    delivery_access: ClassVar[str] = ""
    # what an AWS service may call on it through its resource policy (queues, topics: `kinds/delivery.py`);
    # () = services reach it through a role or a Lambda permission
    delivery_actions: ClassVar[tuple[str, ...]] = ()
    use_options: ClassVar[tuple[str, ...]] = ()  # `uses:` options it takes (`prefix`), passed as keywords
    link_suffix: ClassVar[str] = ""  # `uses:` sets <NAME>_<link_suffix>
    called_api: ClassVar[str] = ""  # the AWS API a `uses:` target is called through, for messages
    endpoint: ClassVar[str | None] = None  # the `network.endpoints` entry that reaches that API without NAT

    @classmethod
    def entries(cls, spec: Any) -> Mapping[str, Any]:
        """name -> spec entry of every resource of this kind the spec declares."""
        node: Any = spec
        for part in cls.section:
            node = getattr(node, part, None) if node is not None else None
        return node or {}

    def resolve(self, ctx: Context) -> Mapping[str, Any]:
        """name -> resolved object; report references that point nowhere through `ctx`."""
        raise NotImplementedError

    def images(self, ctx: Context) -> Iterator[ImageUse]:
        """The container images resources of this kind run, before anything is resolved."""
        return iter(())

    # What the resources of this kind add to the service, given all of them (a kind may add shared resources
    # once, such as the ECS cluster of all tasks).
    def planned(self, objs: tuple[Any, ...]) -> Iterator[Planned]:
        return iter(())

    def generated_names(self, objs: tuple[Any, ...]) -> Iterator[GeneratedName]:
        return iter(())

    def roles(self, objs: tuple[Any, ...]) -> Iterator[Role]:
        return iter(())

    def log_groups(self, objs: tuple[Any, ...]) -> Iterator[LogGroup]:
        return iter(())

    def outputs(self, objs: tuple[Any, ...]) -> Iterator[Output]:
        return iter(())

    def with_inbound(self, obj: Any, statements: tuple[Statement, ...]) -> Any:
        """`obj` with the statements other resources added to its resource policy (`Context.allow_on`)."""
        raise TypeError(f"a {self.key} has no resource policy to add {statements[0].sid} to")

    def arrows(self, objs: tuple[Any, ...]) -> Iterator[Arrow]:
        """Relations the diagram draws besides `uses:`, routes and steps: subscriptions, event sources, ..."""
        return iter(())

    def calls(self, objs: tuple[Any, ...], service: Any) -> Iterator[Call]:
        """The calls the resources of this kind make at run time (their roles, and services on their behalf)."""
        return iter(())

    def use_calls(self, obj: Any, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        """(action, ARN, condition keys) of the calls code makes on `obj` with this `uses:` access level."""
        return []

    def arns(self, objs: tuple[Any, ...]) -> Iterator[tuple[str, str]]:
        """(Terraform reference, the ARN it stands for): how the access simulation matches references to ARNs."""
        return iter(())

    def resource_policies(self, objs: tuple[Any, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        """(ARN, statements) of the resource policies the generated Terraform attaches."""
        return iter(())

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        """The statements a `uses:` entry with this access level grants on resource `name`.

        Built from the name, not the resolved object: a function may use one resolved after it.
        """
        return []

    def link(self, ctx: Context, name: str) -> str:
        """The HCL expression a `uses:` link to resource `name` sets its environment variable to."""
        raise NotImplementedError

    def deployed_link(self, obj: Any, deployed: Deployed) -> str:
        """The value that link will have once deployed, as AWS spells it (rule AG210 sums their sizes)."""
        raise NotImplementedError

    def ecs_target(self, obj: Any) -> Any:
        """The ECS parameters of a schedule or rule delivering to `obj` (`targets.EcsTarget`); None: not a task."""
        return None

    def target_arn(self, obj: Any) -> str:
        """HCL expression of the ARN a schedule or an event rule delivers to (a task: the cluster it runs in)."""
        return str(obj.address.arn)

    def links(self, ctx: Context, name: str) -> dict[str, str]:
        """Every environment variable a `uses:` entry naming resource `name` sets: name -> HCL expression.

        Most kinds set one (`link_name` -> `link`); a kind whose callers need several values (a task: its
        cluster, definition, subnets and security groups for RunTask) overrides this and `deployed_links`.
        """
        return {self.link_name(name): self.link(ctx, name)}

    def deployed_links(self, obj: Any, deployed: Deployed) -> dict[str, str]:
        """The values of `links` once deployed, as AWS spells them (rule AG208 sums their sizes)."""
        return {self.link_name(obj.name): self.deployed_link(obj, deployed)}

    @classmethod
    def link_name(cls, name: str) -> str:
        """The environment variable a `uses:` entry sets: `{table: orders}` -> ORDERS_TABLE."""
        return f"{env_prefix(name)}_{cls.link_suffix}"
